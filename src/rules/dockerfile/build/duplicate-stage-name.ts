import { defineDockerfileRule } from '../../../core/rule.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/duplicate-stage-name',
    title: 'Two stages have the same name',
    severity: 'error',
    category: 'correctness',
    rationale:
      'Stage names must be unique (case-insensitively): the builder refuses a file where two `FROM … AS name` give the same name, since `COPY --from=name` and `--target name` could not tell them apart.',
    aliases: {
      hadolint: ['DL3024'],
      buildkit: ['DuplicateStageName'],
      'dockerfile-utils': ['DUPLICATE_BUILD_STAGE_NAME'],
      checkov: ['CKV_DOCKER_11'],
      trivy: ['DS-0012', 'DS012'],
    },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM node:22 AS build\nRUN npm ci\nFROM node:22 AS Build\nRUN npm test\n' }],
      good: [{ code: 'FROM node:22 AS build\nRUN npm ci\nFROM build AS test\nRUN npm test\n' }],
    },
  },
  check(context) {
    const first = new Map<string, number>();
    for (const stage of context.dockerfile.stages) {
      const alias = stage.from.alias;
      if (!stage.name || !alias) continue;
      const earlier = first.get(stage.name);
      if (earlier === undefined) {
        first.set(stage.name, stage.index);
        continue;
      }
      const previous = context.dockerfile.stages[earlier].from;
      context.report({
        message: `Stage name "${alias.raw}" is already used by the stage on line ${previous.range.start.line}: stage names must be unique.`,
        range: alias.range,
        related: previous.alias ? [{ file: context.file, range: previous.alias.range, message: 'first defined here' }] : undefined,
      });
    }
  },
});
