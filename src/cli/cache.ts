/**
 * `--cache`: per-file results kept between runs, like ESLint's `.eslintcache`.
 *
 * A file's entry is used when its content hash, its effective config, its
 * build context (`.dockerignore`) and its path as shown are those it was
 * linted with; the whole cache is dropped when drydock's version or rule set
 * differs. The content hash is the source of truth; a file's stamp (size,
 * modification time, inode) only decides whether it must be read and hashed
 * again: an unchanged stamp trusts the recorded hash. A stamp taken while the
 * file's modification time was still within the file system's time
 * granularity of the run is not trusted (git's "racily clean" entries): a
 * write later in the same tick would leave the stamp unchanged.
 * The results of the checks across files are kept under one key made of
 * every member's hash and config, so any change to a member recomputes them;
 * the build files that link images to Dockerfiles are part of that key by
 * their content hashes, kept here the same way.
 * The file is written atomically (temporary file, then rename), and only
 * when something changed; a corrupt or unreadable cache is ignored with a
 * warning, and a file that is not a drydock cache is never overwritten.
 */
import { readFileSync, renameSync, statSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import path from 'node:path';
import { createHash } from '../core/lazy-builtins.js';
import type { EffectiveConfig } from '../core/config.js';
import type { RuleRegistry } from '../core/registry.js';
import type { Range } from '../core/source.js';
import type { Finding } from '../core/types.js';
import type { FileReport } from './lint-file.js';

export const DEFAULT_CACHE_FILE = '.drydockcache';
const FORMAT = 'drydock-cache';
const FORMAT_VERSION = 3;
/**
 * The coarsest modification-time granularity among common file systems (FAT: 2 s). A stamp
 * whose time is not older than this at the start of the run is recorded as untrusted.
 */
const RACY_WINDOW_MS = 2000;
/** The recorded time of an untrusted stamp: no file has it, so the content is hashed again. */
const UNTRUSTED_TIME = -1;

/** What decides whether a file must be hashed again. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  ino: number;
}

/** A cached per-file result: the report without its text (the file on disk is that text). */
export interface CacheEntry extends FileStamp {
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
  /** Fingerprint bases of `findings` then `suppressed` (as `FileReport.fingerprints`). */
  fingerprints?: string[];
}

interface CacheData {
  format: typeof FORMAT;
  formatVersion: number;
  /** drydock's version and rule set. */
  toolKey: string;
  files: Record<string, CacheEntry>;
  /** Content hashes of other files a run read (build files not linted), by absolute path. */
  hashes?: Record<string, FileStamp & { hash: string }>;
  /** The Dockerfiles the build files name, under a key of the config's `images:` and every build file's content. */
  links?: { key: string; dockerfiles: string[] };
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
  /** Content hashes known in this run (files looked up, stored or hashed), by absolute path. */
  private readonly hashesNow = new Map<string, string | null>();
  /** Whether anything differs from the file as read (else `save` has nothing to write). */
  private dirty = false;
  /** Stamps with a modification time after this are not trusted (see RACY_WINDOW_MS). */
  private readonly trustedBefore = Date.now() - RACY_WINDOW_MS;

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
    try {
      unpackData(parsed as CacheData);
    } catch {
      warn(`the cache ${location} is corrupt; it is ignored and rewritten`);
      return;
    }
    this.data = parsed as CacheData;
    this.dirty = false;
  }

  /**
   * The entry of a file whose current content is the recorded one: same stamp, else the
   * same content hash (`hashOf` reads the file). Null when there is none or the file
   * changed. `stats`: the file's stat when the caller has one (discovery's, of a link).
   * The stamp returned was taken before any read: `store` records it with the result.
   */
  lookup(absolute: string, key: string, stats: Stats | undefined, hashOf: () => string | null): { entry: CacheEntry | null; hash: string | null; stamp: FileStamp | null } {
    const entry = this.data.files[absolute];
    const stamp = stampOf(absolute, stats);
    if (!stamp) return { entry: null, hash: null, stamp: null };
    if (entry && entry.key === key && sameStamp(entry, stamp)) {
      this.used.add(absolute);
      this.hashesNow.set(absolute, entry.hash);
      return { entry, hash: entry.hash, stamp };
    }
    const hash = hashOf();
    this.hashesNow.set(absolute, hash);
    if (entry && hash !== null && entry.key === key && entry.hash === hash) {
      this.restamp(entry, stamp);
      this.used.add(absolute);
      return { entry, hash, stamp };
    }
    return { entry: null, hash, stamp };
  }

  /** Records a file's result, under the stamp `lookup` took before the file was read. */
  store(absolute: string, key: string, hash: string, stamp: FileStamp, report: FileReport): void {
    const { text: _text, objects: _objects, ...kept } = report;
    const entry: CacheEntry = { size: 0, mtimeMs: UNTRUSTED_TIME, ino: 0, hash, key, report: kept };
    this.restamp(entry, stamp);
    this.data.files[absolute] = entry;
    this.hashesNow.set(absolute, hash);
    this.used.add(absolute);
    this.dirty = true;
  }

  /**
   * A file's content hash (null: it cannot be read): known from this run's lookups, else
   * recorded under an unchanged stamp, else read and hashed (and recorded for the next run).
   */
  contentHash(absolute: string): string | null {
    const known = this.hashesNow.get(absolute);
    if (known !== undefined) return known;
    const stamp = stampOf(absolute, undefined);
    let hash: string | null = null;
    if (stamp) {
      const recorded = this.data.files[absolute] ?? this.data.hashes?.[absolute];
      if (recorded && sameStamp(recorded, stamp)) hash = recorded.hash;
      else {
        try {
          hash = contentHash(readFileSync(absolute));
        } catch {
          hash = null;
        }
        if (hash !== null) {
          const entry = { size: 0, mtimeMs: UNTRUSTED_TIME, ino: 0, hash };
          this.restamp(entry, stamp);
          (this.data.hashes ??= {})[absolute] = entry;
        }
      }
    }
    this.hashesNow.set(absolute, hash);
    return hash;
  }

  /** The Dockerfiles the build files named when they were last read under this key, or null. */
  linkedDockerfiles(key: string): string[] | null {
    return this.data.links?.key === key ? this.data.links.dockerfiles : null;
  }

  storeLinkedDockerfiles(key: string, dockerfiles: string[]): void {
    this.data.links = { key, dockerfiles };
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
   * Writes the cache when anything changed: entries of this run, plus those of files not
   * linted this time (another folder, `--changed-since`) that still exist, and the hashes
   * of other files this run needed. Warns instead of failing.
   */
  save(warn: (message: string) => void): void {
    if (!this.writable) return;
    const files: Record<string, CacheEntry> = {};
    for (const [file, entry] of Object.entries(this.data.files)) {
      if (this.used.has(file) || existsQuietly(file)) files[file] = entry;
      else this.dirty = true;
    }
    let hashes: CacheData['hashes'];
    for (const [file, entry] of Object.entries(this.data.hashes ?? {})) {
      if (this.hashesNow.has(file)) (hashes ??= {})[file] = entry;
      else this.dirty = true;
    }
    if (!this.dirty) return;
    const data: CacheData = {
      format: FORMAT,
      formatVersion: FORMAT_VERSION,
      toolKey: this.tool,
      files,
      ...(hashes ? { hashes } : {}),
      ...(this.data.links ? { links: this.data.links } : {}),
      ...(this.data.project ? { project: this.data.project } : {}),
    };
    const temp = path.join(path.dirname(this.location), `.${path.basename(this.location)}.${process.pid}.tmp`);
    try {
      writeFileSync(temp, JSON.stringify(packData(data)));
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

  /** Puts a fresh stamp on a recorded hash; an untrusted one when the file changed too recently to tell. */
  private restamp(recorded: FileStamp, stamp: FileStamp): void {
    recorded.size = stamp.size;
    recorded.ino = stamp.ino;
    recorded.mtimeMs = stamp.mtimeMs < this.trustedBefore ? stamp.mtimeMs : UNTRUSTED_TIME;
    this.dirty = true;
  }
}

/*
 * On disk, findings are stored compactly (a large cache is mostly findings, and its read is
 * mostly JSON.parse making objects and strings): a range is six numbers, a finding's file is 0
 * when it is the file it belongs to, and rule ids and messages (a few thousand distinct ones
 * among tens of thousands of findings) are indexes into one table of strings. Unpacking
 * assigns the same keys in place, so findings keep their key order.
 */
type PackedFinding = Omit<Finding, 'ruleId' | 'message' | 'file' | 'range'> & { ruleId: number; message: number; file: string | 0; range: number[] };

function packData(data: CacheData): CacheData & { strings: string[] } {
  const strings: string[] = [];
  const indexes = new Map<string, number>();
  const intern = (text: string): number => {
    let index = indexes.get(text);
    if (index === undefined) {
      index = strings.push(text) - 1;
      indexes.set(text, index);
    }
    return index;
  };
  const packReport = <T extends { findings: Finding[]; suppressed: Finding[] }>(report: T, file: string): T => {
    const pack = (finding: Finding): PackedFinding => ({
      ...finding,
      ruleId: intern(finding.ruleId),
      message: intern(finding.message),
      file: finding.file === file ? 0 : finding.file,
      range: packRange(finding.range),
    });
    return { ...report, findings: report.findings.map(pack), suppressed: report.suppressed.map(pack) };
  };
  const files: Record<string, CacheEntry> = {};
  for (const [absolute, entry] of Object.entries(data.files)) files[absolute] = { ...entry, report: packReport(entry.report, entry.report.file) };
  const deltas: Record<string, ProjectDelta> = {};
  for (const [file, delta] of Object.entries(data.project?.deltas ?? {})) deltas[file] = packReport(delta, file);
  const project = data.project && { key: data.project.key, deltas };
  return { ...data, files, ...(project ? { project } : {}), strings };
}

function packRange({ start, end }: Range): number[] {
  return [start.line, start.column, start.offset, end.line, end.column, end.offset];
}

/** Unpacks in place what `packData` wrote; throws on a malformed finding. */
function unpackData(data: CacheData & { strings?: unknown }): void {
  const strings = data.strings;
  if (!Array.isArray(strings)) throw new Error('no string table');
  delete data.strings;
  const text = (index: unknown): string => {
    const found: unknown = strings[index as number];
    if (typeof found !== 'string') throw new Error('malformed string index');
    return found;
  };
  const unpack = (report: { findings: Finding[]; suppressed: Finding[] }, file: string): void => {
    for (const list of [report.findings, report.suppressed]) {
      for (const packed of list as unknown as PackedFinding[]) {
        const finding = packed as unknown as Finding;
        const r = packed.range;
        if (r.length !== 6) throw new Error('malformed range');
        finding.ruleId = text(packed.ruleId);
        finding.message = text(packed.message);
        if (packed.file === 0) finding.file = file;
        finding.range = { start: { line: r[0], column: r[1], offset: r[2] }, end: { line: r[3], column: r[4], offset: r[5] } };
      }
    }
  };
  for (const entry of Object.values(data.files)) unpack(entry.report, entry.report.file);
  for (const [file, delta] of Object.entries(data.project?.deltas ?? {})) unpack(delta, file);
}

function stampOf(absolute: string, stats: Stats | undefined): FileStamp | null {
  if (!stats) {
    try {
      stats = statSync(absolute);
    } catch {
      return null;
    }
  }
  return { size: stats.size, mtimeMs: stats.mtimeMs, ino: stats.ino };
}

function sameStamp(recorded: FileStamp, stamp: FileStamp): boolean {
  return recorded.mtimeMs === stamp.mtimeMs && recorded.size === stamp.size && recorded.ino === stamp.ino;
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
