/**
 * ESLint-style output: findings grouped by file, each followed by a code
 * frame with the finding's range underlined, then a summary.
 */
import { createColors } from 'picocolors';
import { secretMasker } from '../core/secrets.js';
import type { SourceText } from '../core/source.js';
import type { Finding } from '../core/types.js';
import { collectReport, countFindings, lineWriter, summaryLine } from './common.js';
import type { Report, ReportSink } from './types.js';

const FRAME_CONTEXT_LINES = 1;
const MAX_FRAME_LINES = 6;

export function formatStylish(report: Report): string {
  return collectReport(writeStylish, report);
}

export function writeStylish(report: Report, write: ReportSink): void {
  const c = createColors(report.color);
  const out = { push: lineWriter(write) };

  for (const fileError of report.fileErrors) {
    out.push(c.underline(fileError.file), `  ${c.red('error')}  ${fileError.message}`, '');
  }
  for (const result of report.results) {
    const notes = report.verbose ? [...result.notes] : [];
    if (result.findings.length === 0 && result.internalErrors.length === 0 && notes.length === 0) continue;
    out.push(c.underline(result.file));
    const mask = secretMasker([...result.findings, ...result.suppressed], result.source);
    for (const finding of result.findings) {
      const where = `${finding.range.start.line}:${finding.range.start.column}`;
      const severity = finding.severity === 'error' ? c.red('error') : finding.severity === 'warning' ? c.yellow('warning') : c.blue('info');
      const fixable = finding.fix ? c.dim(' (fixable)') : '';
      out.push(`  ${c.dim(where.padEnd(7))} ${severity}${' '.repeat(7 - finding.severity.length)}  ${finding.message}  ${c.dim(finding.ruleId)}${fixable}`);
      out.push(...codeFrame(result.source, finding, c, mask).map((line) => `    ${line}`), '');
    }
    for (const message of result.internalErrors) {
        out.push(`  ${c.red('internal error')}  ${message}`);
    }
    for (const note of notes) out.push(`  ${c.dim('note')}  ${note}`);
    out.push('');
  }

  const counts = countFindings(report);
  const summary = summaryLine(counts);
  if (summary) {
    const total = counts.error + counts.warning + counts.info;
    const paint = counts.error > 0 ? c.red : total > 0 ? c.yellow : c.dim;
    out.push(paint(c.bold(`${total > 0 ? '✖' : '✔'} ${summary}`)), '');
  }
}

type Colors = ReturnType<typeof createColors>;

/** The finding's lines with a gutter and a caret underline, like Babel's code frame. */
export function codeFrame(source: SourceText, finding: Finding, c: Colors, mask: (text: string) => string): string[] {
  const { start, end } = finding.range;
  const lastLine = end.column === 1 && end.line > start.line ? end.line - 1 : end.line;
  const first = Math.max(1, start.line - FRAME_CONTEXT_LINES);
  const shownEnd = Math.min(lastLine, start.line + MAX_FRAME_LINES - 1);
  const last = Math.min(source.lineCount, shownEnd + FRAME_CONTEXT_LINES);
  const width = String(last).length;
  const lines: string[] = [];
  for (let line = first; line <= last; line++) {
    const text = mask(source.lineText(line)).replace(/\t/g, ' ');
    const marked = line >= start.line && line <= shownEnd;
    lines.push(`${marked ? c.red('>') : ' '} ${c.dim(String(line).padStart(width) + ' |')} ${text}`.trimEnd());
    if (marked) {
      const from = line === start.line ? start.column : firstNonSpace(text);
      const to = line === end.line ? end.column : text.length + 1;
      const length = Math.max(1, to - from);
      lines.push(`  ${' '.repeat(width)} ${c.dim('|')} ${' '.repeat(Math.max(0, from - 1))}${c.red('^'.repeat(length))}`);
    }
  }
  if (shownEnd < lastLine) lines.push(`  ${' '.repeat(width)} ${c.dim(`| … ${lastLine - shownEnd} more line(s)`)}`);
  return lines;
}

function firstNonSpace(text: string): number {
  const match = /\S/.exec(text);
  return match ? match.index + 1 : 1;
}
