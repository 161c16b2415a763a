import { defineDockerfileRule } from '../../../core/rule.js';
import { closest } from './util.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/copy-from-unknown-stage',
    title: 'COPY --from names no earlier stage',
    severity: 'warning',
    category: 'correctness',
    rationale:
      '`COPY --from=name` reads from the stage of that name; when no earlier stage has it, the builder tries to pull an image called `name` instead, which usually fails or, worse, pulls something unrelated. Name an earlier stage, or write an image reference with a tag.',
    aliases: { hadolint: ['DL3022'], 'dockerfile-utils': ['FLAG_INVALID_FROM_VALUE'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM golang:1.23 AS build\nRUN go build -o /out/app\nFROM alpine:3.20\nCOPY --from=biuld /out/app /app\n' }, { code: 'FROM alpine:3.20\nCOPY --from=2 /a /a\n' }],
      good: [
        { code: 'FROM golang:1.23 AS build\nRUN go build -o /out/app\nFROM alpine:3.20\nCOPY --from=build /out/app /app\n' },
        { code: 'FROM alpine:3.20\nCOPY --from=nginx:1.27 /etc/nginx/nginx.conf /etc/nginx/\n' },
        { code: 'FROM golang:1.23\nRUN go build -o /app\nFROM alpine:3.20\nCOPY --from=0 /app /app\n' },
      ],
    },
  },
  check(context) {
    const { stages } = context.dockerfile;
    for (const stage of stages) {
      let earlier: string[] | null = null;
      for (const instruction of stage.instructions) {
        if (instruction.kind !== 'COPY' && instruction.kind !== 'ADD') continue;
        const flag = instruction.flags.find((f) => f.name === 'from');
        if (!flag || !flag.value || flag.value.includes('$')) continue;
        const value = flag.value.toLowerCase();
        if (/^\d+$/.test(value)) {
          if (Number(value) < stage.index) continue;
          context.report({ message: `--from=${flag.value} names stage ${value}, which is not an earlier stage (this is stage ${stage.index}).`, range: flag.range });
          continue;
        }
        earlier ??= stages.slice(0, stage.index).flatMap((s) => (s.name ? [s.name] : []));
        if (earlier.includes(value) || /[:/@.]/.test(value) || value === stage.name) continue;
        const later = stages.find((s) => s.index > stage.index && s.name === value);
        const hint = closest(value, earlier);
        context.report({
          message: later
            ? `--from=${flag.value} names a stage defined later (line ${later.from.range.start.line}): a stage can only copy from stages before it.`
            : `--from=${flag.value} names no earlier stage, so the builder will try to pull an image "${flag.value}"${hint ? `; did you mean "${hint}"?` : ': name an earlier stage or give an image tag.'}`,
          range: flag.range,
        });
      }
    }
  },
});
