import { effectiveCommands, type ShellCommand, type ShellWord } from '../../../dockerfile/shell.js';
import { defineDockerfileRule } from '../../../core/rule.js';
import { looksSecret } from '../secret-in-env-arg.js';
import { unquotedShellText } from '../run/support.js';
import { findTokenInText, redact, secretSpan, TOKEN_LITERALS } from './secret-util.js';

/** Options whose value is a credential, by the command that takes them (`*`: any command). */
const SECRET_OPTIONS = new Set(['--password', '--passwd', '--token', '--api-key', '--apikey', '--api-token', '--auth-token', '--passphrase', '--client-secret', '--access-token', '--private-token']);
/** Values that stand for a secret without being one. */
const PLACEHOLDER = /^(x+|\*+|changeme|change_me|password|secret|token|fake|dummy|test|example|none|null|redacted|stdin|<[^>]*>|\{\{.*\}\})$/i;
/**
 * What each finding of secretsIn needs in the text (case-insensitively): a
 * secret-sounding name or option (looksSecret's words, which also cover the
 * headers and registry keys), `curl` for `-u`, or a token literal. Keep it
 * in step with secretsIn and findTokenInText.
 */
const MAY_HOLD_SECRET = new RegExp(`key|auth|credential|pass|pword|secret|token|curl|${TOKEN_LITERALS.source}`, 'iu');
const AUTH_HEADER = /^(authorization:\s*(bearer|token|basic)\s+|private-token:\s*|x-api-key:\s*|x-auth-token:\s*)(\S{6,})$/i;
/** `npm config set //registry/:_authToken VALUE`. */
const REGISTRY_AUTH_KEY = /:_(authToken|auth|password)$/;
/** `//registry/:_authToken=VALUE`. */
const REGISTRY_AUTH_SETTING = /:_(authToken|auth|password)=(\S{6,})$/;

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/secret-in-run',
    title: 'Credential on a RUN command line',
    severity: 'error',
    category: 'security',
    rationale:
      'A password or token typed into a RUN line (`curl -u user:pass`, `--password=…`, an `Authorization:` header, `TOKEN=… npm publish`, a URL with a password) is stored in the image history (`docker history` shows every RUN) and in the repository. Use `RUN --mount=type=secret,id=…` and read the secret from the file or variable it provides. Messages show only the first characters of the value.',
    aliases: {},
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [
        { code: 'FROM alpine:3.20\nRUN curl -fsSL -u deploy:Sup3rS3cret https://repo.example.com/app.tgz -o /tmp/app.tgz\n' },
        { code: 'FROM alpine:3.20\nRUN curl -fsSL -H "Authorization: Bearer abcdef123456789" https://api.example.com/x\n' },
        { code: 'FROM node:22-slim\nRUN npm config set //registry.npmjs.org/:_authToken npm_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8\n' },
        { code: 'FROM alpine:3.20\nRUN mysql --user=root --password=hunter22 -e "select 1"\n' },
        { code: 'FROM debian:12\nRUN git clone https://deploy:glpat-x7Yq2mL9pR3sT5vW@gitlab.example.com/acme/app.git /src\n' },
      ],
      good: [
        { code: 'FROM alpine:3.20\nRUN --mount=type=secret,id=token curl -fsSL -H "Authorization: Bearer $(cat /run/secrets/token)" https://api.example.com/x\n' },
        { code: 'FROM alpine:3.20\nRUN curl -fsSL -u "deploy:$DEPLOY_PASSWORD" https://repo.example.com/app.tgz -o /tmp/app.tgz\n' },
        { code: 'FROM alpine:3.20\nRUN echo "token: see docs" && useradd --password x app && login --token changeme\n' },
      ],
    },
  },
  usesShell: true,
  check(context) {
    const { dockerfile } = context;
    for (const instruction of dockerfile.instructions) {
      const run = instruction.kind === 'ONBUILD' ? instruction.trigger : instruction;
      if (!run || run.kind !== 'RUN') continue;
      // Parsing the shell is the costly part: a RUN without any of the words secretsIn needs holds nothing to report.
      const text = unquotedShellText(run);
      if (text !== null && !MAY_HOLD_SECRET.test(text)) continue;
      for (const script of context.shellScripts(run)) {
        for (const command of effectiveCommands(script)) {
          for (const finding of secretsIn(command)) {
            context.report({
              message: `${finding.what} ("${redact(finding.secret)}") is on the RUN command line, which the image history keeps: pass it with RUN --mount=type=secret instead.`,
              range: finding.word.range,
              secrets: [secretSpan(context.source.text, finding.secret, { start: finding.word.range.start.offset, end: finding.word.range.end.offset })],
            });
          }
        }
      }
    }
  },
});

interface Found {
  word: ShellWord;
  what: string;
  secret: string;
}

function secretsIn(command: ShellCommand): Found[] {
  const found: Found[] = [];
  const push = (item: Found) => {
    if (!PLACEHOLDER.test(item.secret) && !item.secret.includes('$')) found.push(item);
  };
  const args = command.args;
  for (const assignment of command.assignments) {
    const value = assignment.value?.value;
    if (assignment.value && value && value.length >= 6 && looksSecret(assignment.name)) push({ word: assignment.value, what: `The value of ${assignment.name}`, secret: value });
  }
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    const value = word.value;
    if (value === null) continue;
    const token = findTokenInText(value);
    if (token) {
      push({ word, what: token.kind.replace(/^an? /, (a) => a[0].toUpperCase() + a.slice(1)), secret: token.secret });
      continue;
    }
    // Every SECRET_OPTIONS starts with `--`.
    if (value.startsWith('--')) {
      const eq = value.indexOf('=');
      const option = eq > 0 ? value.slice(0, eq) : value;
      if (SECRET_OPTIONS.has(option.toLowerCase())) {
        const next = eq > 0 ? word : args[i + 1];
        const secret = eq > 0 ? value.slice(eq + 1) : next?.value;
        if (next && secret && secret.length >= 4 && !secret.startsWith('-')) {
          push({ word: next, what: `The value of ${option}`, secret });
          if (eq < 0) i++;
        }
        continue;
      }
    }
    if ((value === '-u' || value === '--user') && command.baseName === 'curl') {
      const next = args[i + 1];
      const secret = next?.value?.split(':').slice(1).join(':');
      if (next && secret && secret.length >= 4) push({ word: next, what: 'A curl password', secret });
      i++;
      continue;
    }
    // The header and the registry keys below all have a colon.
    if (!value.includes(':')) continue;
    const header = AUTH_HEADER.exec(value);
    if (header) {
      push({ word, what: 'An authorization header', secret: header[3] });
      continue;
    }
    if (REGISTRY_AUTH_KEY.test(value)) {
      const next = args[i + 1];
      if (next?.value && next.value.length >= 6) push({ word: next, what: 'A registry auth token', secret: next.value });
      i++;
      continue;
    }
    const inline = REGISTRY_AUTH_SETTING.exec(value);
    if (inline) push({ word, what: 'A registry auth token', secret: inline[2] });
  }
  return found;
}
