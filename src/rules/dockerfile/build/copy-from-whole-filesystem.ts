import { defineDockerfileRule } from '../../../core/rule.js';
import { rootedInScratch } from './util.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/copy-from-whole-filesystem',
    title: 'COPY --from copies a whole filesystem',
    severity: 'warning',
    category: 'efficiency',
    rationale:
      '`COPY --from=build / /` brings the whole build stage (compilers, caches, package databases) into the image, which defeats the multi-stage build and can overwrite the final base image\'s files. Copy only the artefacts.',
    aliases: { hadolint: ['DL3067'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM golang:1.23 AS build\nRUN go build -o /out/app\nFROM alpine:3.20\nCOPY --from=build / /\n' }],
      good: [
        { code: 'FROM golang:1.23 AS build\nRUN go build -o /out/app\nFROM alpine:3.20\nCOPY --from=build /out/app /usr/local/bin/app\n' },
        { code: 'FROM golang:1.23 AS build\nRUN go build -o /out/app\nFROM scratch AS binaries\nCOPY --from=build /out/app /\nFROM alpine:3.20\nCOPY --from=binaries / /usr/local/bin/\nCOPY --from=tonistiigi/xx:1.6.1 / /\n' },
      ],
    },
  },
  check(context) {
    const { stages } = context.dockerfile;
    for (const stage of stages) {
      for (const instruction of stage.instructions) {
        if (instruction.kind !== 'COPY') continue;
        const from = instruction.flags.find((flag) => flag.name === 'from')?.value?.toLowerCase();
        if (!from) continue;
        // Only stages that build on an operating system image are judged: a scratch stage, or a bare alias of an image made for this (tonistiigi/xx), holds just the files meant to be copied.
        const source = stages.find((s) => s.name === from || String(s.index) === from);
        if (!source || source.index >= stage.index || source.instructions.length === 0 || source.image.unresolved.length > 0 || rootedInScratch(context.dockerfile, source)) continue;
        for (const source of instruction.sources) {
          if (!/^\/[.*]?$/.test(source.value)) continue;
          context.report({ message: 'COPY --from copies the whole filesystem of the other stage: copy only the files the image needs.', range: source.range });
        }
      }
    }
  },
});
