import type { Dockerfile, GenericInstruction, Stage } from '../../dockerfile/ast.js';
import { defineDockerfileRule } from '../../core/rule.js';
import { expandAt } from './build/util.js';

const WINDOWS_IMAGE = /(^|\/)(windows|servercore|nanoserver|windowsservercore)([:/@-]|$)|mcr\.microsoft\.com\/windows/i;

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/final-user-root',
    title: 'Image runs as root',
    severity: 'warning',
    category: 'security',
    rationale:
      'A container that runs as root turns any escape from the application into root on the container, and with a runtime bug or a host mount, on the node. The final stage decides who the container runs as: end it with `USER` naming an unprivileged user (numerically, so Kubernetes can check `runAsNonRoot`). Root in earlier build stages is fine, and so is a final stage built on scratch with no CMD or ENTRYPOINT: it is a `docker build --output` file set, never run.',
    aliases: { hadolint: ['DL3002'], checkov: ['CKV_DOCKER_3', 'CKV_DOCKER_8'], trivy: ['DS-0002', 'DS002'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [
        { code: 'FROM debian:12\nRUN useradd -u 10001 app\nUSER app\nUSER root\n' },
        { code: 'FROM debian:12\nRUN apt-get update\n' },
        { code: 'FROM golang:1.23 AS build\nUSER 1000\nFROM debian:12\nCOPY --from=build /app /app\n' },
      ],
      good: [
        { code: 'FROM debian:12\nRUN useradd -u 10001 app\nUSER 10001\n' },
        { code: 'FROM golang:1.23 AS build\nUSER root\nRUN make\nFROM gcr.io/distroless/static:nonroot\nUSER 65532:65532\n' },
        { code: 'FROM node:22 AS base\nUSER node\nFROM base\nCMD ["node", "server.js"]\n' },
      ],
    },
  },
  check(context) {
    const { dockerfile } = context;
    const final = dockerfile.stages[dockerfile.stages.length - 1];
    if (!final) return;
    const found = lastUser(dockerfile, final, new Set());
    if (found === 'unknown') return;
    if (found) {
      const user = found.args[0];
      if (!user) return;
      const { value, unresolved } = expandAt(dockerfile, found, user.value);
      if (unresolved.length > 0) return;
      const name = value.split(':')[0];
      if (name === 'root' || /^0+$/.test(name)) {
        context.report({
          message: `The final stage switches to USER ${value}, so the container runs as root: end with an unprivileged USER.`,
          range: found.range,
        });
      }
      return;
    }
    if (final.image.isScratch === false && WINDOWS_IMAGE.test(final.image.expanded)) return;
    if (isExportOnly(dockerfile, final)) return;
    context.report({
      message: `The final stage sets no USER, so the container runs as the base image's user${final.image.isScratch ? ' (root for scratch)' : ', root unless the base image says otherwise'}: add an unprivileged USER.`,
      range: final.from.range,
    });
  },
});

/** The last USER that applies to a stage, following `FROM <earlier stage>`; 'unknown' when a cycle or ONBUILD makes it unclear. */
function lastUser(dockerfile: Dockerfile, stage: Stage, seen: Set<number>): GenericInstruction | null | 'unknown' {
  if (seen.has(stage.index)) return 'unknown';
  seen.add(stage.index);
  for (let i = stage.instructions.length - 1; i >= 0; i--) {
    const instruction = stage.instructions[i];
    if (instruction.kind === 'USER') return instruction;
  }
  if (stage.image.stageRef !== null) {
    const parent = dockerfile.stages[stage.image.stageRef];
    return parent ? lastUser(dockerfile, parent, seen) : null;
  }
  return null;
}

/**
 * A stage built on scratch with no CMD or ENTRYPOINT cannot be run as a container: it is the
 * file set of `docker build --output` (`FROM scratch AS output` + `COPY --from=build /out /`).
 */
function isExportOnly(dockerfile: Dockerfile, stage: Stage): boolean {
  const seen = new Set<number>();
  let current: Stage | undefined = stage;
  while (current && !seen.has(current.index)) {
    seen.add(current.index);
    if (current.instructions.some((instruction) => instruction.kind === 'CMD' || instruction.kind === 'ENTRYPOINT')) return false;
    if (current.image.stageRef === null) return current.image.isScratch;
    current = dockerfile.stages[current.image.stageRef];
  }
  return false;
}
