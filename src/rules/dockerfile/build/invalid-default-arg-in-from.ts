import { PREDEFINED_ARGS } from '../../../dockerfile/variables.js';
import { defineDockerfileRule } from '../../../core/rule.js';
import { referenceProblem } from './util.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/invalid-default-arg-in-from',
    title: 'FROM is invalid with the ARG defaults',
    severity: 'warning',
    category: 'correctness',
    rationale:
      'A FROM line built from ARGs should give a valid image when no `--build-arg` is passed: `ARG TAG` without a default makes `FROM alpine:${TAG}` read `alpine:`, which fails. Give the ARG a default so a plain `docker build` works.',
    aliases: { buildkit: ['InvalidDefaultArgInFrom'], 'dockerfile-utils': ['BASE_NAME_EMPTY'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'ARG TAG\nFROM alpine:${TAG}\n' }, { code: 'ARG IMAGE\nFROM ${IMAGE}\n' }],
      good: [{ code: 'ARG TAG=3.20\nFROM alpine:${TAG}\n' }, { code: 'ARG TAG\nFROM alpine:${TAG:-3.20}\n' }, { code: 'FROM --platform=$BUILDPLATFORM alpine:3.20\n' }],
    },
  },
  check(context) {
    const { dockerfile } = context;
    const valueless = new Set<string>();
    for (const arg of dockerfile.globalArgs) for (const pair of arg.pairs) if (!pair.value) valueless.add(pair.key.value);
    for (const stage of dockerfile.stages) {
      const word = stage.from.image;
      if (!word || stage.image.stageRef !== null) continue;
      const missing = stage.image.unresolved.filter((name) => valueless.has(name) && !PREDEFINED_ARGS.includes(name));
      if (missing.length === 0 || stage.image.unresolved.length !== missing.length) continue;
      const value = stage.image.expanded;
      const problem = referenceProblem(value);
      if (!problem) continue;
      context.report({
        message: `With the default value of ARG ${missing.join(', ')} (none), FROM reads "${value}", which is not a valid image reference (${problem}): give the ARG a default.`,
        range: word.range,
      });
    }
  },
});
