import { defineDockerfileRule } from '../../../core/rule.js';
import { referenceProblem } from './util.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/invalid-image-reference',
    title: 'FROM image reference is malformed',
    severity: 'error',
    category: 'syntax',
    rationale:
      'An image reference is `[registry/]name[:tag][@digest]` with a lower-case name, a tag of letters, digits, `_`, `.` and `-`, and a digest `algorithm:hex`. Anything else stops the build with "invalid reference format". References built from ARGs are checked with the values drydock can resolve.',
    aliases: { 'dockerfile-utils': ['INVALID_REFERENCE_FORMAT'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM Ubuntu:24.04\n' }, { code: 'FROM node:22:slim\n' }, { code: 'FROM alpine@sha256:123\n' }],
      good: [
        { code: 'FROM registry.example.com:5000/team/app:1.2.3@sha256:4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1\n' },
        { code: 'ARG VARIANT\nFROM busybox:stable${VARIANT}\n' },
        { code: 'FROM golang:1.23 AS Build\nFROM build\n' },
      ],
    },
  },
  check(context) {
    for (const stage of context.dockerfile.stages) {
      const word = stage.from.image;
      const { image } = stage;
      if (!word || image.isScratch || image.stageRef !== null || image.unresolved.length > 0 || image.expanded === '') continue;
      const problem = referenceProblem(image.expanded);
      if (!problem) continue;
      const shown = image.raw === image.expanded ? image.raw : `${image.raw}" (= "${image.expanded}`;
      context.report({ message: `"${shown}" is not a valid image reference: ${problem}.`, range: word.range });
    }
  },
});
