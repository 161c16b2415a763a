import type { RunInstruction } from '../../../dockerfile/ast.js';
import { findCommands, parseArgs } from '../../../dockerfile/shell.js';
import { defineDockerfileRule } from '../../../core/rule.js';
import { checkCleanup, removesUnder } from './packages.js';
import { runsMentioning, stageLineage, type RunContext } from './support.js';

const LISTS = /^\/var\/lib\/apt(\/\*?|\/lists(\/.*)?)?$/;

/** True when a later RUN of the same or a derived stage installs from the lists without running `apt-get update` itself. */
function laterRunNeedsLists(context: RunContext, instruction: RunInstruction): boolean {
  for (const later of runsMentioning(context, ['apt'])) {
    if (later.span.start <= instruction.span.start || later.onbuild !== instruction.onbuild) continue;
    if (!stageLineage(context.dockerfile, later.stageIndex).includes(instruction.stageIndex)) continue;
    const commands = context.shellScripts(later).flatMap((script) => findCommands(script, ['apt-get', 'apt']));
    const verbs = commands.map((c) => parseArgs(c).positionals[0]?.value);
    if (verbs.some((v) => v === 'install' || v === 'upgrade' || v === 'dist-upgrade' || v === 'build-dep' || v === 'source') && !verbs.includes('update')) return true;
  }
  return false;
}

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/apt-lists-not-deleted',
    title: 'apt-get update without deleting the package lists',
    severity: 'info',
    category: 'efficiency',
    rationale:
      '`apt-get update` downloads the package lists into /var/lib/apt/lists: tens of megabytes that stay in the layer when the same RUN does not delete them, and that are stale anyway by the time anyone uses the image. Delete them in the RUN that downloaded them (`rm -rf /var/lib/apt/lists/*`), or keep them out of the image with `RUN --mount=type=cache,target=/var/lib/apt/lists`. Only stages that end up in the final image are checked; the fix is not offered when a later RUN installs from the lists without updating them first.',
    aliases: { hadolint: ['DL3009'] },
    fixable: true,
    defaultOptions: {},
    examples: {
      bad: [
        {
          code: 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n',
          output: 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
        },
        {
          code: 'FROM debian:12\nRUN apt-get update \\\n    && apt-get install -y --no-install-recommends \\\n        curl \\\n        git\nCMD ["bash"]\n',
          output: 'FROM debian:12\nRUN apt-get update \\\n    && apt-get install -y --no-install-recommends \\\n        curl \\\n        git \\\n    && rm -rf /var/lib/apt/lists/*\nCMD ["bash"]\n',
        },
        {
          code: 'FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y --no-install-recommends curl && \\\n    curl --version\n',
          output: 'FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y --no-install-recommends curl && \\\n    rm -rf /var/lib/apt/lists/* && \\\n    curl --version\n',
        },
      ],
      good: [
        { code: 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n' },
        { code: 'FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt/lists,sharing=locked \\\n    --mount=type=cache,target=/var/cache/apt,sharing=locked \\\n    apt-get update && apt-get install -y --no-install-recommends curl\n' },
        { code: 'FROM debian:12 AS build\nRUN apt-get update && apt-get install -y --no-install-recommends gcc\nFROM debian:12\nCOPY --from=build /usr/bin/gcc /usr/bin/gcc\n' },
      ],
    },
  },
  usesShell: true,
  check(context) {
    checkCleanup(context, {
      managers: ['apt-get', 'apt'],
      needles: ['update'],
      leavesCache: (_, args) => args.positionals[0]?.value === 'update',
      cleans: (command, args) =>
        removesUnder(command, args, LISTS) || ((command.baseName === 'apt-get' || command.baseName === 'apt') && /^dist-?clean$/.test(args.positionals[0]?.value ?? '')),
      cacheDirs: ['/var/lib/apt/lists'],
      cleanupCommand: () => 'rm -rf /var/lib/apt/lists/*',
      message: (command) => `\`${command.baseName} update\` leaves the package lists in the layer: delete them in the same RUN (\`rm -rf /var/lib/apt/lists/*\`) or use a cache mount.`,
      fixAllowed: (instruction) => !laterRunNeedsLists(context, instruction),
    });
  },
});
