import { defineDockerfileRule } from '../../core/rule.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/unpinned-base-image',
    title: 'Base image is not pinned to a version',
    severity: 'warning',
    category: 'reliability',
    rationale:
      'An untagged image means `latest`, and `latest` moves: the same Dockerfile builds a different image next week, and a rebuild can break without any change in the repository. Pin a version tag (better, a digest) so builds are repeatable and upgrades are deliberate.',
    aliases: { hadolint: ['DL3006', 'DL3007'], checkov: ['CKV_DOCKER_7'], trivy: ['DS-0001', 'DS001'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM ubuntu\n' }, { code: 'FROM node:latest AS build\n' }, { code: 'ARG BASE=python\nFROM ${BASE}\n' }],
      good: [
        { code: 'FROM ubuntu:24.04\n' },
        { code: 'FROM alpine@sha256:4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1\n' },
        { code: 'FROM golang:1.23 AS build\nFROM build\n' },
        { code: 'FROM scratch\n' },
        { code: 'ARG BASE=python:3.12-slim\nFROM ${BASE}\n' },
      ],
    },
  },
  check(context) {
    for (const stage of context.dockerfile.stages) {
      const { image } = stage;
      const word = stage.from.image;
      if (!word || image.isScratch || image.stageRef !== null || image.digest) continue;
      // A reference built from variables without defaults cannot be judged (`FROM ${BASE}` set by --build-arg).
      if (image.unresolved.length > 0 && !image.expanded.replace(/[:@/]/g, '')) continue;
      if (image.unresolved.length > 0 && image.tag === null) continue;
      const shown = image.raw === image.expanded ? image.raw : `${image.raw}" (= "${image.expanded}`;
      if (image.tag === null) {
        context.report({
          message: `Base image "${shown}" has no tag, so it means "latest": pin a version tag or a digest (e.g. ${image.repository}:<version>).`,
          range: word.range,
        });
      } else if (image.tag.toLowerCase() === 'latest') {
        context.report({
          message: `Base image "${shown}" uses the "latest" tag, which changes under you: pin a version tag or a digest.`,
          range: word.range,
        });
      }
    }
  },
});
