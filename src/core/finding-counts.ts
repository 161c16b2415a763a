/**
 * Finding counts of a result (summaries, `--max-warnings`), without reading
 * findings that a result holds as text when it can count them itself.
 */
import type { LintResult } from './engine.js';
import type { Finding } from './types.js';

/** How many findings a result has, by severity, fixable, and suppressed. */
export interface FindingCounts {
  error: number;
  warning: number;
  info: number;
  fixable: number;
  suppressed: number;
}

/** A result's finding counts: its own when it keeps them, else counted from its lists. */
export function findingCountsOf(result: LintResult): FindingCounts {
  const kept = result.findingCounts?.();
  if (kept) return kept;
  const counts = countFindingList(result.findings);
  counts.suppressed = result.suppressed.length;
  return counts;
}

export function countFindingList(findings: readonly Finding[]): FindingCounts {
  const counts: FindingCounts = { error: 0, warning: 0, info: 0, fixable: 0, suppressed: 0 };
  for (const finding of findings) {
    counts[finding.severity]++;
    if (finding.fix) counts.fixable++;
  }
  return counts;
}
