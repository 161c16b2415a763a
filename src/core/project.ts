/**
 * Project rules: Kubernetes checks across the objects of every file linted
 * together (a Service and the pods it selects, an HPA and its target…).
 *
 * A project rule is a Kubernetes rule (same registry, config, aliases and
 * docs) with a `checkProject(context)` besides its per-file `check`. The CLI
 * lints every file with `deferProjectRules`, then calls `lintProject` once:
 * it indexes the objects of all results (the parsed models the results keep),
 * runs each project rule once over the index, and merges the findings into the
 * results of the files they point at, after those files' inline suppressions.
 * An editor calls `lintProjectTexts` with the workspace's (file, text) pairs.
 * A file linted without deferral is a project of its own.
 *
 * Cross rules (src/cross/) run in the same phase when the caller passes the
 * images linked to their Dockerfiles (`images`): they see the index and, for
 * each container, the facts of the image its Dockerfile builds.
 *
 * Options and settings: a project rule runs with the options of the first
 * file (in the order given) whose config enables it; each finding lands only
 * in a file whose config enables the rule, at that file's severity.
 */
import type { K8sFile, K8sObject, PathSegment, PodSpecRef } from '../k8s/model.js';
import { runCrossRules } from '../cross/run.js';
import type { ProjectImages } from '../cross/rule.js';
import { asRecord } from '../k8s/values.js';
import { podSpecOf } from '../k8s/workloads.js';
import type { EffectiveConfig } from './config.js';
import type { Language } from './detect.js';
import type { Linter, LintResult } from './engine.js';
import type { RuleRegistry } from './registry.js';
import type { AnyRule, K8sRule } from './rule.js';
import type { Range } from './source.js';
import { applySuppressions } from './suppressions.js';
import type { Fix, Finding, RelatedLocation, RuleMeta, RuleSettings, Severity } from './types.js';

/** A pod template (or a Pod) in the input, with the labels its pods get. */
export interface PodTemplate {
  object: K8sObject;
  pod: PodSpecRef;
  labels: Record<string, string>;
}

/** What project rules see: every object of the run, indexed. */
export interface ProjectIndex {
  /** Objects of the linted files, in file then document order. */
  readonly objects: readonly K8sObject[];
  /** Objects of the given kind (`Service`, `Deployment`…), of linted and reference files. */
  ofKind(kind: string): readonly K8sObject[];
  /** Objects with this kind and name whose namespace may be `namespace` (an unset namespace matches any). */
  find(kind: string, name: string, namespace: string | null): K8sObject[];
  /** Pods and pod templates of workloads (Deployment, StatefulSet, Job, CronJob…), of linted and reference files, with their labels. */
  readonly podTemplates: readonly PodTemplate[];
  /** Objects read only for reference (CRD directories from the config, unchanged or other shards' manifests): indexed, never reported into. */
  readonly referenceObjects: readonly K8sObject[];
  /** The settings of the file that holds the object. */
  settingsOf(object: K8sObject): RuleSettings;
}

export interface K8sProjectContext<O> {
  readonly options: Readonly<O>;
  readonly index: ProjectIndex;
  /** Reports at a field of an object; a missing field reports at its nearest parent. */
  reportAt(
    object: K8sObject,
    path: string | PathSegment[],
    descriptor: { message: string; part?: 'value' | 'key' | 'pair'; fix?: Fix; suggestions?: Fix[]; related?: RelatedLocation[]; severity?: Severity },
  ): void;
  /** A related location pointing at a field of another object. */
  relatedAt(object: K8sObject, path: string | PathSegment[], message: string, part?: 'value' | 'key' | 'pair'): RelatedLocation;
}

export interface K8sProjectRule<O extends object = Record<string, never>> extends K8sRule<O> {
  checkProject(context: K8sProjectContext<O>): void;
}

/** Defines a project rule; `check` (per file) is optional. */
export function defineK8sProjectRule<O extends object = Record<string, never>>(rule: {
  meta: RuleMeta<O>;
  check?: K8sRule<O>['check'];
  checkProject: K8sProjectRule<O>['checkProject'];
}): K8sProjectRule<O> {
  return { meta: { ...rule.meta, domain: 'k8s' }, check: rule.check ?? (() => {}), checkProject: rule.checkProject };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function isProjectRule(rule: AnyRule): rule is K8sProjectRule<any> {
  return typeof (rule as { checkProject?: unknown }).checkProject === 'function';
}

/** A linted file as project rules take it: its result (with the parsed model) and its config. */
export interface ProjectEntry {
  result: LintResult;
  config: EffectiveConfig;
}

export interface LintProjectOptions {
  /** Files read for reference only (CRDs from the config's schema directories). */
  referenceFiles?: readonly K8sFile[];
  /** The images linked to their Dockerfiles (src/cross/links.ts), for the cross rules; without them those rules do not run. */
  images?: ProjectImages;
}

/** One Kubernetes file for `runProjectRules`. */
export interface ProjectFile {
  file: string;
  model: K8sFile;
  config: EffectiveConfig;
}

/**
 * Runs the enabled project rules over the files and hands each finding to
 * `sink` with the file it belongs to. The engine calls it for a file linted
 * alone; `lintProject` for a whole run.
 */
export function runProjectRules(
  rules: readonly AnyRule[],
  files: readonly ProjectFile[],
  sink: (file: string, finding: Finding) => void,
  internalErrors: string[],
  options: LintProjectOptions = {},
): void {
  const projectRules = rules.filter(isProjectRule);
  if ((projectRules.length === 0 && !options.images) || files.length === 0) return;
  const byFile = new Map<string, ProjectFile>();
  for (const file of files) byFile.set(file.file, file);
  const index = buildIndex(files, options.referenceFiles ?? []);
  if (options.images) runCrossRules(rules, files, index, options.images, sink, internalErrors);
  // Ranges are found after all rules ran, file by file: locating a field may parse its file again
  // (src/cli/results.ts keeps few models), and every rule goes over all files in turn. Findings
  // and related locations get a placeholder range until then; nothing reads them before.
  const locator = new DeferredLocator(internalErrors);

  for (const rule of projectRules) {
    const runConfig = files.find((file) => file.config.rules.has(rule.meta.id));
    if (!runConfig) continue;
    const context: K8sProjectContext<object> = {
      options: runConfig.config.rules.get(rule.meta.id)!.options,
      index,
      reportAt: (object, path, descriptor) => {
        const active = byFile.get(object.file)?.config.rules.get(rule.meta.id);
        if (!active) return;
        const finding = findingAt(rule.meta.id, active.severity, object, UNLOCATED, descriptor);
        locator.request(rule.meta.id, object, path, descriptor.part, (range) => (finding.range = range));
        sink(object.file, finding);
      },
      relatedAt: (object, path, message, part) => {
        const related: RelatedLocation = { file: object.file, range: UNLOCATED, message };
        locator.request(rule.meta.id, object, path, part, (range) => (related.range = range));
        return related;
      },
    };
    try {
      rule.checkProject(context);
    } catch (error) {
      const detail = error instanceof Error ? (process.env.DRYDOCK_DEBUG ? error.stack ?? error.message : error.message) : String(error);
      internalErrors.push(`rule ${rule.meta.id} failed across files: ${detail}`);
    }
  }
  locator.resolve();
}

/** The range of findings across files until `DeferredLocator.resolve` sets theirs. */
const UNLOCATED: Range = Object.freeze({ start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } }) as Range;

/** Fields to locate, located file by file once the rules across files have run. */
class DeferredLocator {
  /** By file, in the order the files were first asked for; per object and field, the requests. */
  private readonly byFile = new Map<string, Map<K8sObject, Map<string, { ruleId: string; path: string | PathSegment[]; part: 'value' | 'key' | 'pair'; assign: Array<(range: Range) => void> }>>>();

  constructor(private readonly internalErrors: string[]) {}

  request(ruleId: string, object: K8sObject, path: string | PathSegment[], part: 'value' | 'key' | 'pair' = 'value', assign: (range: Range) => void): void {
    let objects = this.byFile.get(object.file);
    if (!objects) this.byFile.set(object.file, (objects = new Map()));
    let fields = objects.get(object);
    if (!fields) objects.set(object, (fields = new Map()));
    // The same field asked again (the CRD of every invalid custom resource) is located once.
    const key = `${part}\0${typeof path === 'string' ? path : JSON.stringify(path)}`;
    const field = fields.get(key);
    if (field) field.assign.push(assign);
    else fields.set(key, { ruleId, path, part, assign: [assign] });
  }

  resolve(): void {
    for (const objects of this.byFile.values()) {
      for (const [object, fields] of objects) {
        for (const { ruleId, path, part, assign } of fields.values()) {
          try {
            const { range } = object.locate(path, part);
            for (const set of assign) set(range);
          } catch (error) {
            const detail = error instanceof Error ? error.message : String(error);
            this.internalErrors.push(`rule ${ruleId} failed across files: ${detail}`);
          }
        }
      }
    }
    this.byFile.clear();
  }
}

/** A finding of a rule across files at `range` of `object`, from what the rule reported. */
export function findingAt(
  ruleId: string,
  severity: Severity,
  object: K8sObject,
  range: Range,
  descriptor: { message: string; fix?: Fix; suggestions?: Fix[]; related?: RelatedLocation[]; severity?: Severity },
): Finding {
  const finding: Finding = { ruleId, severity: descriptor.severity ?? severity, message: descriptor.message, file: object.file, range };
  if (descriptor.fix) finding.fix = descriptor.fix;
  if (descriptor.suggestions?.length) finding.suggestions = descriptor.suggestions;
  if (descriptor.related?.length) finding.related = descriptor.related;
  return finding;
}

/**
 * Runs the enabled project rules over the Kubernetes results of a run (linted
 * with `deferProjectRules`) and merges their findings into the results of the
 * files they point at, after the file's inline suppressions. Results without a
 * Kubernetes model (Dockerfiles, unreadable files) are ignored.
 */
export function lintProject(registry: RuleRegistry, entries: readonly ProjectEntry[], options: LintProjectOptions = {}): void {
  const k8sEntries = entries.filter((entry) => entry.result.model);
  if (k8sEntries.length === 0) return;
  const byFile = new Map(k8sEntries.map((entry) => [entry.result.file, entry] as const));
  const found = new Map<string, Finding[]>();
  const files = k8sEntries.map((entry) => ({ file: entry.result.file, model: entry.result.model!, config: entry.config }));
  runProjectRules(registry.rules, files, (file, finding) => {
    const list = found.get(file);
    if (list) list.push(finding);
    else found.set(file, [finding]);
  }, k8sEntries[0].result.internalErrors, options);
  for (const [file, findings] of found) {
    const { result, config } = byFile.get(file)!;
    // Only the suppressions' effect: findings about the suppressions themselves came with the file's own lint.
    const outcome = applySuppressions({
      file,
      source: result.source,
      findings,
      k8s: result.model,
      registry,
      settings: { ...(config.suppressions ?? {}), reportUnused: false },
      enabledRuleIds: new Set(findings.map((f) => f.ruleId)),
    });
    const ruleIds = new Set(findings.map((f) => f.ruleId));
    result.findings.push(...outcome.findings.filter((f) => ruleIds.has(f.ruleId)));
    result.suppressed.push(...outcome.suppressed);
    result.findings.sort(compareFindings);
  }
}

function compareFindings(a: Finding, b: Finding): number {
  return a.range.start.offset - b.range.start.offset || a.range.end.offset - b.range.end.offset || a.ruleId.localeCompare(b.ruleId);
}

/**
 * Lints a set of (file, text) pairs as one project: each file alone, then the
 * project rules across them. For editors, which hold the workspace's texts.
 */
export async function lintProjectTexts(
  linter: Linter,
  files: ReadonlyArray<{ file: string; text: string; language: Language; config: EffectiveConfig }>,
  options: LintProjectOptions = {},
): Promise<LintResult[]> {
  const entries: ProjectEntry[] = [];
  for (const file of files) entries.push({ result: await linter.lint({ ...file, deferProjectRules: true }), config: file.config });
  lintProject(linter.registry, entries, options);
  return entries.map((entry) => entry.result);
}

function buildIndex(files: readonly ProjectFile[], referenceFiles: readonly K8sFile[]): ProjectIndex {
  const objects: K8sObject[] = [];
  const settings = new Map<string, RuleSettings>();
  for (const file of files) {
    objects.push(...file.model.objects);
    settings.set(file.file, file.config.settings);
  }
  const referenceObjects = referenceFiles.flatMap((file) => file.objects);
  const byKind = new Map<string, K8sObject[]>();
  for (const object of [...objects, ...referenceObjects]) {
    const list = byKind.get(object.kind);
    if (list) list.push(object);
    else byKind.set(object.kind, [object]);
  }
  const podTemplates: PodTemplate[] = [];
  // Reference files count too: unchanged manifests (--changed-since) and other shards' (--shard) still run pods.
  for (const object of [...objects, ...referenceObjects]) {
    const pod = podSpecOf(object);
    if (!pod) continue;
    let metadata: unknown = object.value;
    for (const segment of pod.metadataPath) metadata = asRecord(metadata)?.[segment];
    const labels: Record<string, string> = {};
    for (const [key, value] of Object.entries(asRecord(asRecord(metadata)?.labels) ?? {})) {
      if (value !== null && value !== undefined) labels[key] = String(value);
    }
    podTemplates.push({ object, pod, labels });
  }
  const ofKind = (kind: string) => byKind.get(kind) ?? [];
  // kind → name → objects: a lookup by name must not scan every object of the kind (quadratic on big inputs).
  const byName = new Map<string, Map<string | null, K8sObject[]>>();
  for (const [kind, list] of byKind) {
    const names = new Map<string | null, K8sObject[]>();
    for (const object of list) {
      const same = names.get(object.name);
      if (same) same.push(object);
      else names.set(object.name, [object]);
    }
    byName.set(kind, names);
  }
  return {
    objects,
    referenceObjects,
    podTemplates,
    ofKind,
    find: (kind, name, namespace) => (byName.get(kind)?.get(name) ?? []).filter((o) => sameNamespace(o.namespace, namespace)),
    settingsOf: (object) => settings.get(object.file) ?? {},
  };
}

/**
 * Whether two objects may share a namespace. An unset namespace is the one
 * `kubectl apply -n` (or the context) gives, so it may be any.
 */
export function sameNamespace(a: string | null, b: string | null): boolean {
  return a === null || b === null || a === b;
}
