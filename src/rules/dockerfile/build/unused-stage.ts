import { defineDockerfileRule } from '../../../core/rule.js';
import type { Stage } from '../../../dockerfile/ast.js';
import { reachableStages, stageReferences } from './util.js';

interface Options {
  /** Also report named stages (any of which may be built on its own with `--target`). */
  includeNamed: boolean;
  /** Named stages that are build targets, never reported. */
  targets: string[];
}

export default defineDockerfileRule<Options>({
  meta: {
    id: 'dockerfile/unused-stage',
    title: 'Stage the final image does not use',
    severity: 'info',
    category: 'maintainability',
    rationale:
      'BuildKit builds only the stages the target needs, so a stage that neither the final stage nor its dependencies reference (by FROM, `COPY --from` or `RUN --mount=from=`) is skipped silently: its RUN steps, tests and checks never run in a default build. An unnamed stage cannot even be built with `--target`, so it is dead code. Named stages are often targets of their own (`--target test`, bake files, dev environments), so they are reported only with `includeNamed: true` (minus those listed in `targets`). A used stage that picks stages through variables (`FROM binary-$TARGETOS`) turns the rule off for the file.',
    aliases: {},
    fixable: false,
    defaultOptions: { includeNamed: false, targets: [] },
    examples: {
      bad: [
        { code: 'FROM node:22\nRUN npm test\nFROM node:22-slim\nCMD ["node", "server.js"]\n' },
        { code: 'FROM node:22 AS test\nRUN npm test\nFROM node:22-slim\nCMD ["node", "server.js"]\n', options: { includeNamed: true } },
      ],
      good: [
        { code: 'FROM golang:1.23 AS build\nRUN go build -o /app\nFROM alpine:3.20\nCOPY --from=build /app /app\n' },
        { code: 'FROM node:22 AS dev\nCMD ["npm", "run", "dev"]\nFROM node:22-slim\nCMD ["node", "server.js"]\n' },
        { code: 'FROM node:22 AS dev\nCMD ["npm", "run", "dev"]\nFROM node:22-slim\nCMD ["node", "server.js"]\n', options: { includeNamed: true, targets: ['dev'] } },
      ],
    },
  },
  check(context) {
    const { stages } = context.dockerfile;
    if (stages.length < 2) return;
    const used = reachableStages(context.dockerfile);
    // `FROM binary-$TARGETOS` or `COPY --from=$STAGE` in a used stage: which stages it needs is not known.
    if ([...used].some((index) => dynamicReference(stages[index]))) return;
    const targets = new Set(context.options.targets.map((t) => t.toLowerCase()));
    for (const stage of stages) {
      if (used.has(stage.index) || (stage.name && (!context.options.includeNamed || targets.has(stage.name)))) continue;
      const label = stage.from.alias ? `"${stage.from.alias.raw}"` : `${stage.index}`;
      context.report({
        message: `Stage ${label} is not used by the final stage, so a default build skips it${stage.name ? ' (if it is built with --target, list it in this rule\'s targets option)' : ' and, unnamed, it cannot be built with --target either'}.`,
        range: stage.from.alias?.range ?? stage.from.keywordNode.range,
      });
    }
  },
});

function dynamicReference(stage: Stage): boolean {
  const maybeStage = stage.image.unresolved.length > 0 && stage.image.stageRef === null && !/[:/@]/.test(stage.image.raw);
  return maybeStage || stageReferences(stage).some((ref) => ref.includes('$'));
}
