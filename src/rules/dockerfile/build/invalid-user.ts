import { defineDockerfileRule } from '../../../core/rule.js';
import { eachInstruction } from './util.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/invalid-user',
    title: 'USER is not `user[:group]`',
    severity: 'error',
    category: 'correctness',
    rationale:
      'USER takes one word, `user` or `user:group` (names or numbers). The builder accepts `USER app admin` or `USER app:` as written, and the container then fails to start with "unable to find user app admin".',
    aliases: { 'dockerfile-utils': ['ARGUMENT_EXTRA'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM alpine:3.20\nUSER app admin\n' }, { code: 'FROM alpine:3.20\nUSER app:\n' }],
      good: [{ code: 'FROM alpine:3.20\nUSER 10001:10001\n' }, { code: 'FROM alpine:3.20\nUSER app\n' }, { code: 'FROM alpine:3.20\nUSER ${UID}:${GID}\n' }],
    },
  },
  check(context) {
    for (const instruction of eachInstruction(context.dockerfile)) {
      if (instruction.kind !== 'USER' || !instruction.argsNode) continue;
      const value = instruction.argsText.trim();
      let problem: string | null = null;
      if (/\s/.test(value)) problem = 'has more than one word';
      else if (/^:|:$/.test(value) || value.split(':').length > 2) problem = 'is not user or user:group';
      if (problem) context.report({ message: `USER "${value}" ${problem}: write USER user or USER user:group.`, range: instruction.argsNode.range });
    }
  },
});
