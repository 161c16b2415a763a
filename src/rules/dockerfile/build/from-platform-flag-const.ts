import { defineDockerfileRule } from '../../../core/rule.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/from-platform-flag-const',
    title: 'FROM --platform with a constant value',
    severity: 'warning',
    category: 'reliability',
    rationale:
      '`FROM --platform=linux/amd64` pins the stage to one platform: a multi-platform build then ships amd64 binaries in the arm64 image, and on an arm64 machine the stage runs emulated. Use `$BUILDPLATFORM` for build stages and leave the final stage to the target platform. Whether the base image exists for the platform (BuildKit\'s InvalidBaseImagePlatform) needs registry metadata and is not checked.',
    aliases: { hadolint: ['DL3029'], buildkit: ['FromPlatformFlagConstDisallowed'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM --platform=linux/amd64 node:22-slim\n' }],
      good: [{ code: 'FROM --platform=$BUILDPLATFORM golang:1.23 AS build\nFROM alpine:3.20\nCOPY --from=build /out/app /app\n' }],
    },
  },
  check(context) {
    for (const stage of context.dockerfile.stages) {
      for (const flag of stage.from.flags) {
        if (flag.name !== 'platform' || !flag.value || flag.value.includes('$')) continue;
        context.report({
          message: `FROM --platform=${flag.value} pins this stage to one platform: use $BUILDPLATFORM (build stages) or leave it out.`,
          range: flag.range,
        });
      }
    }
  },
});
