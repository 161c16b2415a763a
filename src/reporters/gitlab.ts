/**
 * GitLab Code Quality report (a subset of the Code Climate issue format):
 * a JSON array of issues with a unique fingerprint each, for merge request widgets.
 */
import { fingerprints } from '../core/fingerprint.js';
import type { Severity } from '../core/types.js';
import { collectReport, relativePath, STREAMED_ITEMS, writeJsonStreaming } from './common.js';
import type { Report, ReportSink } from './types.js';

const SEVERITIES: Record<Severity, string> = { error: 'major', warning: 'minor', info: 'info' };
const CATEGORIES: Record<string, string> = {
  security: 'Security',
  reliability: 'Bug Risk',
  correctness: 'Bug Risk',
  syntax: 'Bug Risk',
  efficiency: 'Performance',
  maintainability: 'Style',
};

export function formatGitlab(report: Report): string {
  return collectReport(writeGitlab, report);
}

export function writeGitlab(report: Report, write: ReportSink): void {
  writeJsonStreaming(STREAMED_ITEMS, issues(report), write);
}

function* issues(report: Report) {
  for (const fileError of report.fileErrors) {
    yield {
      type: 'issue',
      check_name: 'drydock/file-error',
      description: `${fileError.file}: ${fileError.message}`,
      categories: ['Bug Risk'],
      severity: 'critical',
      fingerprint: `file-error:${relativePath(fileError.file, report.cwd).path}`,
      location: { path: relativePath(fileError.file, report.cwd).path, lines: { begin: 1 } },
    };
  }
  for (const result of report.results) {
    if (result.findings.length === 0) continue;
    const hashes = fingerprints(result.findings, () => result.source);
    const path = relativePath(result.file, report.cwd).path;
    for (let i = 0; i < result.findings.length; i++) {
      const finding = result.findings[i];
      const category = report.registry.get(finding.ruleId)?.meta.category;
      const { start, end } = finding.range;
      yield {
        type: 'issue',
        check_name: finding.ruleId,
        description: finding.message,
        categories: [CATEGORIES[category ?? ''] ?? 'Bug Risk'],
        severity: SEVERITIES[finding.severity],
        fingerprint: hashes[i],
        location: { path, positions: { begin: { line: start.line, column: start.column }, end: { line: end.line, column: end.column } } },
      };
    }
  }
}
