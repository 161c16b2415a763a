/**
 * GitHub Actions workflow commands: each finding becomes an annotation on the
 * pull request's diff (`::error file=…,line=…::message`).
 */
import type { Severity } from '../core/types.js';
import { collectReport, relativePath } from './common.js';
import type { Report, ReportSink } from './types.js';

const COMMANDS: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/** Escapes a command's message as the runner expects. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a command property value: also `:` and `,`, which separate properties. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(report: Report): string {
  return collectReport(writeGithub, report);
}

/** One workflow command per line, each ending with a newline. */
export function writeGithub(report: Report, write: ReportSink): void {
  const out = { push: (line: string) => write(`${line}\n`) };
  for (const fileError of report.fileErrors) {
    const file = relativePath(fileError.file, report.cwd).path;
    out.push(`::error file=${escapeProperty(file)},title=${escapeProperty('drydock: file not linted')}::${escapeData(fileError.message)}`);
  }
  for (const result of report.results) {
    const file = escapeProperty(relativePath(result.file, report.cwd).path);
    for (const finding of result.findings) {
      const { start, end } = finding.range;
      const endLine = end.column === 1 && end.line > start.line ? end.line - 1 : end.line;
      // Annotations take columns only on one line, and count the end column inclusively.
      const columns = endLine === start.line ? `,col=${start.column},endColumn=${Math.max(start.column, end.column - 1)}` : '';
      const properties = `file=${file},line=${start.line},endLine=${endLine}${columns},title=${escapeProperty(finding.ruleId)}`;
      out.push(`::${COMMANDS[finding.severity]} ${properties}::${escapeData(finding.message)}`);
    }
    for (const message of result.internalErrors) out.push(`::error file=${file},title=${escapeProperty('drydock: internal error')}::${escapeData(message)}`);
  }
}
