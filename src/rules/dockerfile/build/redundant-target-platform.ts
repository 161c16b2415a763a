import { defineDockerfileRule } from '../../../core/rule.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/redundant-target-platform',
    title: 'FROM --platform=$TARGETPLATFORM is redundant',
    severity: 'warning',
    category: 'maintainability',
    rationale:
      'A stage is built for the target platform unless told otherwise, so `--platform=$TARGETPLATFORM` changes nothing and suggests a cross-compilation setup that is not there. Remove it (use `$BUILDPLATFORM` for stages that should run natively on the build machine). Whether the base image exists for the platform (BuildKit\'s InvalidBaseImagePlatform) needs registry metadata and is not checked.',
    aliases: { hadolint: ['DL3065'], buildkit: ['RedundantTargetPlatform'] },
    fixable: true,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM --platform=$TARGETPLATFORM alpine:3.20\n', output: 'FROM alpine:3.20\n' }, { code: 'FROM --platform=${TARGETPLATFORM} alpine:3.20 AS base\n', output: 'FROM alpine:3.20 AS base\n' }],
      good: [{ code: 'FROM --platform=$BUILDPLATFORM golang:1.23 AS build\n' }, { code: 'FROM alpine:3.20\n' }],
    },
  },
  check(context) {
    const text = context.source.text;
    for (const stage of context.dockerfile.stages) {
      for (const flag of stage.from.flags) {
        if (flag.name !== 'platform' || !flag.value || !/^\$(TARGETPLATFORM|\{TARGETPLATFORM\})$/.test(flag.value)) continue;
        let end = flag.span.end;
        while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
        context.report({
          message: 'Setting --platform to $TARGETPLATFORM is redundant: a stage is built for the target platform by default.',
          range: flag.range,
          fix: { description: 'Remove --platform=$TARGETPLATFORM', edits: [{ span: { start: flag.span.start, end }, text: '' }] },
        });
      }
    }
  },
});
