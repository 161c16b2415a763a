import { defineDockerfileRule } from '../../../core/rule.js';
import { eachInstruction } from './util.js';
import { redact, secretSpan, secretValue } from './secret-util.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/hardcoded-secret-value',
    title: 'Credential written into ENV, ARG or LABEL',
    severity: 'error',
    category: 'security',
    rationale:
      'A token, access key or private key written into the Dockerfile is in the repository history and in the image metadata for anyone who can pull it. The value is recognised by its format (AWS access keys, GitHub, GitLab, Slack, Stripe, Google, npm and PyPI tokens, private-key headers, JWTs, URLs with passwords) or as a random-looking string under a secret-sounding name. Revoke it, then pass it at build time with `RUN --mount=type=secret`. Messages show only the first characters of the value.',
    aliases: { trivy: ['DS-0031', 'DS031'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [
        { code: 'FROM alpine:3.20\nENV GITHUB_TOKEN=ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8\n' },
        { code: 'FROM alpine:3.20\nARG AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n' },
        { code: 'FROM alpine:3.20\nENV DATABASE_URL=postgres://app:s3cr3tPassw0rd@db:5432/app\n' },
        { code: 'FROM alpine:3.20\nENV API_SECRET=9f8Kq2LmZx7Rt4Vb1Nc6Hs3Jd\n' },
      ],
      good: [
        { code: 'FROM alpine:3.20\nARG GITHUB_TOKEN\nENV DATABASE_URL=postgres://db:5432/app\n' },
        { code: 'FROM python:3.12-slim\nENV GPG_KEY=7169605F62C751356D054A26A821E680E5FA6305\n' },
        { code: 'FROM alpine:3.20\nENV API_TOKEN=${API_TOKEN} SECRET_NAME=my-app-secret\n' },
      ],
    },
  },
  check(context) {
    for (const instruction of eachInstruction(context.dockerfile)) {
      if (instruction.kind !== 'ENV' && instruction.kind !== 'ARG' && instruction.kind !== 'LABEL') continue;
      for (const pair of instruction.pairs) {
        if (!pair.value || pair.value.variables.length > 0) continue;
        const match = secretValue(pair.key.value, pair.value.value);
        if (!match) continue;
        context.report({
          message: `${instruction.kind} ${pair.key.value} holds ${match.kind} ("${redact(match.secret)}"): it stays readable in the image; revoke it and pass it with RUN --mount=type=secret.`,
          range: pair.value.range,
          secrets: [secretSpan(context.source.text, match.secret, { start: pair.value.range.start.offset, end: pair.value.range.end.offset })],
        });
      }
    }
  },
});
