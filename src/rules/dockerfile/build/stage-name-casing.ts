import type { Dockerfile, Instruction } from '../../../dockerfile/ast.js';
import { defineDockerfileRule } from '../../../core/rule.js';
import type { TextEdit } from '../../../core/types.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/stage-name-casing',
    title: 'Stage name is not lower case',
    severity: 'warning',
    category: 'maintainability',
    rationale:
      'The builder lower-cases stage names, so `AS Builder` is the stage `builder` and `COPY --from=BUILDER` finds it too. Writing names in lower case keeps them matching what the builder, `--target` and the build output show, and keeps them apart from the upper-case instruction keywords.',
    aliases: { buildkit: ['StageNameCasing'] },
    fixable: true,
    defaultOptions: {},
    examples: {
      bad: [
        { code: 'FROM golang:1.23 AS Builder\nRUN go build -o /app\n', output: 'FROM golang:1.23 AS builder\nRUN go build -o /app\n' },
        {
          code: 'FROM golang:1.23 AS Build\nRUN go build -o /app\nFROM Build AS Test\nRUN --mount=type=cache,from=BUILD,target=/c true\nFROM alpine:3.20\nCOPY --from=Build /app /app\n',
          output: 'FROM golang:1.23 AS build\nRUN go build -o /app\nFROM build AS test\nRUN --mount=type=cache,from=build,target=/c true\nFROM alpine:3.20\nCOPY --from=build /app /app\n',
        },
      ],
      good: [{ code: 'FROM golang:1.23 AS builder\nRUN go build -o /app\n' }],
    },
  },
  check(context) {
    for (const stage of context.dockerfile.stages) {
      const alias = stage.from.alias;
      if (!alias || alias.variables.length > 0 || alias.raw === alias.raw.toLowerCase()) continue;
      const lower = alias.raw.toLowerCase();
      context.report({
        message: `Stage name "${alias.raw}" should be lower case: the builder calls it "${lower}".`,
        range: alias.range,
        // Every reference is renamed with it: BuildKit matches stage names case-insensitively, but other builders (buildah) do not.
        fix: { description: `Rename the stage to "${lower}", and its references`, edits: [{ span: alias.span, text: lower }, ...referenceEdits(context.dockerfile, lower)] },
      });
    }
  },
});

/** Edits that rewrite `FROM <stage>`, `--from=<stage>` and `--mount=…,from=<stage>` references to the lower-case name. */
function referenceEdits(dockerfile: Dockerfile, lower: string): TextEdit[] {
  const edits: TextEdit[] = [];
  const rename = (start: number, text: string) => {
    if (text.toLowerCase() === lower && text !== lower) edits.push({ span: { start, end: start + text.length }, text: lower });
  };
  const visit = (instruction: Instruction) => {
    if (instruction.kind === 'ONBUILD') {
      if (instruction.trigger) visit(instruction.trigger);
      return;
    }
    if (instruction.kind === 'FROM' && instruction.image) rename(instruction.image.span.start, instruction.image.raw);
    for (const flag of instruction.flags) {
      if (!flag.valueNode || flag.value === null) continue;
      if (flag.name === 'from') rename(flag.valueNode.span.start, flag.value);
      if (flag.name === 'mount') {
        for (const match of flag.value.matchAll(/(?:^|,)from=([^,]*)/g)) rename(flag.valueNode.span.start + match.index + match[0].length - match[1].length, match[1]);
      }
    }
  };
  for (const instruction of dockerfile.instructions) visit(instruction);
  return edits;
}
