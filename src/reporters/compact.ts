/** One line per finding, `file:line:col: severity [rule] message`, for editors' problem matchers and grep. */
import { countFindings, summaryLine } from './common.js';
import type { Report } from './types.js';

export function formatCompact(report: Report): string {
  const out: string[] = [];
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
  return out.length > 0 ? out.join('\n') + '\n' : '';
}
