import { PREDEFINED_ARGS } from '../../../dockerfile/variables.js';
import { defineDockerfileRule } from '../../../core/rule.js';
import type { Fix } from '../../../core/types.js';
import { closest } from './util.js';

/** Operators that give an unset variable a value on purpose. */
const HANDLES_UNSET = new Set([':-', '-', ':+', '+']);

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/undefined-arg-in-from',
    title: 'FROM uses an ARG that is not declared before the first FROM',
    severity: 'warning',
    category: 'correctness',
    rationale:
      'Only ARGs declared before the first FROM (and the predefined platform args) can be used in FROM lines. Any other name expands to an empty string, so `FROM node:${NODE_VERSON}` becomes `FROM node:` and fails, or quietly pulls something else. Declare the ARG at the top of the file, or fix the typo.',
    aliases: { buildkit: ['UndefinedArgInFrom'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'ARG NODE_VERSION=22\nFROM node:${NODE_VERSON}-slim\n' }, { code: 'FROM alpine:${TAG}\n' }],
      good: [
        { code: 'ARG NODE_VERSION=22\nFROM node:${NODE_VERSION}-slim\n' },
        { code: 'FROM --platform=$BUILDPLATFORM golang:1.23 AS build\n' },
        { code: 'FROM alpine:${TAG:-3.20}\n' },
      ],
    },
  },
  check(context) {
    const declared = new Set<string>(PREDEFINED_ARGS);
    for (const arg of context.dockerfile.globalArgs) for (const pair of arg.pairs) declared.add(pair.key.value);
    for (const stage of context.dockerfile.stages) {
      const from = stage.from;
      const refs = from.image ? from.image.variables : [];
      for (const flag of from.flags) {
        if (flag.name !== 'platform' || !flag.valueNode || !flag.value) continue;
        for (const match of flag.value.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) {
          if (!declared.has(match[1])) report(match[1], flag.valueNode.range, null);
        }
      }
      for (const ref of refs) {
        if (declared.has(ref.name) || (ref.operator !== null && HANDLES_UNSET.has(ref.operator))) continue;
        report(ref.name, ref.range, ref.span);
      }
    }

    function report(name: string, range: Parameters<typeof context.report>[0]['range'], span: { start: number; end: number } | null) {
      const hint = closest(name, declared);
      let suggestion: Fix | undefined;
      if (hint && span) {
        const text = context.source.text.slice(span.start, span.end);
        suggestion = { description: `Use ${hint}`, edits: [{ span, text: text.replace(name, hint) }] };
      }
      context.report({
        message: `FROM uses ARG "${name}", which is not declared before the first FROM, so it expands to an empty string${hint ? `; did you mean "${hint}"?` : ': declare it with ARG at the top of the file.'}`,
        range,
        suggestions: suggestion ? [suggestion] : undefined,
      });
    }
  },
});
