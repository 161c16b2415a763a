import { defineDockerfileRule } from '../../../core/rule.js';
import { textOf } from './util.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/from-as-casing',
    title: '`AS` keyword casing does not match `FROM`',
    severity: 'warning',
    category: 'maintainability',
    rationale:
      'Keywords are case-insensitive, but `FROM image as name` mixes styles in one line and reads like the stage name is part of the image. BuildKit warns when `AS` is not cased like its `FROM`.',
    aliases: { buildkit: ['FromAsCasing'], 'dockerfile-utils': ['INVALID_AS'] },
    fixable: true,
    defaultOptions: {},
    examples: {
      bad: [
        { code: 'FROM node:22 as build\n', output: 'FROM node:22 AS build\n' },
        { code: 'from node:22 AS build\n', output: 'from node:22 as build\n' },
      ],
      good: [{ code: 'FROM node:22 AS build\n' }, { code: 'from node:22 as build\n' }],
    },
  },
  check(context) {
    for (const stage of context.dockerfile.stages) {
      const { asKeyword, keywordNode } = stage.from;
      if (!asKeyword) continue;
      const from = textOf(context.source, keywordNode);
      const as = textOf(context.source, asKeyword);
      let wanted: string | null = null;
      if (from === from.toUpperCase()) wanted = 'AS';
      else if (from === from.toLowerCase()) wanted = 'as';
      if (wanted === null || as === wanted) continue;
      context.report({
        message: `"${as}" should be cased like "${from}": write "${wanted}".`,
        range: asKeyword.range,
        fix: { description: `Write "${wanted}"`, edits: [{ span: asKeyword.span, text: wanted }] },
      });
    }
  },
});
