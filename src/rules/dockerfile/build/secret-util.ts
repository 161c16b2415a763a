/** Credentials recognised by their value, and how to show them without leaking them. */
import type { Span } from '../../../core/source.js';
import { looksSecret } from '../secret-in-env-arg.js';

const TOKEN_PATTERNS: { kind: string; pattern: RegExp }[] = [
  { kind: 'an AWS access key ID', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/ },
  { kind: 'a GitHub token', pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}\b|\bgithub_pat_[A-Za-z0-9_]{22,}\b/ },
  { kind: 'a GitLab token', pattern: /\bglpat-[A-Za-z0-9_-]{20,}\b/ },
  { kind: 'a Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/ },
  { kind: 'a Slack webhook URL', pattern: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]+/ },
  { kind: 'a Stripe key', pattern: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{20,}\b/ },
  { kind: 'a Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { kind: 'an npm token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/ },
  { kind: 'a PyPI token', pattern: /\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}/ },
  { kind: 'a SendGrid key', pattern: /\bSG\.[\w-]{22}\.[\w-]{43}\b/ },
  { kind: 'a private key', pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----/ },
  { kind: 'a JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
  // The scheme starts where a run of scheme characters starts: trying every `\b` inside `a-a-a-…` was quadratic (scripts/bench-regex.mjs).
  { kind: 'a URL with a password', pattern: /(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*:\/\/[^\s/:@$]+:[^\s/@$]{3,}@[^\s/]+/i },
];

export interface SecretMatch {
  kind: string;
  /** The secret itself (for redaction; never shown whole). */
  secret: string;
  /** Offset of the secret in the examined text. */
  index: number;
}

/** The shortest text any of TOKEN_PATTERNS matches (`a://b:ccc@d`): most words are shorter, and skip thirteen regexes. */
const SHORTEST_TOKEN = 11;

/**
 * A literal that each of TOKEN_PATTERNS needs (`_live_`/`_test_` for Stripe, `://` for URLs):
 * one scan that rules out most texts before thirteen regexes run. Keep it in step with the list.
 */
export const TOKEN_LITERALS = /A[KS]IA|ABIA|ACCA|gh[pousr]_|github_pat_|glpat-|xox[abposr]-|_live_|_test_|AIza|npm_|pypi-|SG\.|PRIVATE KEY|eyJ|:\/\//;

/** A credential recognised by its format, or null. */
export function findTokenInText(text: string): SecretMatch | null {
  if (text.length < SHORTEST_TOKEN || !TOKEN_LITERALS.test(text)) return null;
  for (const { kind, pattern } of TOKEN_PATTERNS) {
    const match = pattern.exec(text);
    if (!match) continue;
    if (kind === 'a URL with a password') {
      const password = /:\/\/[^\s/:@]+:([^\s/@]+)@/.exec(match[0]);
      if (!password || /^(x-oauth-basic|\*+|password|pass|changeme|x+)$/i.test(password[1])) continue;
      return { kind, secret: password[1], index: match.index + match[0].indexOf(`:${password[1]}@`) + 1 };
    }
    return { kind, secret: match[0], index: match.index };
  }
  return null;
}

/** Shannon entropy in bits per character. */
function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const c of value) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** A random-looking string: long enough, varied, and not a path, URL, version or list of words. */
function looksRandom(value: string): boolean {
  if (value.length < 16 || /[\s/]/.test(value) || /^[\d.]+$/.test(value) || /^[a-z]+([-_.][a-z]+)*$/i.test(value)) return false;
  if (!/\d/.test(value) || !/[a-zA-Z]/.test(value)) return false;
  return entropy(value) >= 3.5;
}

/** A credential in the value of a variable called `name`: a known token format, or a random-looking value under a secret-sounding name. */
export function secretValue(name: string, value: string): SecretMatch | null {
  const token = findTokenInText(value);
  if (token) return token;
  if (looksSecret(name) && looksRandom(value)) return { kind: 'a hard-coded credential', secret: value, index: 0 };
  return null;
}

export { redactSecret as redact } from '../../../core/secrets.js';

/** Where `secret` is written inside `within` (offsets), for masking it in outputs; the whole of `within` when it cannot be found verbatim. */
export function secretSpan(text: string, secret: string, within: Span): Span {
  const at = text.indexOf(secret, within.start);
  return at >= 0 && at + secret.length <= within.end ? { start: at, end: at + secret.length } : within;
}
