import { defineDockerfileRule } from '../../core/rule.js';

/** BuildKit's deny tokens (dockerfile2llb/validations.go), matched as whole `_`-separated words. */
const DENY_TOKENS = ['apikey', 'auth', 'credential', 'credentials', 'key', 'password', 'pword', 'passwd', 'secret', 'token'];
/**
 * BuildKit's allow tokens (public, file, version) plus words that name a secret's
 * location or kind rather than the secret (GPG_KEY fingerprints, AUTH_MODE, TOKEN_URL).
 */
const ALLOW_TOKENS = ['public', 'file', 'version', 'path', 'dir', 'gpg', 'pgp', 'fingerprint', 'mode', 'method', 'type', 'url', 'host', 'header', 'length', 'size', 'endpoint', 'server'];

interface Options {
  /** Extra names (case-insensitive, exact) that are not secrets. */
  allowNames: string[];
}

export default defineDockerfileRule<Options>({
  meta: {
    id: 'dockerfile/secret-in-env-arg',
    title: 'Secret passed through ENV or ARG',
    severity: 'warning',
    category: 'security',
    rationale:
      'ENV values are stored in the image config and ARG values in its build history: anyone who can pull the image can read them (`docker history`, `docker inspect`). Pass secrets at build time with `RUN --mount=type=secret`, and at run time through the orchestrator\'s secrets.',
    aliases: { hadolint: ['DL3064'], buildkit: ['SecretsUsedInArgOrEnv'], trivy: ['DS-0031', 'DS031'] },
    fixable: false,
    defaultOptions: { allowNames: [] },
    examples: {
      bad: [{ code: 'FROM alpine:3.20\nARG GITHUB_TOKEN\nRUN echo "$GITHUB_TOKEN" > /tmp/t\n' }, { code: 'FROM alpine:3.20\nENV DB_PASSWORD=hunter2\n' }],
      good: [
        { code: 'FROM alpine:3.20\nRUN --mount=type=secret,id=github_token cat /run/secrets/github_token\n' },
        { code: 'FROM python:3.12-slim\nENV GPG_KEY=7169605F62C751356D054A26A821E680E5FA6305 PASSWORD_FILE=/run/secrets/db\n' },
        { code: 'FROM alpine:3.20\nENV KEYCLOAK_VERSION=26.0 MONKEY=1\n' },
      ],
    },
  },
  check(context) {
    let allowed: Set<string> | null = null;
    for (const instruction of context.dockerfile.instructions) {
      const target = instruction.kind === 'ONBUILD' ? instruction.trigger : instruction;
      if (!target || (target.kind !== 'ENV' && target.kind !== 'ARG')) continue;
      for (const pair of target.pairs) {
        if (!looksSecret(pair.key.value)) continue;
        allowed ??= new Set(context.options.allowNames.map((n) => n.toLowerCase()));
        if (allowed.has(pair.key.value.toLowerCase())) continue;
        context.report({
          message: `${target.kind} "${pair.key.value}" looks like a secret, and ${target.kind} values stay readable in the image: use RUN --mount=type=secret instead.`,
          range: pair.key.range,
          // A literal value under a secret's name is the secret: keep it out of every output.
          ...(pair.value && pair.value.value && pair.value.variables.length === 0 ? { secrets: [pair.value.range] } : {}),
        });
      }
    }
  },
});

/** Text that one of DENY_TOKENS needs: names without it (most of them) are not split into words at all. */
// `u`: the lower-casing below maps the Kelvin sign to `k`, and so does Unicode case folding.
const MAY_NAME_SECRET = /key|auth|credential|pass|pword|secret|token/iu;

/** Splits `dbPassword`, `DB_PASSWORD`, `db-password`, `db.password` into lower-case words. */
export function looksSecret(name: string): boolean {
  if (!MAY_NAME_SECRET.test(name)) return false;
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[_.\-]+/)
    .filter(Boolean);
  return words.some((w) => DENY_TOKENS.includes(w)) && !words.some((w) => ALLOW_TOKENS.includes(w));
}
