import type { Stage } from '../../../dockerfile/ast.js';
import { defineDockerfileRule } from '../../../core/rule.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/healthcheck-missing',
    title: 'Final image has no HEALTHCHECK',
    severity: 'info',
    category: 'reliability',
    rationale:
      'With a HEALTHCHECK, `docker run`, Compose and Swarm notice a container that runs but no longer answers, and restart or stop routing to it. Off by default: Kubernetes ignores HEALTHCHECK (it uses liveness and readiness probes), many images inherit one from their base, and hadolint keeps its DL3057 off for the same reasons (hadolint#884). `HEALTHCHECK NONE` says on purpose that there is none.',
    aliases: { hadolint: ['DL3057'], checkov: ['CKV_DOCKER_2'], trivy: ['DS-0026', 'DS026'] },
    fixable: false,
    recommended: false,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM nginx:1.27\nCOPY site /usr/share/nginx/html\n' }],
      good: [
        { code: 'FROM nginx:1.27\nHEALTHCHECK --interval=30s CMD ["curl", "-fsS", "http://localhost/"]\n' },
        { code: 'FROM nginx:1.27 AS base\nHEALTHCHECK CMD ["true"]\nFROM base\n' },
        { code: 'FROM alpine:3.20\nHEALTHCHECK NONE\n' },
      ],
    },
  },
  check(context) {
    const { stages } = context.dockerfile;
    const final = stages[stages.length - 1];
    if (!final) return;
    const seen = new Set<number>();
    for (let stage: Stage | undefined = final; stage && !seen.has(stage.index); stage = stage.image.stageRef !== null ? stages[stage.image.stageRef] : undefined) {
      seen.add(stage.index);
      if (stage.instructions.some((instruction) => instruction.kind === 'HEALTHCHECK')) return;
    }
    context.report({ message: 'The final image defines no HEALTHCHECK: add one (or HEALTHCHECK NONE to say there is none on purpose).', range: final.from.range });
  },
});
