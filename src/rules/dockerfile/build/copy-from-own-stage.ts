import { defineDockerfileRule } from '../../../core/rule.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/copy-from-own-stage',
    title: 'COPY --from names its own stage',
    severity: 'error',
    category: 'correctness',
    rationale: 'A stage cannot copy from itself: the builder reports a circular dependency. Copy from an earlier stage, or use a plain `RUN cp` inside the stage.',
    aliases: { hadolint: ['DL3023'], trivy: ['DS-0006', 'DS006'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM golang:1.23 AS build\nCOPY --from=build /out/app /app\n' }],
      good: [{ code: 'FROM golang:1.23 AS build\nRUN go build -o /out/app\nFROM alpine:3.20\nCOPY --from=build /out/app /app\n' }],
    },
  },
  check(context) {
    for (const stage of context.dockerfile.stages) {
      for (const instruction of stage.instructions) {
        if (instruction.kind !== 'COPY' && instruction.kind !== 'ADD') continue;
        const flag = instruction.flags.find((f) => f.name === 'from');
        if (!flag?.value) continue;
        const value = flag.value.toLowerCase();
        if (value !== stage.name && value !== String(stage.index)) continue;
        context.report({ message: `--from=${flag.value} names the stage this ${instruction.kind} is in: a stage cannot copy from itself.`, range: flag.range });
      }
    }
  },
});
