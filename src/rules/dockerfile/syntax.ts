import { defineDockerfileRule } from '../../core/rule.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/syntax',
    title: 'Dockerfile syntax error',
    severity: 'error',
    category: 'syntax',
    rationale:
      'The builder rejects this line, so the image does not build. drydock reports it with its exact range and goes on parsing at the next instruction, so every other problem is still found.',
    aliases: { hadolint: ['DL1000'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM alpine:3.20\nRUNN echo hi\n' }, { code: 'FROM\n' }],
      good: [{ code: 'FROM alpine:3.20\nRUN echo hi\n' }],
    },
  },
  check(context) {
    for (const error of context.dockerfile.errors) context.report({ message: error.message, range: error.range });
  },
});
