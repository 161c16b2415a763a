/** Machine-readable output: one entry per file, findings with 1-based ranges and offsets, fixes as offset edits. */
import type { Finding } from '../core/types.js';
import type { Report } from './types.js';

export function formatJson(report: Report): string {
  const files = [
    ...report.fileErrors.map((fileError) => ({
      filePath: fileError.file,
      language: null,
      errorCount: 1,
      warningCount: 0,
      infoCount: 0,
      fixableCount: 0,
      findings: [],
      fileErrors: [fileError.message],
      notes: [],
    })),
    ...report.results.map((result) => ({
      filePath: result.file,
      language: result.language,
      errorCount: result.findings.filter((f) => f.severity === 'error').length + result.internalErrors.length,
      warningCount: result.findings.filter((f) => f.severity === 'warning').length,
      infoCount: result.findings.filter((f) => f.severity === 'info').length,
      fixableCount: result.findings.filter((f) => f.fix).length,
      findings: result.findings.map(toJson),
      fileErrors: result.internalErrors,
      notes: result.notes,
    })),
  ];
  return JSON.stringify(files, null, 2) + '\n';
}

function toJson(finding: Finding) {
  const { start, end } = finding.range;
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    message: finding.message,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    startOffset: start.offset,
    endOffset: end.offset,
    ...(finding.fix ? { fix: finding.fix } : {}),
    ...(finding.suggestions ? { suggestions: finding.suggestions } : {}),
    ...(finding.related ? { related: finding.related } : {}),
  };
}
