/**
 * Keeping secrets out of every output. A rule that finds a credential reports
 * where it is (`secrets` on the finding); from then on the engine masks it in
 * every finding's message of that file, and reporters mask it wherever they
 * show source text (code frames, SARIF snippets and fixes, fix diffs).
 */
import type { SourceText } from './source.js';
import type { Finding } from './types.js';

/** Shorter strings are not worth masking elsewhere in the output: they would hide ordinary words. */
const MIN_MASKED_LENGTH = 4;

/** The first characters of a secret and a fixed mask: `ghp_****`. For messages. */
export function redactSecret(secret: string): string {
  return `${secret.slice(0, shownPrefix(secret))}****`;
}

/** The secret's first characters, the rest as `*`: same length, so columns and carets stay aligned. */
export function maskSecret(secret: string): string {
  const shown = shownPrefix(secret);
  return secret.slice(0, shown) + '*'.repeat(secret.length - shown);
}

function shownPrefix(secret: string): number {
  return secret.length >= 12 ? 4 : secret.length >= 6 ? 2 : 0;
}

/** The secret texts the findings of one file point at (active and suppressed), longest first. */
export function secretTexts(findings: Iterable<Finding>, source: SourceText): string[] {
  const texts = new Set<string>();
  for (const finding of findings) {
    for (const range of finding.secrets ?? []) {
      const text = source.text.slice(range.start.offset, range.end.offset).trim();
      // A quoted YAML or shell value: mask what is inside the quotes, which may also appear unquoted elsewhere.
      const secret = /^(["'])(.*)\1$/s.exec(text)?.[2] ?? text;
      if (secret.length >= MIN_MASKED_LENGTH) texts.add(secret);
    }
  }
  return [...texts].sort((a, b) => b.length - a.length);
}

/** Replaces every occurrence of the secrets in `text` by their masked form. */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  let masked = text;
  for (const secret of secrets) {
    if (masked.includes(secret)) masked = masked.split(secret).join(maskSecret(secret));
  }
  return masked;
}

/** A masker for one file's output; the identity when the file holds no reported secret. */
export function secretMasker(findings: Iterable<Finding>, source: SourceText): (text: string) => string {
  const secrets = secretTexts(findings, source);
  return secrets.length === 0 ? (text) => text : (text) => maskSecrets(text, secrets);
}

/**
 * Masks the file's secrets in what findings say (messages, fix and
 * suggestion descriptions, related messages), so that no reporter and no
 * editor can show them. Fix edits keep the real text: they must apply.
 */
export function redactFindings(findings: Finding[], source: SourceText): Finding[] {
  const secrets = secretTexts(findings, source);
  if (secrets.length === 0) return findings;
  const mask = (text: string) => maskSecrets(text, secrets);
  for (const finding of findings) {
    finding.message = mask(finding.message);
    if (finding.fix) finding.fix = { ...finding.fix, description: mask(finding.fix.description) };
    if (finding.suggestions) finding.suggestions = finding.suggestions.map((fix) => ({ ...fix, description: mask(fix.description) }));
    if (finding.related) finding.related = finding.related.map((related) => ({ ...related, message: mask(related.message) }));
  }
  return findings;
}
