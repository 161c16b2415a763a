/**
 * Fingerprints that identify a finding across edits that move it: the rule,
 * the file, and the text at the finding (not its line number). Used for SARIF
 * `partialFingerprints` and for baselines.
 *
 * A fingerprint is a base (the hash) and an occurrence index. Bases can be
 * computed where the text is at hand and remembered with the findings
 * (`rememberFingerprintBases`): results taken from `--cache` carry them, so
 * their report does not read every file again.
 */
import { sha256Hex } from './lazy-builtins.js';
import type { SourceText } from './source.js';
import type { Finding } from './types.js';

/** The hash part of a finding's fingerprint: its rule, file, line text and range text. */
export function fingerprintBase(finding: Finding, source: SourceText): string {
  const { start, end } = finding.range;
  const text = source.text.slice(start.offset, end.offset).replace(/\s+/g, ' ').trim();
  const line = source.lineText(start.line).replace(/\s+/g, ' ').trim();
  return sha256Hex(`${finding.ruleId}\0${finding.file}\0${line}\0${text}`).slice(0, 32);
}

/** Bases computed earlier (where the text was at hand), by finding. */
const remembered = new WeakMap<Finding, string>();

/** Remembers `bases[i]` as the fingerprint base of `findings[i]`. */
export function rememberFingerprintBases(findings: readonly Finding[], bases: readonly string[]): void {
  if (bases.length !== findings.length) return;
  for (let i = 0; i < findings.length; i++) remembered.set(findings[i], bases[i]);
}

/**
 * One fingerprint per finding, in order. Identical findings on identical text
 * (a rule firing on two equal lines) are told apart by their occurrence index.
 * The source is asked for (once) only when a finding has no remembered base.
 */
export function fingerprints(findings: readonly Finding[], source: SourceText | (() => SourceText)): string[] {
  const seen = new Map<string, number>();
  let text: SourceText | null = typeof source === 'function' ? null : source;
  return findings.map((finding) => {
    let base = remembered.get(finding);
    if (base === undefined) {
      text ??= (source as () => SourceText)();
      base = fingerprintBase(finding, text);
    }
    const occurrence = seen.get(base) ?? 0;
    seen.set(base, occurrence + 1);
    return `${base}:${occurrence + 1}`;
  });
}
