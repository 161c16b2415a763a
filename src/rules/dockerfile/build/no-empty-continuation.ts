import { defineDockerfileRule } from '../../../core/rule.js';
import { lineSpanOf } from './util.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/no-empty-continuation',
    title: 'Empty line inside a line continuation',
    severity: 'warning',
    category: 'syntax',
    rationale:
      'The builder skips blank lines inside a `\\` continuation today but warns that they will become an error; they also make it look as if the instruction ended there. Remove the line (or end the continuation before it).',
    aliases: { buildkit: ['NoEmptyContinuation'], 'dockerfile-utils': ['EMPTY_CONTINUATION_LINE'] },
    fixable: true,
    defaultOptions: {},
    examples: {
      bad: [
        {
          code: 'FROM debian:12\nRUN apt-get update && \\\n\n    apt-get install -y --no-install-recommends curl\n',
          output: 'FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y --no-install-recommends curl\n',
        },
      ],
      good: [{ code: 'FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y --no-install-recommends curl\n\nCMD ["bash"]\n' }],
    },
  },
  check(context) {
    for (const instruction of context.dockerfile.instructions) {
      for (const line of instruction.emptyContinuationLines) {
        context.report({
          message: 'Empty line inside a continuation: the builder will reject this in a future release; remove the line.',
          range: line.range,
          fix: { description: 'Remove the empty line', edits: [{ span: lineSpanOf(context.source, line), text: '' }] },
        });
      }
    }
  },
});
