import { defineDockerfileRule } from '../../../core/rule.js';
import { exposedPorts } from './expose-util.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/expose-proto-casing',
    title: 'EXPOSE protocol not in lower case',
    severity: 'warning',
    category: 'maintainability',
    rationale: 'The builder accepts `80/TCP` today but the protocol is meant to be lower case (`tcp`, `udp`, `sctp`), as the image config and every runtime write it.',
    aliases: { buildkit: ['ExposeProtoCasing'] },
    fixable: true,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM nginx:1.27\nEXPOSE 80/TCP 53/Udp\n', output: 'FROM nginx:1.27\nEXPOSE 80/tcp 53/udp\n' }],
      good: [{ code: 'FROM nginx:1.27\nEXPOSE 80/tcp 53/udp 8080\n' }],
    },
  },
  check(context) {
    for (const { word, protocol } of exposedPorts(context.dockerfile)) {
      if (!protocol || protocol === protocol.toLowerCase() || word.raw !== word.value) continue;
      const start = word.span.end - protocol.length;
      context.report({
        message: `Protocol "${protocol}" should be lower case: write "${protocol.toLowerCase()}".`,
        range: context.source.range(start, word.span.end),
        fix: { description: `Write ${protocol.toLowerCase()}`, edits: [{ span: { start, end: word.span.end }, text: protocol.toLowerCase() }] },
      });
    }
  },
});
