/**
 * GitLab Code Quality report (a subset of the Code Climate issue format):
 * a JSON array of issues with a unique fingerprint each, for merge request widgets.
 */
import { fingerprints } from '../core/fingerprint.js';
import type { Severity } from '../core/types.js';
import { relativePath } from './common.js';
import type { Report } from './types.js';

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
  const issues: object[] = [];
  for (const fileError of report.fileErrors) {
    issues.push({
      type: 'issue',
      check_name: 'drydock/file-error',
      description: `${fileError.file}: ${fileError.message}`,
      categories: ['Bug Risk'],
      severity: 'critical',
      fingerprint: `file-error:${relativePath(fileError.file, report.cwd).path}`,
      location: { path: relativePath(fileError.file, report.cwd).path, lines: { begin: 1 } },
    });
  }
  for (const result of report.results) {
    const hashes = fingerprints(result.findings, result.source);
    const path = relativePath(result.file, report.cwd).path;
    result.findings.forEach((finding, i) => {
      const category = report.registry.get(finding.ruleId)?.meta.category;
      const { start, end } = finding.range;
      issues.push({
        type: 'issue',
        check_name: finding.ruleId,
        description: finding.message,
        categories: [CATEGORIES[category ?? ''] ?? 'Bug Risk'],
        severity: SEVERITIES[finding.severity],
        fingerprint: hashes[i],
        location: { path, positions: { begin: { line: start.line, column: start.column }, end: { line: end.line, column: end.column } } },
      });
    });
  }
  return JSON.stringify(issues, null, 2) + '\n';
}
