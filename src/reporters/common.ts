/** What several reporters share: counting, the summary line, paths as URIs, rule documentation links. */
import path from 'node:path';
import type { LintResult } from '../core/engine.js';
import { findingCountsOf } from '../core/finding-counts.js';
import type { Finding, Severity } from '../core/types.js';
import type { Report, Reporter, ReportSink } from './types.js';

export { PROJECT_URL, ruleDocsUrl } from '../core/links.js';

export interface Counts {
  error: number;
  warning: number;
  info: number;
  fixable: number;
  suppressed: number;
  /** Files that could not be read, plus rule crashes: they count as errors. */
  fileErrors: number;
}

/** Counts over the active findings; file errors and internal errors count as errors. */
export function countFindings(report: Report): Counts {
  const counts: Counts = { error: 0, warning: 0, info: 0, fixable: 0, suppressed: 0, fileErrors: report.fileErrors.length };
  for (const result of report.results) {
    const own = findingCountsOf(result);
    counts.error += own.error;
    counts.warning += own.warning;
    counts.info += own.info;
    counts.fixable += own.fixable;
    counts.suppressed += own.suppressed;
    counts.fileErrors += result.internalErrors.length;
  }
  counts.error += counts.fileErrors;
  return counts;
}

/** `3 problems (1 error, 1 warning, 1 info), 1 fixable with --fix, 2 suppressed`; empty when there is nothing to say. */
export function summaryLine(counts: Counts): string {
  const total = counts.error + counts.warning + counts.info;
  if (total === 0 && counts.suppressed === 0) return '';
  const parts = [`${total} problem${total === 1 ? '' : 's'} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.info} info)`];
  if (counts.fixable > 0) parts.push(`${counts.fixable} fixable with --fix`);
  if (counts.suppressed > 0) parts.push(`${counts.suppressed} suppressed`);
  return parts.join(', ');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The active findings of a result, then (with `--include-suppressed`) its suppressed ones. */
export function reportedFindings(result: LintResult, report: Report): Finding[] {
  return report.includeSuppressed ? [...result.findings, ...result.suppressed] : result.findings;
}

/** A finding's path with forward slashes, relative to the report's folder when it lies inside it. */
export function relativePath(file: string, cwd: string): { path: string; inside: boolean } {
  const absolute = path.resolve(cwd, file);
  const relative = path.relative(cwd, absolute);
  const inside = relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  return { path: (inside ? relative : absolute).split(path.sep).join('/'), inside };
}

/** Percent-encodes each segment of a slash-separated path for use in a URI. */
export function encodePath(slashPath: string): string {
  return slashPath.split('/').map(encodeURIComponent).join('/');
}

export function fileUri(absolute: string): string {
  const slashed = absolute.split(path.sep).join('/');
  return `file://${slashed.startsWith('/') ? '' : '/'}${encodePath(slashed)}`;
}

export const severityOrder: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** A streaming reporter's whole output as one string (for tests and small reports). */
export function collectReport(reporter: Reporter, report: Report): string {
  const chunks: string[] = [];
  reporter(report, (chunk) => chunks.push(chunk));
  return chunks.join('');
}

/** Writes lines joined with `\n` (no newline after the last), as `lines.join('\n')` would. */
export function lineWriter(write: ReportSink): (...lines: string[]) => void {
  let first = true;
  return (...lines) => {
    for (const line of lines) {
      write(first ? line : `\n${line}`);
      first = false;
    }
  };
}

const STREAMED_ARRAY = '\u0000drydock streamed array\u0000';

/** The slot of `writeJsonStreaming`'s shell that the streamed items fill. */
export const STREAMED_ITEMS: readonly unknown[] = [STREAMED_ARRAY];

/**
 * Writes exactly `JSON.stringify(value, null, 2) + '\n'`, where `value` is
 * `shell` with its `STREAMED_ITEMS` array replaced by `items`, one item at a
 * time: an item is turned to text only when the previous one was written.
 */
export function writeJsonStreaming(shell: unknown, items: Iterable<unknown>, write: ReportSink): void {
  const text = JSON.stringify(shell, null, 2) + '\n';
  const slot = JSON.stringify(STREAMED_ARRAY);
  const at = text.indexOf(slot);
  // `[\n<indent>` before the slot and `\n<indent>]` after it, as JSON.stringify lays out a non-empty array.
  const before = text.slice(0, at);
  const after = text.slice(at + slot.length);
  const indent = before.slice(before.lastIndexOf('\n') + 1);
  // An item at the slot's depth, indented by JSON.stringify itself: wrapped in as many arrays as
  // the slot is deep and cut out again, which costs less than a pass of replacing every line break.
  const depth = indent.length / 2;
  const wrap = (item: unknown): unknown => {
    let wrapped = item;
    for (let level = 0; level < depth; level++) wrapped = [wrapped];
    return wrapped;
  };
  const probe = JSON.stringify(wrap(0), null, 2);
  const head = probe.lastIndexOf('0');
  const tail = probe.length - head - 1;
  const itemText = (item: unknown): string => {
    const text = JSON.stringify(wrap(item), null, 2);
    return text.slice(head, text.length - tail);
  };
  let count = 0;
  for (const item of items) {
    write(`${count === 0 ? before : `,\n${indent}`}${itemText(item)}`);
    count++;
  }
  if (count > 0) write(after);
  else write(`${before.slice(0, before.lastIndexOf('[') + 1)}${after.slice(after.indexOf(']'))}`);
}
