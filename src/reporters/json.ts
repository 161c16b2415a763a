/**
 * Machine-readable output, versioned (docs/json-format.md): a summary, then one
 * entry per file with findings in 1-based ranges plus offsets, fixes as offset edits.
 */
import { fingerprints } from '../core/fingerprint.js';
import { secretMasker } from '../core/secrets.js';
import type { Finding, Fix } from '../core/types.js';
import { collectReport, countFindings, STREAMED_ITEMS, writeJsonStreaming } from './common.js';
import type { Report, ReportSink } from './types.js';

/** Bumped when a field is removed or changes meaning; new fields do not bump it. */
export const JSON_FORMAT_VERSION = 1;

export function formatJson(report: Report): string {
  return collectReport(writeJson, report);
}

export function writeJson(report: Report, write: ReportSink): void {
  const counts = countFindings(report);
  const shell = {
    schemaVersion: JSON_FORMAT_VERSION,
    tool: { name: 'drydock', version: report.toolVersion },
    summary: {
      fileCount: report.fileErrors.length + report.results.length,
      errorCount: counts.error,
      warningCount: counts.warning,
      infoCount: counts.info,
      fixableCount: counts.fixable,
      suppressedCount: counts.suppressed,
    },
    files: STREAMED_ITEMS,
  };
  writeJsonStreaming(shell, fileEntries(report), write);
}

function* fileEntries(report: Report) {
  for (const fileError of report.fileErrors) {
    yield {
      filePath: fileError.file,
      language: null,
      errorCount: 1,
      warningCount: 0,
      infoCount: 0,
      fixableCount: 0,
      suppressedCount: 0,
      findings: [],
      fileErrors: [fileError.message],
      notes: [],
    };
  }
  for (const result of report.results) {
    // The text is read again only for what needs it: fingerprints not remembered with the
    // findings (results from --cache have them) and credentials to mask.
    const reported = [...result.findings, ...result.suppressed];
    const hashes = reported.length > 0 ? fingerprints(reported, () => result.source) : [];
    const mask = reported.some((finding) => finding.secrets?.length) ? secretMasker(reported, result.source) : (text: string) => text;
    const toJson = (finding: Finding, fingerprint: string) => findingJson(finding, fingerprint, mask);
    yield {
      filePath: result.file,
      language: result.language,
      errorCount: result.findings.filter((f) => f.severity === 'error').length + result.internalErrors.length,
      warningCount: result.findings.filter((f) => f.severity === 'warning').length,
      infoCount: result.findings.filter((f) => f.severity === 'info').length,
      fixableCount: result.findings.filter((f) => f.fix).length,
      suppressedCount: result.suppressed.length,
      findings: result.findings.map((finding, i) => toJson(finding, hashes[i])),
      ...(report.includeSuppressed ? { suppressed: result.suppressed.map((finding, i) => toJson(finding, hashes[result.findings.length + i])) } : {}),
      fileErrors: result.internalErrors,
      notes: result.notes,
    };
  }
}

function findingJson(finding: Finding, fingerprint: string, mask: (text: string) => string) {
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
    fingerprint,
    // Fix texts may repeat a credential of the file: masked like everything else in reports.
    ...(finding.fix ? { fix: maskFix(finding.fix, mask) } : {}),
    ...(finding.suggestions ? { suggestions: finding.suggestions.map((fix) => maskFix(fix, mask)) } : {}),
    ...(finding.related ? { related: finding.related } : {}),
    ...(finding.suppression ? { suppression: finding.suppression } : {}),
  };
}

function maskFix(fix: Fix, mask: (text: string) => string): Fix {
  return { ...fix, edits: fix.edits.map((edit) => ({ ...edit, text: mask(edit.text) })) };
}
