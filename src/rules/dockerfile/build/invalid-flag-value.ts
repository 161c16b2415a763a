import type { Flag } from '../../../dockerfile/ast.js';
import { defineDockerfileRule } from '../../../core/rule.js';
import { eachInstruction } from './util.js';
import { flagsOf } from './flag-util.js';

const ENUMS: Record<string, string[]> = { network: ['default', 'none', 'host'], security: ['sandbox', 'insecure'] };
const MOUNT_TYPES = ['bind', 'cache', 'tmpfs', 'secret', 'ssh'];

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/invalid-flag-value',
    title: 'Flag value the builder rejects',
    severity: 'error',
    category: 'syntax',
    rationale:
      'The builder checks flag values before it runs anything: a boolean flag takes `true` or `false`, a value flag needs a value, `--chmod` is octal (or symbolic), `--network` is default, none or host, `--security` sandbox or insecure, a mount type is bind, cache, tmpfs, secret or ssh, and `--checksum` is `sha256:<64 hex digits>`. A bad value fails the build. HEALTHCHECK durations are checked by dockerfile/syntax.',
    aliases: { 'dockerfile-utils': ['FLAG_MISSING_VALUE', 'FLAG_EXPECTED_BOOLEAN_VALUE', 'FLAG_INVALID_LINK_VALUE'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [
        { code: 'FROM node:22-slim\nCOPY --link=yes . /app\n' },
        { code: 'FROM node:22-slim\nCOPY --chmod=rwx . /app\n' },
        { code: 'FROM node:22-slim\nRUN --network=bridge npm ci\n' },
        { code: 'FROM node:22-slim\nRUN --mount=type=volume,target=/x true\n' },
        { code: 'FROM node:22-slim\nCOPY --from . /app\n' },
      ],
      good: [
        { code: 'FROM node:22-slim\nCOPY --link --chmod=0755 --chown=node:node . /app\nRUN --network=none --mount=type=cache,target=/root/.npm npm ci\n' },
        { code: 'ARG MODE=644\nFROM node:22-slim\nCOPY --chmod=$MODE . /app\nCOPY --chmod=u+rwx,go+rx run.sh /usr/local/bin/\n' },
      ],
    },
  },
  check(context) {
    for (const instruction of eachInstruction(context.dockerfile)) {
      if (instruction.kind === 'HEALTHCHECK' || instruction.flags.length === 0) continue;
      const known = flagsOf(instruction);
      for (const flag of instruction.flags) {
        const kind = known[flag.name];
        if (!kind) continue;
        const problem = kind === 'bool' ? boolProblem(flag) : valueProblem(flag);
        if (problem) context.report({ message: `--${flag.name}: ${problem}.`, range: flag.valueNode?.range ?? flag.range });
      }
    }
  },
});

function boolProblem(flag: Flag): string | null {
  if (flag.value === null || flag.value.includes('$')) return null;
  return ['true', 'false'].includes(flag.value.toLowerCase()) ? null : `expects true or false, not "${flag.value}"`;
}

function valueProblem(flag: Flag): string | null {
  if (flag.value === null) return `needs a value (--${flag.name}=…)`;
  if (flag.value === '') return ['from', 'platform', 'mount'].includes(flag.name) ? `needs a value (--${flag.name}=…)` : null;
  const value = flag.value;
  if (value.includes('$')) return null;
  switch (flag.name) {
    case 'chmod':
      return /^[0-7]{3,4}$/.test(value) || /^([ugoa]*[-+=][rwxXst]*)(,[ugoa]*[-+=][rwxXst]*)*$/.test(value) ? null : `"${value}" is not an octal mode (e.g. 0755) or a symbolic one (u+x)`;
    case 'network':
    case 'security':
      return ENUMS[flag.name].includes(value) ? null : `"${value}" is not one of ${ENUMS[flag.name].join(', ')}`;
    case 'checksum':
      return /^sha(256|384|512):[0-9a-fA-F]+$/.test(value) || /^[0-9a-f]{40}$/.test(value) ? null : `"${value}" is not a digest like sha256:<hex>`;
    case 'mount': {
      const type = /(?:^|,)type=([^,]*)/.exec(value)?.[1] ?? 'bind';
      return MOUNT_TYPES.includes(type) ? null : `mount type "${type}" is not one of ${MOUNT_TYPES.join(', ')}`;
    }
    default:
      return null;
  }
}
