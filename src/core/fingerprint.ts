/**
 * Fingerprints that identify a finding across edits that move it: the rule,
 * the file, and the text at the finding (not its line number). Used for SARIF
 * `partialFingerprints` and for baselines.
 */
import { sha256Hex } from './lazy-builtins.js';
import type { SourceText } from './source.js';
import type { Finding } from './types.js';

/**
 * One fingerprint per finding, in order. Identical findings on identical text
 * (a rule firing on two equal lines) are told apart by their occurrence index.
 */
export function fingerprints(findings: readonly Finding[], source: SourceText): string[] {
  const seen = new Map<string, number>();
  return findings.map((finding) => {
    const { start, end } = finding.range;
    const text = source.text.slice(start.offset, end.offset).replace(/\s+/g, ' ').trim();
    const line = source.lineText(start.line).replace(/\s+/g, ' ').trim();
    const base = sha256Hex(`${finding.ruleId}\0${finding.file}\0${line}\0${text}`).slice(0, 32);
    const occurrence = seen.get(base) ?? 0;
    seen.set(base, occurrence + 1);
    return `${base}:${occurrence + 1}`;
  });
}
