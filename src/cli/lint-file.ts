/**
 * Linting (or fixing) one file, as a plain-data task in and a plain-data
 * outcome out, so that the same code runs on the main thread (`--jobs 1`,
 * standard input, small runs) and in worker threads (src/cli/worker.ts).
 * Nothing here keeps the parsed model: what the checks across files need
 * travels as compact objects (`ProjectObject`), and the text only when a
 * reporter will need it.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { EffectiveConfig } from '../core/config.js';
import type { Language } from '../core/detect.js';
import type { Linter, LintResult } from '../core/engine.js';
import { secretMasker } from '../core/secrets.js';
import { fingerprintBase } from '../core/fingerprint.js';
import { decodeText, encodeText, type SourceText } from '../core/source.js';
import type { Finding } from '../core/types.js';
import type { K8sFile, K8sObject } from '../k8s/model.js';
import { writeFixedFile } from './write.js';

export type LintMode = 'lint' | 'fix' | 'fix-dry-run';

export interface FileTask {
  absolute: string;
  display: string;
  language: Language;
  /** The bytes, for standard input; files are read by the thread that lints them. */
  bytes?: Uint8Array;
  /** For Dockerfiles: the `.dockerignore` patterns of the build context (null: none). */
  dockerignore?: string[] | null;
  mode: LintMode;
  /** In MB. */
  maxFileSize: number;
  /** The project root fixed files must stay inside (links out of it are not written through). */
  cwd: string;
  /** Compute the findings' fingerprint bases while the text is at hand (for `--cache`). */
  fingerprints?: boolean;
}

/**
 * A Kubernetes object as the checks across files get it from a worker: no YAML nodes, no
 * text, and its value as JSON (a string is compact and crosses threads as one copy; most
 * values are never read again).
 */
export interface ProjectObject extends Pick<K8sObject, 'documentIndex' | 'listIndex' | 'apiVersion' | 'kind' | 'name' | 'namespace'> {
  /** The value as JSON, or the value itself when JSON would change it (`.inf`, `.nan`). */
  value: string | Record<string, unknown>;
}

/** A file's lint result as plain data (structured-cloneable, JSON-serializable). */
export interface FileReport {
  file: string;
  language: Language;
  findings: Finding[];
  suppressed: Finding[];
  parseErrorCount: number;
  notes: string[];
  internalErrors: string[];
  /**
   * The text the findings refer to when the file on disk does not hold it (`--fix-dry-run`)
   * or cannot be read again (standard input); else reporters read the file again.
   */
  text?: string;
  /** Kubernetes files: the objects, for the checks across files. */
  objects?: ProjectObject[];
  /**
   * The fingerprint bases of `findings` then `suppressed` (src/core/fingerprint.ts), when the
   * task asked: a result taken from the cache is then reported without reading the file again.
   */
  fingerprints?: string[];
}

export type FileOutcome =
  | { error: string }
  | {
      report: FileReport;
      /** `--fix-dry-run`: the unified diff. */
      diff?: string;
      /** `--fix` / `--fix-dry-run`: the fixed text, when it differs (written to the file already by `--fix`, except for standard input). */
      fixed?: string;
    };

/**
 * The `.dockerignore` patterns for a Dockerfile: `<name>.dockerignore` beside it wins over the
 * folder's `.dockerignore`, as in BuildKit. The Dockerfile's folder is taken as the build context.
 */
export function readDockerignore(dockerfile: string): string[] | null {
  return readIgnoreFile(`${dockerfile}.dockerignore`) ?? readIgnoreFile(path.join(path.dirname(dockerfile), '.dockerignore'));
}

/** The patterns of an ignore file; null when there is none. */
export function readIgnoreFile(file: string): string[] | null {
  // Asked twice for every Dockerfile and mostly absent: a stat that cannot throw costs a fraction of a failing read.
  if (!statSync(file, { throwIfNoEntry: false })) return null;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** Reads a file for linting; a message for the user when it cannot be read. */
export function readTarget(absolute: string): Buffer | string {
  try {
    return readFileSync(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'EACCES' ? 'cannot read the file: permission denied' : `cannot read the file (${code ?? String(error)})`;
  }
}

export interface LintFileOptions {
  /** The bytes came from standard input: the file is a project of its own (no deferral) and fixes are returned, not written. */
  fromStdin?: boolean;
  /**
   * The Kubernetes objects' values as they are, not as JSON: for files linted on the main
   * thread of a run small enough to hold them (JSON is for crossing threads and for large runs).
   */
  plainValues?: boolean;
}

/** Lints or fixes one file. */
export async function lintFile(task: FileTask, config: EffectiveConfig, linter: Linter, options: LintFileOptions = {}): Promise<FileOutcome> {
  const fromStdin = options.fromStdin ?? false;
  const plainValues = options.plainValues ?? false;
  let bytes: Uint8Array;
  if (task.bytes) bytes = task.bytes;
  else {
    const read = readTarget(task.absolute);
    if (typeof read === 'string') return { error: read };
    bytes = read;
  }
  if (bytes.length > task.maxFileSize * 1024 * 1024) {
    return { error: `file is ${(bytes.length / 1024 / 1024).toFixed(1)} MB, larger than the ${task.maxFileSize} MB limit; not linted (raise it with --max-file-size)` };
  }
  const decoded = decodeText(bytes);
  if (!decoded.ok) return { error: `${decoded.reason}; not linted` };
  const dockerignore = task.dockerignore !== undefined ? task.dockerignore : task.language === 'dockerfile' ? readDockerignore(task.absolute) : null;
  const buildContext = task.language === 'dockerfile' ? { dockerignore } : undefined;
  // Files from disk are checked across each other after all files (src/cli/project-step.ts); standard input is a project of its own.
  const input = { file: task.display, text: decoded.text, language: task.language, config, buildContext, deferProjectRules: !fromStdin };
  // Standard input cannot be read again: its result keeps the text.
  if (task.mode === 'lint') {
    const result = await linter.lint(input);
    return { report: withFingerprints(toReport(result, fromStdin, plainValues), task, result.source) };
  }

  const outcome = await linter.fix(input);
  if (outcome.rolledBack) outcome.result.notes.push('a fix was not applied because the fixed text no longer parsed');
  if (outcome.output === decoded.text) return { report: withFingerprints(toReport(outcome.result, fromStdin, plainValues), task, outcome.result.source) };
  if (task.mode === 'fix-dry-run') {
    const { createTwoFilesPatch } = await import('diff');
    const diff = createTwoFilesPatch(`a/${task.display}`, `b/${task.display}`, decoded.text, outcome.output, '', '', { context: 3 });
    // The diff shows lines around the fixes: credentials found in the file are masked there too.
    const mask = secretMasker([...outcome.result.findings, ...outcome.result.suppressed], outcome.result.source);
    // The result is about the fixed text, which is not on disk.
    return { report: toReport(outcome.result, true, plainValues), fixed: outcome.output, diff: mask(diff.replace(/^=+\n/, '')) };
  }
  if (fromStdin) return { report: toReport(outcome.result, true, plainValues), fixed: outcome.output };
  const refused = writeFixedFile(task.absolute, Buffer.from(bytes), encodeText(outcome.output, decoded.encoding), task.cwd);
  if (refused) return { error: refused };
  return { report: toReport(outcome.result, false, plainValues), fixed: outcome.output };
}

/** Adds the fingerprint bases the task asked for, from the text the findings are about. */
function withFingerprints(report: FileReport, task: FileTask, source: SourceText): FileReport {
  if (!task.fingerprints) return report;
  const reported = [...report.findings, ...report.suppressed];
  if (reported.length === 0) return report;
  report.fingerprints = reported.map((finding) => fingerprintBase(finding, source));
  return report;
}

/** A result as plain data; `keepText` forces the text in (it is not the file on disk); `plainValues`: see LintFileOptions. */
export function toReport(result: LintResult, keepText: boolean, plainValues = false): FileReport {
  const report: FileReport = {
    file: result.file,
    language: result.language,
    findings: result.findings,
    suppressed: result.suppressed,
    parseErrorCount: result.parseErrorCount,
    notes: result.notes,
    internalErrors: result.internalErrors,
  };
  if (keepText) report.text = result.source.text;
  if (result.model) report.objects = projectObjectsOf(result.model, plainValues);
  return report;
}

export function projectObjectsOf(model: K8sFile, plainValues = false): ProjectObject[] {
  return model.objects.map(({ documentIndex, listIndex, apiVersion, kind, name, namespace, value }) => ({
    documentIndex,
    listIndex,
    apiVersion,
    kind,
    name,
    namespace,
    value: plainValues ? value : toJsonIfSafe(value),
  }));
}

/** JSON when parsing it back gives the same value (no non-finite numbers). */
function toJsonIfSafe(value: Record<string, unknown>): string | Record<string, unknown> {
  let safe = true;
  const json = JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === 'number' && !Number.isFinite(item)) safe = false;
    return item;
  });
  return safe ? json : value;
}
