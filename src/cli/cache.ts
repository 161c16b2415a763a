/**
 * `--cache`: per-file results kept between runs, like ESLint's `.eslintcache`.
 *
 * A file's entry is used when its content hash, its effective config, its
 * build context (`.dockerignore`) and its path as shown are those it was
 * linted with; the whole cache is dropped when drydock's version or rule set
 * differs. Size and modification time only decide whether the content must
 * be hashed again (unchanged metadata: the recorded hash is trusted).
 * The results of the checks across files are kept under one key made of
 * every member's hash and config, so any change to a member recomputes them.
 * The file is written atomically (temporary file, then rename); a corrupt or
 * unreadable cache is ignored with a warning, and a file that is not a drydock
 * cache is never overwritten.
 */
import { readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createHash } from '../core/lazy-builtins.js';
import type { EffectiveConfig } from '../core/config.js';
import type { RuleRegistry } from '../core/registry.js';
import type { Finding } from '../core/types.js';
import type { FileReport } from './lint-file.js';

export const DEFAULT_CACHE_FILE = '.drydockcache';
const FORMAT = 'drydock-cache';
const FORMAT_VERSION = 1;

/** A cached per-file result: the report without its text (the file on disk is that text). */
export interface CacheEntry {
  size: number;
  mtimeMs: number;
  hash: string;
  /** Path as shown, language, config and build context the result was computed with. */
  key: string;
  report: Omit<FileReport, 'text' | 'objects'>;
}

/** Findings the checks across files added to one file. */
export interface ProjectDelta {
  findings: Finding[];
  suppressed: Finding[];
  internalErrors: string[];
}

interface CacheData {
  format: typeof FORMAT;
  formatVersion: number;
  /** drydock's version and rule set. */
  toolKey: string;
  files: Record<string, CacheEntry>;
  project?: { key: string; deltas: Record<string, ProjectDelta> };
}

export function contentHash(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('base64');
}

/** What identifies this drydock: its version and every rule's id, default severity and options. */
export function toolKey(version: string, registry: RuleRegistry): string {
  const rules = registry.rules.map((rule) => [rule.meta.id, rule.meta.severity, rule.meta.defaultOptions, rule.meta.fixable]);
  return `${version}:${createHash('sha1').update(JSON.stringify(rules)).digest('base64')}`;
}

/** A stable digest of an effective config (computed once per distinct config). */
export function configDigest(config: EffectiveConfig): string {
  const plain = [[...config.rules], config.settings, config.suppressions ?? {}, config.failureLevel ?? null];
  return createHash('sha1').update(JSON.stringify(plain)).digest('base64');
}

export class LintCache {
  private data: CacheData;
  /** False when the file at `location` is not a drydock cache: it is left alone. */
  private writable = true;
  private readonly used = new Set<string>();
  /** Whether anything differs from the file as read (else `save` has nothing to write). */
  private dirty = false;

  constructor(
    readonly location: string,
    private readonly tool: string,
    warn: (message: string) => void,
  ) {
    this.data = { format: FORMAT, formatVersion: FORMAT_VERSION, toolKey: tool, files: {} };
    this.dirty = true;
    let text: string;
    try {
      text = readFileSync(location, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') warn(`cannot read the cache ${location} (${code ?? String(error)}); linting without it`);
      return;
    }
    let parsed: Partial<CacheData> | null = null;
    try {
      parsed = JSON.parse(text) as Partial<CacheData>;
    } catch {
      parsed = null;
    }
    const ours = /^\{"format":"drydock-cache"/.test(text);
    if (!parsed || typeof parsed !== 'object' || parsed.format !== FORMAT || typeof parsed.files !== 'object' || parsed.files === null) {
      if (ours) warn(`the cache ${location} is corrupt; it is ignored and rewritten`);
      else {
        warn(`${location} is not a drydock cache; it is ignored and left unchanged (choose another file with --cache-location)`);
        this.writable = false;
      }
      return;
    }
    // Another version or rule set: results may differ, start afresh (not worth a warning).
    if (parsed.formatVersion !== FORMAT_VERSION || parsed.toolKey !== tool) return;
    this.data = parsed as CacheData;
    this.dirty = false;
  }

  /**
   * The entry of a file whose current content is the recorded one: same size and
   * modification time, else the same content hash (`hashOf` reads the file).
   * Null when there is none or the file changed.
   */
  lookup(absolute: string, key: string, hashOf: () => string | null): { entry: CacheEntry | null; hash: string | null } {
    const entry = this.data.files[absolute];
    let stat;
    try {
      stat = statSync(absolute);
    } catch {
      return { entry: null, hash: null };
    }
    if (entry && entry.key === key && entry.size === stat.size && entry.mtimeMs === stat.mtimeMs) {
      this.used.add(absolute);
      return { entry, hash: entry.hash };
    }
    const hash = hashOf();
    if (entry && hash !== null && entry.key === key && entry.hash === hash) {
      entry.size = stat.size;
      entry.mtimeMs = stat.mtimeMs;
      this.dirty = true;
      this.used.add(absolute);
      return { entry, hash };
    }
    return { entry: null, hash };
  }

  store(absolute: string, key: string, hash: string, report: FileReport): void {
    let stat;
    try {
      stat = statSync(absolute);
    } catch {
      return;
    }
    const { text: _text, objects: _objects, ...kept } = report;
    this.data.files[absolute] = { size: stat.size, mtimeMs: stat.mtimeMs, hash, key, report: kept };
    this.used.add(absolute);
    this.dirty = true;
  }

  projectDeltas(key: string): Record<string, ProjectDelta> | null {
    return this.data.project?.key === key ? this.data.project.deltas : null;
  }

  storeProject(key: string, deltas: Record<string, ProjectDelta>): void {
    this.data.project = { key, deltas };
    this.dirty = true;
  }

  /**
   * Writes the cache: entries of this run, plus those of files not linted this time
   * (another folder, `--changed-since`) that still exist. Warns instead of failing.
   */
  save(warn: (message: string) => void): void {
    if (!this.writable) return;
    const files: Record<string, CacheEntry> = {};
    for (const [file, entry] of Object.entries(this.data.files)) {
      if (this.used.has(file) || existsQuietly(file)) files[file] = entry;
      else this.dirty = true;
    }
    if (!this.dirty) return;
    const data: CacheData = { format: FORMAT, formatVersion: FORMAT_VERSION, toolKey: this.tool, files, ...(this.data.project ? { project: this.data.project } : {}) };
    const temp = path.join(path.dirname(this.location), `.${path.basename(this.location)}.${process.pid}.tmp`);
    try {
      writeFileSync(temp, JSON.stringify(data));
      renameSync(temp, this.location);
    } catch (error) {
      try {
        unlinkSync(temp);
      } catch {
        // never created
      }
      warn(`cannot write the cache ${this.location} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  }
}

function existsQuietly(file: string): boolean {
  try {
    statSync(file);
    return true;
  } catch {
    return false;
  }
}

/** `--cache-location`: a file, or a folder (existing, or written with a trailing slash) that gets `.drydockcache`. */
export function resolveCacheLocation(given: string | undefined, cwd: string): string {
  if (given === undefined) return path.join(cwd, DEFAULT_CACHE_FILE);
  const absolute = path.resolve(cwd, given);
  if (/[\\/]$/.test(given)) return path.join(absolute, DEFAULT_CACHE_FILE);
  try {
    if (statSync(absolute).isDirectory()) return path.join(absolute, DEFAULT_CACHE_FILE);
  } catch {
    // a file to be created
  }
  return absolute;
}
