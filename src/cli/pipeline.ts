/**
 * A run's files from discovery to results: config per file, the cache
 * (`--cache`), linting on the main thread and worker threads (`--jobs`), then
 * the checks across files. Results come back in discovery order whatever
 * thread linted them or whether the cache answered.
 */
import path from 'node:path';
import type { ConfigFile, ConfigResolver, EffectiveConfig } from '../core/config.js';
import type { Linter, LintResult } from '../core/engine.js';
import type { FileError } from '../reporters/index.js';
import { configDigest, contentHash, LintCache, resolveCacheLocation, toolKey, type FileStamp } from './cache.js';
import type { Discovery, FolderListings, Target } from './discover.js';
import { readIgnoreFile, readTarget, type FileOutcome, type FileTask, type LintMode, type ProjectObject } from './lint-file.js';
import { lintQueued, type EarlyWorkers, type QueuedFile } from './parallel.js';
import { projectStep, type ProjectMember } from './project-step.js';
import { ReportedResult, RetainedTexts } from './results.js';

/**
 * Runs of this many files hold their results' findings as JSON text until read
 * (`ReportedResult`): a quarter of the memory, for a few percent more CPU.
 */
const COMPACT_RESULTS_FROM_FILES = 10_000;

export interface PipelineOptions {
  mode: LintMode;
  maxFileSize: number;
  jobs: number;
  /** `--cache`: the cache file's path as given (`--cache-location`), or true for the default. */
  cache?: { location?: string };
  /** `--changed-since`: the changed files; others are not linted. */
  changed: Set<string> | null;
  /** Discovery's walks, reused when the project's build files are looked for in a folder already walked. */
  walks?: Discovery['walks'];
  /** Discovery's folder listings: a `.dockerignore` they did not show is not looked for. */
  listed?: Discovery['listed'];
  cwd: string;
  version: string;
  warn: (message: string) => void;
  /**
   * The report shows fingerprints (JSON, SARIF, GitLab): their hashes are computed as each
   * file is linted, on any thread, instead of by reading every file again for the report.
   */
  fingerprints?: boolean;
  /** Worker threads started before discovery (used first; the others are stopped). */
  earlyWorkers?: EarlyWorkers;
}

export interface PipelineOutput {
  results: LintResult[];
  fileErrors: FileError[];
  /** `--fix-dry-run` diffs, in file order. */
  diffs: string[];
  /** The effective config of a result's file (computed once per distinct config). */
  configOf: (result: LintResult) => EffectiveConfig;
  /** For `--verbose`: files linted, threads used, results taken from the cache. */
  stats: { linted: number; threads: number; fromCache: number };
}

export async function lintTargets(targets: readonly Target[], linter: Linter, resolver: ConfigResolver, options: PipelineOptions): Promise<PipelineOutput> {
  const configs = new ConfigTable(resolver);
  // Only the cache reads it; hashing loads OpenSSL (about 10 ms of a one-file run).
  const tool = options.cache ? toolKey(options.version, linter.registry) : '';
  const cache = options.cache ? new LintCache(resolveCacheLocation(options.cache.location, options.cwd), tool, options.warn) : null;
  const dockerignores = new DockerignoreReader(options.listed);

  interface Slot {
    target: Target;
    configId: number;
    /** Cache key of the file's content and inputs (with --cache). */
    cacheKey?: string;
    hash?: string | null;
    /** The file's stamp, taken before it was read (the cache records it with the result). */
    stamp?: FileStamp | null;
    inputsKey?: string;
    outcome?: FileOutcome;
    fromCache?: boolean;
    /** The result, made as soon as the file was linted in a large run. */
    result?: ReportedResult;
  }
  const slots: Slot[] = [];
  const unchangedManifests: Target[] = [];
  for (const target of targets) {
    if (!target.explicit && resolver.isIgnored(target.absolute)) continue;
    if (options.changed && !options.changed.has(target.absolute)) {
      // Unchanged manifests are not linted, but the checks across files still read them.
      if (target.language === 'k8s') unchangedManifests.push(target);
      continue;
    }
    slots.push({ target, configId: configs.idOf(target.absolute) });
  }

  const compact = slots.length >= COMPACT_RESULTS_FROM_FILES;
  // Compact results drop the hashes remembered with findings (the report reads the texts then): only the cache keeps them.
  const hashWhileLinting = cache !== null || (options.fingerprints === true && !compact);
  const queue: QueuedFile[] = [];
  const queuedSlots: Slot[] = [];
  for (const slot of slots) {
    const { target } = slot;
    const dockerignore = target.language === 'dockerfile' ? dockerignores.read(target.absolute) : null;
    if (cache) {
      slot.inputsKey = `${target.display}\0${target.language}\0${configs.digest(slot.configId)}\0${JSON.stringify(dockerignore)}\0${options.maxFileSize}`;
      const { entry, hash, stamp } = cache.lookup(target.absolute, slot.inputsKey, target.stats, () => {
        const read = readTarget(target.absolute);
        return typeof read === 'string' ? null : contentHash(read);
      });
      slot.hash = hash;
      slot.stamp = stamp;
      // A cached result answers --fix only when there is nothing to fix: fixing would lint the same text to the same result.
      if (entry && (options.mode === 'lint' || !entry.report.findings.some((finding) => finding.fix))) {
        slot.outcome = { report: entry.report };
        slot.fromCache = true;
        slot.cacheKey = `${hash}\0${slot.inputsKey}`;
        continue;
      }
    }
    const task: FileTask = { absolute: target.absolute, display: target.display, language: target.language, dockerignore, mode: options.mode, maxFileSize: options.maxFileSize, cwd: options.cwd };
    if (hashWhileLinting) task.fingerprints = true;
    queue.push({ task, configId: slot.configId });
    queuedSlots.push(slot);
  }

  const texts = new RetainedTexts();
  const threads = await lintQueued(queue, configs.list, linter, options.jobs, (index, outcome) => {
    const slot = queuedSlots[index];
    slot.outcome = outcome;
    // A large run compacts each file's findings as they come, not after the last file (the cache, when on, stores the report as it came).
    if (compact && !cache && !('error' in outcome)) {
      slot.result = new ReportedResult(outcome.report, slot.target.absolute, true, texts);
      outcome.report.findings = outcome.report.suppressed = [];
    }
  }, options.warn, { plainValues: !compact }, options.earlyWorkers);

  const results: LintResult[] = [];
  const fileErrors: FileError[] = [];
  const diffs: string[] = [];
  const members: ProjectMember[] = [];
  const configOfResult = new Map<LintResult, EffectiveConfig>();
  for (const slot of slots) {
    const outcome = slot.outcome!;
    if ('error' in outcome) {
      fileErrors.push({ file: slot.target.display, message: outcome.error });
      continue;
    }
    const result = slot.result ?? new ReportedResult(outcome.report, slot.target.absolute, compact, texts);
    results.push(result);
    configOfResult.set(result, configs.list[slot.configId]);
    if (outcome.diff) diffs.push(outcome.diff);
    // The result is about the text on disk when nothing was fixed: cache it under the hash read before linting.
    if (cache && !slot.fromCache && outcome.fixed === undefined && slot.hash && slot.stamp && result.internalErrors.length === 0) {
      cache.store(slot.target.absolute, slot.inputsKey!, slot.hash, slot.stamp, outcome.report);
      slot.cacheKey = `${slot.hash}\0${slot.inputsKey}`;
    }
    const objects: ProjectObject[] | undefined = outcome.report.objects;
    // The compact objects are the checks' to hold from here on, not the result's.
    delete outcome.report.objects;
    members.push({ result, config: configs.list[slot.configId], objects, cacheKey: slot.cacheKey });
    // The result holds what is needed from here (`queuedSlots` keeps the slot alive until the run ends).
    slot.outcome = undefined;
  }
  const slotCount = slots.length;
  slots.length = 0;

  // The checks between manifests and Dockerfiles read the project's build files only when a config enables one.
  const crossConfigs = new Set(configs.list.filter((config) => [...config.rules.keys()].some((id) => id.startsWith('cross/'))));
  const crossEnabled = members.some((member) => member.result.language === 'k8s' && crossConfigs.has(member.config));
  const manifests = targets.filter((target) => target.language === 'k8s').map((target) => target.absolute);
  const links = crossEnabled
    ? (await import('./links.js')).linkInputs(targets.map((target) => target.absolute), manifests, resolver, options.cwd, { walks: options.walks, cache })
    : undefined;
  await projectStep({ registry: linter.registry, members, cwd: options.cwd, unchangedManifests, warn: options.warn, cache, toolKey: tool, links });
  cache?.save(options.warn);
  return {
    results,
    fileErrors,
    diffs,
    configOf: (result) => configOfResult.get(result) ?? resolver.resolve(path.resolve(options.cwd, result.file)),
    stats: { linted: queue.length, threads, fromCache: slotCount - queue.length },
  };
}

/**
 * Effective configs, each distinct one computed and numbered once: resolving costs about
 * 0.2 ms per file, which a large run would pay on the main thread for every file.
 * Files whose config chain is the same (same config files, no `overrides`) share one.
 */
class ConfigTable {
  readonly list: EffectiveConfig[] = [];
  private readonly digests: string[] = [];
  private readonly byChain = new Map<string, number>();
  private readonly fileIds = new WeakMap<ConfigFile, number>();
  private nextFileId = 0;

  constructor(private readonly resolver: ConfigResolver) {}

  idOf(absolute: string): number {
    const chain = this.resolver.chain(path.dirname(absolute));
    const perFile = chain.some((config) => config.overrides.length > 0);
    const key = perFile ? `file:${absolute}` : chain.map((config) => this.fileId(config)).join(',');
    let id = this.byChain.get(key);
    if (id === undefined) {
      id = this.list.length;
      this.list.push(this.resolver.resolve(absolute));
      this.byChain.set(key, id);
    }
    return id;
  }

  digest(id: number): string {
    return (this.digests[id] ??= configDigest(this.list[id]));
  }

  private fileId(config: ConfigFile): number {
    let id = this.fileIds.get(config);
    if (id === undefined) {
      id = this.nextFileId++;
      this.fileIds.set(config, id);
    }
    return id;
  }
}

/** `.dockerignore` files, each folder's read once (a `<name>.dockerignore` beside a Dockerfile wins, as in BuildKit). */
class DockerignoreReader {
  private readonly byFolder = new Map<string, string[] | null>();

  constructor(private readonly listed?: FolderListings) {}

  read(dockerfile: string): string[] | null {
    const own = this.readIfThere(`${dockerfile}.dockerignore`);
    if (own) return own;
    const folder = path.dirname(dockerfile);
    if (!this.byFolder.has(folder)) this.byFolder.set(folder, this.readIfThere(path.join(folder, '.dockerignore')));
    return this.byFolder.get(folder)!;
  }

  /** Most Dockerfiles have neither file: where discovery listed the folder, its listing answers without a stat. */
  private readIfThere(file: string): string[] | null {
    if (this.listed?.folders.has(path.dirname(file)) && !this.listed.dockerignores.has(file)) return null;
    return readIgnoreFile(file);
  }
}
