/**
 * The checks across files (src/core/project.ts) over a run's results, on the
 * main thread, after every file was linted (in any thread, or taken from the
 * cache). Each Kubernetes file takes part as compact objects (`LazyK8sFile`);
 * only a file a check reports into is parsed again, for ranges and inline
 * suppressions. The findings are merged into the files' results exactly as
 * `lintProject` merges them, and kept in the cache under a key made of every
 * member's content and config.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { EffectiveConfig } from '../core/config.js';
import type { LintResult } from '../core/engine.js';
import { fingerprintBase, rememberFingerprintBases } from '../core/fingerprint.js';
import { createHash } from '../core/lazy-builtins.js';
import { lintProject } from '../core/project.js';
import type { RuleRegistry } from '../core/registry.js';
import { decodeText, SourceText } from '../core/source.js';
import type { Finding } from '../core/types.js';
import type { K8sFile } from '../k8s/model.js';
import type { LintCache, ProjectDelta } from './cache.js';
import { displayPath, type Target } from './discover.js';
import type { LinkInputs } from './links.js';
import type { ProjectObject } from './lint-file.js';
import { LazyK8sFile, ModelLoader, type ReportedResult } from './results.js';

export interface ProjectMember {
  result: ReportedResult;
  config: EffectiveConfig;
  /** The compact objects a worker sent; absent for results from the cache (read again when needed). */
  objects?: ProjectObject[];
  /** Content hash and config digest, for the cache key (absent without `--cache`). */
  cacheKey?: string;
}

export interface ProjectStepInput {
  registry: RuleRegistry;
  members: readonly ProjectMember[];
  cwd: string;
  /** With `--changed-since`: manifests in the linted folders that did not change (read for reference). */
  unchangedManifests: readonly Target[];
  warn: (message: string) => void;
  cache: LintCache | null;
  /** drydock's version and rule set (part of the cache key). */
  toolKey: string;
  /** The project's build files and config `images:`, for the checks between manifests and Dockerfiles (absent: those checks do not run). */
  links?: LinkInputs;
}

/** Whether a file takes part in the checks across files (today: Kubernetes manifests). */
export function isProjectMember(result: LintResult): boolean {
  return result.language === 'k8s';
}

export async function projectStep(input: ProjectStepInput): Promise<void> {
  const members = input.members.filter((member) => isProjectMember(member.result));
  if (members.length === 0) return;
  const crdDirectories = new Set<string>();
  for (const { config } of members) {
    const directories = config.rules.get('k8s/schema')?.options.crdDirectories;
    if (Array.isArray(directories)) for (const directory of directories) if (typeof directory === 'string') crdDirectories.add(directory);
  }
  // Files read for reference (CRD folders, unchanged manifests) are not in the key: with them the results are not cached.
  const key =
    input.cache && crdDirectories.size === 0 && input.unchangedManifests.length === 0 && members.every((member) => member.cacheKey !== undefined)
      ? projectKey(`${input.toolKey}\0${input.links?.digest() ?? ''}`, members)
      : null;
  const cached = key !== null ? input.cache!.projectDeltas(key) : null;
  if (cached) {
    for (const { result } of members) {
      const delta = cached[result.file];
      if (delta) mergeDelta(result, delta);
    }
    return;
  }

  let referenceFiles: K8sFile[] = [];
  if (crdDirectories.size > 0) {
    const { readCrdDirectories } = await import('../k8s/schema/crd-directories.js');
    const read = readCrdDirectories([...crdDirectories], input.cwd);
    for (const error of read.errors) input.warn(error);
    referenceFiles = read.files;
  }
  const models = new ModelLoader();
  await models.ready();
  if (input.unchangedManifests.length > 0) {
    const { loadK8sFile } = await import('../k8s/loader.js');
    for (const target of input.unchangedManifests) {
      let decoded;
      try {
        decoded = decodeText(readFileSync(target.absolute));
      } catch {
        continue; // not linted either way; the checks across files go on without it
      }
      if (decoded.ok) referenceFiles.push(loadK8sFile(target.display, decoded.text));
    }
  }

  // Each member takes part through a result of its own, so that what the checks add can be told apart and cached.
  const shells = members.map((member) => {
    const { result, config, objects } = member;
    // The objects' JSON is the LazyK8sFile's from here: each value's text is freed once the checks parse it.
    member.objects = undefined;
    const text = () => result.textNow();
    const shell: LintResult = {
      file: result.file,
      language: 'k8s',
      get source() {
        return models.load(result.file, text).source;
      },
      findings: [],
      suppressed: [],
      parseErrorCount: 0,
      notes: [],
      internalErrors: [],
      model: new LazyK8sFile(result.file, text, models, objects),
    };
    return { result: shell, config };
  });
  // Loaded only when a cross rule is on: it brings the YAML parser for skaffold and compose files.
  const images = input.links
    ? (await import('../cross/project-images.js')).buildProjectImages({
        sources: input.links.sources,
        config: input.links.config,
        manifests: shells.flatMap((shell) => (shell.result.model ? [shell.result.model] : [])),
        display: (absolute) => displayPath(absolute, input.cwd),
        absolute: (file) => path.resolve(input.cwd, file),
      }).images
    : undefined;
  lintProject(input.registry, shells, { referenceFiles, images });

  const deltas: Record<string, ProjectDelta> = {};
  members.forEach(({ result }, i) => {
    const { findings, suppressed, internalErrors } = shells[i].result;
    if (findings.length === 0 && suppressed.length === 0 && internalErrors.length === 0) return;
    const delta: ProjectDelta = { findings, suppressed, internalErrors };
    if (key !== null && findings.length + suppressed.length > 0) {
      // Kept with the cached delta, so that a run that takes it from the cache reports without reading the file.
      const source = new SourceText(result.textNow());
      delta.fingerprints = [...findings, ...suppressed].map((finding) => fingerprintBase(finding, source));
    }
    deltas[result.file] = delta;
    mergeDelta(result, delta);
  });
  if (key !== null) input.cache!.storeProject(key, deltas);
}

function projectKey(toolKey: string, members: readonly ProjectMember[]): string {
  const hash = createHash('sha1').update(toolKey);
  for (const member of members) hash.update(`\0${member.result.file}\0${member.cacheKey}`);
  return hash.digest('base64');
}

/** As `lintProject` merges: appended, then the findings sorted again (a stable sort, so ties keep their order). */
function mergeDelta(result: LintResult, delta: ProjectDelta): void {
  if (delta.fingerprints) rememberFingerprintBases([...delta.findings, ...delta.suppressed], delta.fingerprints);
  if (delta.findings.length > 0) result.findings = [...result.findings, ...delta.findings].sort(compareFindings);
  if (delta.suppressed.length > 0) result.suppressed = [...result.suppressed, ...delta.suppressed];
  result.internalErrors.push(...delta.internalErrors);
}

function compareFindings(a: Finding, b: Finding): number {
  return a.range.start.offset - b.range.start.offset || a.range.end.offset - b.range.end.offset || a.ruleId.localeCompare(b.ruleId);
}
