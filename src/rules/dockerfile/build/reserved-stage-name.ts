import { defineDockerfileRule } from '../../../core/rule.js';

const RESERVED = ['scratch', 'context'];

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/reserved-stage-name',
    title: 'Stage named with a reserved word',
    severity: 'error',
    category: 'correctness',
    rationale:
      '`scratch` is the empty image and `context` names the build context in `COPY --from` and bake files: a stage with either name is ambiguous, and `FROM scratch` after it would not mean what it says. Choose another name.',
    aliases: { hadolint: ['DL3063'], buildkit: ['ReservedStageName'], 'dockerfile-utils': ['INVALID_BUILD_STAGE_NAME'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM alpine:3.20 AS scratch\n' }, { code: 'FROM alpine:3.20 AS Context\n' }],
      good: [{ code: 'FROM alpine:3.20 AS base\nFROM scratch\nCOPY --from=base /etc/passwd /etc/passwd\n' }],
    },
  },
  check(context) {
    for (const stage of context.dockerfile.stages) {
      if (!stage.name || !stage.from.alias || !RESERVED.includes(stage.name)) continue;
      context.report({
        message: `"${stage.from.alias.raw}" is a reserved word and cannot name a stage: choose another name.`,
        range: stage.from.alias.range,
      });
    }
  },
});
