/** One line per finding, `file:line:col: severity [rule] message`, for editors' problem matchers and grep. */
import { collectReport, countFindings, summaryLine } from './common.js';
import type { Report, ReportSink } from './types.js';

export function formatCompact(report: Report): string {
  return collectReport(writeCompact, report);
}

/** Every line ends with a newline; nothing at all when there is nothing to say. */
export function writeCompact(report: Report, write: ReportSink): void {
  const out = { push: (...lines: string[]) => lines.forEach((line) => write(`${line}\n`)) };
  const oneLine = (text: string) => text.replace(/\s*[\r\n]+\s*/g, ' ');
  for (const fileError of report.fileErrors) out.push(`${fileError.file}:1:1: error [file-error] ${oneLine(fileError.message)}`);
  for (const result of report.results) {
    for (const finding of result.findings) {
      const { line, column } = finding.range.start;
      out.push(`${result.file}:${line}:${column}: ${finding.severity} [${finding.ruleId}] ${oneLine(finding.message)}`);
    }
    for (const message of result.internalErrors) out.push(`${result.file}:1:1: error [internal-error] ${oneLine(message)}`);
  }
  const summary = summaryLine(countFindings(report));
  if (summary) out.push('', summary);
}
