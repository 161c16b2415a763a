/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF consumers: every rule's
 * metadata, results with exact regions (UTF-16 columns, as `SourceText` counts
 * them), fingerprints that survive moved lines, fixes, suppressions, and
 * notifications for files that could not be linted.
 */
import { fingerprints } from '../core/fingerprint.js';
import { secretMasker } from '../core/secrets.js';
import type { LintResult } from '../core/engine.js';
import type { AnyRule } from '../core/rule.js';
import type { Range, SourceText } from '../core/source.js';
import type { Finding, Fix, Severity } from '../core/types.js';
import { renderRuleDoc } from '../docs/rule-docs.js';
import { collectReport, encodePath, fileUri, PROJECT_URL, relativePath, reportedFindings, ruleDocsUrl, severityOrder, STREAMED_ITEMS, writeJsonStreaming } from './common.js';
import type { Report, ReportSink } from './types.js';

/** GitHub code scanning's hard limits (docs: "SARIF results exceed limit"): more is rejected. */
export const SARIF_LIMITS = { resultsPerRun: 25_000, locationsPerResult: 1_000, tagsPerRule: 20 } as const;
/** A snippet longer than this is left out rather than shortened (a snippet must be the region's whole text). */
const MAX_SNIPPET_LENGTH = 4_000;
const FINGERPRINT_KEY = 'drydockFindingHash/v1';

const LEVELS: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };
/** code scanning's scale: ≥ 9 critical, 7–8.9 high, 4–6.9 medium, 0.1–3.9 low. */
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.5', info: '3.0' };

const NOTIFICATIONS = [
  { id: 'unreadable-file', text: 'A file could not be read or decoded, so it was not linted.' },
  { id: 'parse-error', text: 'A file has syntax errors; the parts that did not parse were not linted.' },
  { id: 'internal-error', text: 'A rule failed on a file: a bug in drydock. The other rules still ran.' },
  { id: 'results-truncated', text: "There were more results than GitHub code scanning accepts in one run; the least severe were left out." },
] as const;
type NotificationId = (typeof NOTIFICATIONS)[number]['id'];

export function formatSarif(report: Report): string {
  return collectReport(writeSarif, report);
}

export function writeSarif(report: Report, write: ReportSink): void {
  const rules = report.registry.rules;
  const ruleIndex = new Map(rules.map((rule, index) => [rule.meta.id, index]));
  const notifications: object[] = [];
  const notify = (id: NotificationId, level: 'error' | 'warning' | 'note', text: string, file?: string) =>
    notifications.push({
      level,
      message: { text },
      descriptor: { id, index: NOTIFICATIONS.findIndex((n) => n.id === id) },
      ...(file ? { locations: [{ physicalLocation: { artifactLocation: artifactLocation(file, report.cwd) } }] } : {}),
    });

  for (const fileError of report.fileErrors) notify('unreadable-file', 'error', `${fileError.file}: ${fileError.message}`, fileError.file);

  // The notifications come before the results in the log: a first pass over the results finds them and what the limit keeps.
  const perSeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const result of report.results) {
    if (result.parseErrorCount > 0) {
      notify('parse-error', 'warning', `${result.file}: ${result.parseErrorCount} syntax error${result.parseErrorCount === 1 ? '' : 's'}; see the syntax findings`, result.file);
    }
    for (const message of result.internalErrors) notify('internal-error', 'error', `${result.file}: ${message}`, result.file);
    for (const finding of reportedFindings(result, report)) perSeverity[finding.severity]++;
  }
  const total = perSeverity.error + perSeverity.warning + perSeverity.info;
  // Over the limit, the most severe are kept, in file order within a severity.
  const keep = resultsKept(perSeverity, SARIF_LIMITS.resultsPerRun);
  if (total > SARIF_LIMITS.resultsPerRun) {
    notify(
      'results-truncated',
      'warning',
      `${total} results, more than the ${SARIF_LIMITS.resultsPerRun} code scanning accepts in one run: the ${total - SARIF_LIMITS.resultsPerRun} least severe were left out. Lint fewer files per run or raise --failure-level to see them all.`,
    );
  }

  const executionSuccessful = report.fileErrors.length === 0 && report.results.every((r) => r.internalErrors.length === 0);
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'drydock',
            semanticVersion: report.toolVersion,
            version: report.toolVersion,
            informationUri: PROJECT_URL,
            rules: rules.map(ruleDescriptor),
            notifications: NOTIFICATIONS.map((n) => ({ id: n.id, shortDescription: { text: n.text } })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: fileUri(report.cwd.endsWith('/') ? report.cwd : `${report.cwd}/`) } },
        columnKind: 'utf16CodeUnits',
        invocations: [{ executionSuccessful, toolExecutionNotifications: notifications }],
        results: STREAMED_ITEMS,
      },
    ],
  };
  writeJsonStreaming(log, sarifResults(report, ruleIndex, keep), write);
}

/**
 * How many results of each severity fit in `limit`: the most severe first
 * (all errors, then warnings, then infos, each in file order).
 */
function resultsKept(perSeverity: Record<Severity, number>, limit: number): Record<Severity, number> {
  let room = limit;
  const kept = { error: 0, warning: 0, info: 0 };
  for (const severity of Object.keys(perSeverity).sort((a, b) => severityOrder[a as Severity] - severityOrder[b as Severity]) as Severity[]) {
    kept[severity] = Math.min(room, perSeverity[severity]);
    room -= kept[severity];
  }
  return kept;
}

function* sarifResults(report: Report, ruleIndex: Map<string, number>, keep: Record<Severity, number>) {
  const left = { ...keep };
  for (const result of report.results) {
    const findings = reportedFindings(result, report);
    if (findings.length === 0) continue;
    const hashes = fingerprints(findings, () => result.source);
    const mask = secretMasker([...result.findings, ...result.suppressed], result.source);
    for (let i = 0; i < findings.length; i++) {
      const finding = findings[i];
      if (left[finding.severity] === 0) continue;
      left[finding.severity]--;
      yield toResult(finding, hashes[i], result, ruleIndex, report.cwd, mask);
    }
  }
}

function ruleDescriptor(rule: AnyRule) {
  const meta = rule.meta;
  const security = meta.category === 'security';
  const aliases = Object.entries(meta.aliases).flatMap(([tool, ids]) => (ids ?? []).map((id) => `${tool}:${id}`));
  // The category is the first tag, so security rules carry the `security` tag code scanning looks for.
  const tags = [meta.category, meta.domain === 'dockerfile' ? 'dockerfile' : 'kubernetes'];
  return {
    id: meta.id,
    name: pascalCase(meta.id.slice(meta.id.indexOf('/') + 1)),
    shortDescription: { text: meta.title },
    fullDescription: { text: meta.rationale },
    help: { text: `${meta.title}\n\n${meta.rationale}\n\nDocs: ${ruleDocsUrl(meta.id)}`, markdown: renderRuleDoc(rule) },
    helpUri: ruleDocsUrl(meta.id),
    defaultConfiguration: { level: LEVELS[meta.severity] },
    properties: {
      tags: tags.slice(0, SARIF_LIMITS.tagsPerRule),
      ...(security ? { 'security-severity': SECURITY_SEVERITY[meta.severity] } : {}),
      aliases,
      fixable: meta.fixable,
    },
  };
}

function toResult(finding: Finding, hash: string, result: LintResult, ruleIndex: Map<string, number>, cwd: string, mask: (text: string) => string) {
  const location = artifactLocation(finding.file, cwd);
  const index = ruleIndex.get(finding.ruleId);
  const fixes = [
    ...(finding.fix ? [toFix(finding.fix, location, result.source, true, mask)] : []),
    ...(finding.suggestions ?? []).map((suggestion) => toFix(suggestion, location, result.source, false, mask)),
  ];
  const related = (finding.related ?? []).slice(0, SARIF_LIMITS.locationsPerResult - 1);
  const suppression = finding.suppression;
  return {
    ruleId: finding.ruleId,
    ...(index !== undefined ? { ruleIndex: index } : {}),
    level: LEVELS[finding.severity],
    message: { text: finding.message },
    locations: [{ physicalLocation: { artifactLocation: location, region: region(finding.range, result.source, mask) } }],
    partialFingerprints: { [FINGERPRINT_KEY]: hash },
    ...(related.length > 0
      ? {
          relatedLocations: related.map((entry, id) => ({
            id,
            message: { text: entry.message },
            physicalLocation: { artifactLocation: artifactLocation(entry.file, cwd), region: region(entry.range, null, null) },
          })),
        }
      : {}),
    ...(fixes.length > 0 ? { fixes } : {}),
    ...(suppression
      ? {
          suppressions: [
            {
              kind: suppression.kind,
              status: 'accepted',
              ...(suppression.justification ? { justification: suppression.justification } : {}),
              ...(suppression.location
                ? { location: { physicalLocation: { artifactLocation: artifactLocation(suppression.location.file, cwd), region: region(suppression.location.range, null, null) } } }
                : {}),
              properties: { origin: suppression.origin },
            },
          ],
        }
      : {}),
  };
}

function toFix(fix: Fix, location: object, source: SourceText, safe: boolean, mask: (text: string) => string) {
  return {
    description: { text: fix.description },
    artifactChanges: [
      {
        artifactLocation: location,
        replacements: fix.edits.map((edit) => ({
          deletedRegion: region(source.range(edit.span.start, edit.span.end), null, null),
          insertedContent: { text: mask(edit.text) },
        })),
      },
    ],
    // `--fix` applies only safe fixes; the others change behaviour and are offered.
    properties: { safe },
  };
}

/** A region; with a masker, also the snippet (secrets masked). */
function region(range: Range, source: SourceText | null, mask: ((text: string) => string) | null) {
  const { start, end } = range;
  const snippet = mask && source ? mask(source.text.slice(start.offset, end.offset)) : '';
  return {
    startLine: start.line,
    startColumn: start.column,
    endLine: end.line,
    endColumn: end.column,
    ...(snippet && snippet.length <= MAX_SNIPPET_LENGTH ? { snippet: { text: snippet } } : {}),
  };
}

function artifactLocation(file: string, cwd: string) {
  const { path, inside } = relativePath(file, cwd);
  return inside ? { uri: encodePath(path), uriBaseId: '%SRCROOT%' } : { uri: fileUri(path) };
}

function pascalCase(kebab: string): string {
  return kebab.split(/[-/]/).map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
}
