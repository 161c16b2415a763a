import type { Dockerfile, Stage } from '../../../dockerfile/ast.js';
import { defineDockerfileRule } from '../../../core/rule.js';
import { rootedInScratch } from './util.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/scratch-user-name',
    title: 'USER name in an image with no /etc/passwd',
    severity: 'error',
    category: 'correctness',
    rationale:
      'An image built `FROM scratch` has no `/etc/passwd` unless one is copied in, so `USER app` cannot be resolved and the container fails to start ("unable to find user app"). Use a numeric UID (`USER 65532:65532`) or copy `/etc/passwd` (and `/etc/group`) from the build stage.',
    aliases: {},
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM golang:1.23 AS build\nRUN go build -o /app\nFROM scratch\nCOPY --from=build /app /app\nUSER app\n' }],
      good: [
        { code: 'FROM scratch\nCOPY app /app\nUSER 65532:65532\n' },
        { code: 'FROM alpine:3.20 AS build\nRUN adduser -D app\nFROM scratch\nCOPY --from=build /etc/passwd /etc/passwd\nUSER app\n' },
      ],
    },
  },
  check(context) {
    const { dockerfile } = context;
    for (const stage of dockerfile.stages) {
      if (!rootedInScratch(dockerfile, stage) || copiesPasswd(dockerfile, stage)) continue;
      for (const instruction of stage.instructions) {
        if (instruction.kind !== 'USER' || !instruction.argsNode) continue;
        const value = instruction.argsText.trim();
        const user = value.split(':')[0];
        if (value.includes('$') || /^\d+$/.test(user)) continue;
        context.report({ message: `USER ${value} cannot be resolved: this stage starts from scratch and has no /etc/passwd; use a numeric UID such as 65532.`, range: instruction.argsNode.range });
      }
    }
  },
});

/** Whether the stage or a stage it builds on copies an /etc/passwd in (or a whole /etc). */
function copiesPasswd(dockerfile: Dockerfile, stage: Stage): boolean {
  const seen = new Set<number>();
  for (let s: Stage | undefined = stage; s && !seen.has(s.index); s = s.image.stageRef !== null ? dockerfile.stages[s.image.stageRef] : undefined) {
    seen.add(s.index);
    for (const instruction of s.instructions) {
      if ((instruction.kind === 'COPY' || instruction.kind === 'ADD') && instruction.destination) {
        const destination = instruction.destination.value;
        if (/^\/(etc\/?)?$|\/etc\/passwd$/.test(destination) || instruction.sources.some((source) => /passwd|^\/etc\/?$/.test(source.value))) return true;
      }
    }
  }
  return false;
}
