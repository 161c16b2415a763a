import { defineDockerfileRule } from '../../../core/rule.js';
import { closest, eachInstruction, textOf } from './util.js';
import { flagsOf } from './flag-util.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/unknown-flag',
    title: 'Flag the instruction does not accept',
    severity: 'error',
    category: 'syntax',
    rationale:
      'The builder rejects a flag an instruction does not know (`unknown flag: chwon`), so the build fails at that line. Fix the typo or remove the flag; COPY accepts --from, --chown, --chmod, --link, --parents and --exclude, ADD also --checksum, --keep-git-dir and --unpack, RUN --mount, --network and --security, FROM --platform.',
    aliases: { 'dockerfile-utils': ['UNKNOWN_ADD_FLAG', 'UNKNOWN_COPY_FLAG', 'UNKNOWN_FROM_FLAG', 'UNKNOWN_HEALTHCHECK_FLAG'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM node:22-slim\nCOPY --chwon=node:node . /app\n' }, { code: 'FROM node:22-slim\nWORKDIR --parents /app\n' }],
      good: [{ code: 'FROM --platform=$BUILDPLATFORM node:22-slim\nCOPY --chown=node:node --chmod=644 --link . /app\nRUN --mount=type=cache,target=/root/.npm npm ci\n' }],
    },
  },
  check(context) {
    for (const instruction of eachInstruction(context.dockerfile)) {
      if (instruction.kind === 'UNKNOWN' || instruction.flags.length === 0) continue;
      const known = flagsOf(instruction);
      for (const flag of instruction.flags) {
        if (flag.name in known) continue;
        const hint = closest(flag.name, Object.keys(known));
        const written = textOf(context.source, flag.nameNode);
        context.report({
          message: `${instruction.kind} has no flag "${written}"${hint ? `; did you mean "--${hint}"?` : Object.keys(known).length ? ` (it accepts ${Object.keys(known).map((k) => `--${k}`).join(', ')})` : ' (it accepts none)'}.`,
          range: flag.nameNode.range,
          suggestions: hint ? [{ description: `Write --${hint}`, edits: [{ span: flag.nameNode.span, text: `--${hint}` }] }] : undefined,
        });
      }
    }
  },
});
