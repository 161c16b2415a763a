import type { Dockerfile, Stage } from '../../../dockerfile/ast.js';
import { defineDockerfileRule } from '../../../core/rule.js';
import { isAbsolutePath } from './util.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/copy-relative-dest-without-workdir',
    title: 'COPY to a relative destination without a WORKDIR',
    severity: 'warning',
    category: 'reliability',
    rationale:
      'A relative destination is resolved against the working directory, which the base image decides when the stage sets no WORKDIR: `COPY app.py .` lands in `/` for one base image and in `/usr/src/app` for another. Set WORKDIR first or write an absolute destination.',
    aliases: { hadolint: ['DL3045'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM python:3.12-slim\nCOPY app.py .\n' }],
      good: [
        { code: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY app.py .\n' },
        { code: 'FROM python:3.12-slim AS base\nWORKDIR /app\nFROM base\nCOPY app.py .\n' },
        { code: 'FROM python:3.12-slim\nCOPY app.py /app/\n' },
      ],
    },
  },
  check(context) {
    const { dockerfile } = context;
    for (const stage of dockerfile.stages) {
      let hasWorkdir = inheritsWorkdir(dockerfile, stage);
      for (const instruction of stage.instructions) {
        if (instruction.kind === 'WORKDIR') hasWorkdir = true;
        if ((instruction.kind !== 'COPY' && instruction.kind !== 'ADD') || hasWorkdir || !instruction.destination) continue;
        const destination = instruction.destination;
        const value = destination.value;
        if (isAbsolutePath(value) || value.startsWith('$') || destination.variables.length > 0) continue;
        context.report({
          message: `${instruction.kind} to the relative path "${value}" while no WORKDIR is set, so it lands wherever the base image's working directory is: set WORKDIR first or use an absolute path.`,
          range: destination.range,
        });
      }
    }
  },
});

/** True when an earlier stage this one builds on sets a WORKDIR, or the chain starts from scratch (whose working directory is `/`). */
function inheritsWorkdir(dockerfile: Dockerfile, stage: Stage): boolean {
  const seen = new Set<number>();
  let current = stage;
  while (current.image.stageRef !== null) {
    const ref = current.image.stageRef;
    if (seen.has(ref)) return false;
    seen.add(ref);
    const parent = dockerfile.stages[ref];
    if (!parent) return false;
    if (parent.instructions.some((instruction) => instruction.kind === 'WORKDIR')) return true;
    current = parent;
  }
  // scratch has no image config: a relative destination lands in `/`, which is no surprise.
  return current.image.isScratch;
}
