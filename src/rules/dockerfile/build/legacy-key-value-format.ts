import { defineDockerfileRule } from '../../../core/rule.js';
import type { Fix } from '../../../core/types.js';
import { eachInstruction } from './util.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/legacy-key-value-format',
    title: 'ENV or LABEL in the legacy `key value` form',
    severity: 'warning',
    category: 'maintainability',
    rationale:
      '`ENV key value` sets one variable to the whole rest of the line, while `ENV key=value other=x` sets two: the legacy form reads like the other and is easy to get wrong when editing. It is deprecated; write `key=value`.',
    aliases: { buildkit: ['LegacyKeyValueFormat'], 'dockerfile-utils': ['SYNTAX_MISSING_EQUALS'] },
    fixable: true,
    defaultOptions: {},
    examples: {
      bad: [
        { code: 'FROM alpine:3.20\nENV APP_HOME /srv/app\n', output: 'FROM alpine:3.20\nENV APP_HOME=/srv/app\n' },
        { code: 'FROM alpine:3.20\nLABEL description A small image\n', output: 'FROM alpine:3.20\nLABEL description="A small image"\n' },
      ],
      good: [{ code: 'FROM alpine:3.20\nENV APP_HOME=/srv/app\nLABEL description="A small image"\n' }],
    },
  },
  check(context) {
    const escape = context.dockerfile.escapeChar;
    for (const instruction of eachInstruction(context.dockerfile)) {
      if (instruction.kind !== 'ENV' && instruction.kind !== 'LABEL') continue;
      for (const pair of instruction.pairs) {
        if (!pair.legacy) continue;
        let fix: Fix | undefined;
        const value = pair.value;
        if (value) {
          const gap = { start: pair.key.span.end, end: value.span.start };
          const raw = value.raw;
          if (!/\s/.test(raw)) {
            fix = { description: 'Write key=value', edits: [{ span: gap, text: '=' }] };
          } else if (!raw.includes('"') && !raw.includes("'") && !raw.includes(escape)) {
            fix = {
              description: 'Write key="value"',
              edits: [
                { span: gap, text: '="' },
                { span: { start: value.span.end, end: value.span.end }, text: '"' },
              ],
            };
          }
        }
        context.report({
          message: `"${instruction.kind} ${pair.key.raw} …" uses the legacy space-separated form: write ${pair.key.raw}=<value>.`,
          range: pair.range,
          fix,
        });
      }
    }
  },
});
