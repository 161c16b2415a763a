import { defineDockerfileRule } from '../../../core/rule.js';
import { eachInstruction, textOf } from './util.js';
import { flagsOf } from './flag-util.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/duplicate-flag',
    title: 'Flag given twice',
    severity: 'error',
    category: 'syntax',
    rationale:
      'Apart from --mount, --device and --exclude, which may repeat, a flag can be given once per instruction: the builder stops with "Duplicate flag specified". When both copies are the same, `--fix` removes the second one.',
    aliases: { 'dockerfile-utils': ['FLAG_DUPLICATE'] },
    fixable: true,
    defaultOptions: {},
    examples: {
      bad: [
        { code: 'FROM node:22-slim\nCOPY --chown=node --chown=node . /app\n', output: 'FROM node:22-slim\nCOPY --chown=node . /app\n' },
        { code: 'FROM node:22-slim\nCOPY --from=build --from=deps /app /app\n' },
      ],
      good: [{ code: 'FROM node:22-slim\nRUN --mount=type=cache,target=/a --mount=type=cache,target=/b true\n' }],
    },
  },
  check(context) {
    const text = context.source.text;
    for (const instruction of eachInstruction(context.dockerfile)) {
      if (instruction.flags.length < 2) continue;
      const known = flagsOf(instruction);
      const seen = new Map<string, string>();
      for (const flag of instruction.flags) {
        if (known[flag.name] === 'list') continue;
        const written = textOf(context.source, flag);
        const first = seen.get(flag.name);
        if (first === undefined) {
          seen.set(flag.name, written);
          continue;
        }
        let end = flag.span.end;
        while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
        context.report({
          message: `--${flag.name} is given more than once: the builder refuses duplicate flags.`,
          range: flag.range,
          fix: first === written ? { description: `Remove the second ${written}`, edits: [{ span: { start: flag.span.start, end }, text: '' }] } : undefined,
        });
      }
    }
  },
});
