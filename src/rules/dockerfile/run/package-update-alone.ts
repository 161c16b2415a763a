import { findCommands, parseArgs, type ShellCommand } from '../../../dockerfile/shell.js';
import { defineDockerfileRule } from '../../../core/rule.js';
import { runsMentioning, unquotedShellText } from './support.js';

const MANAGERS = ['apt-get', 'apt', 'aptitude', 'apk'];

function isUpdate(command: ShellCommand): boolean {
  return parseArgs(command).positionals[0]?.value === 'update';
}

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/package-update-alone',
    title: 'Package index update in a RUN of its own',
    severity: 'warning',
    category: 'reliability',
    rationale:
      'The build cache keys a RUN on its text. `RUN apt-get update` alone is cached once and reused for months, so a later `RUN apt-get install foo` installs from stale lists (or fails because the listed version is gone), and adding a package to the install line does not refresh them. Update and install in the same RUN (`apt-get update && apt-get install -y …`), so that any change re-runs both.',
    aliases: { checkov: ['CKV_DOCKER_5'], trivy: ['DS-0017', 'DS017'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [
        { code: 'FROM debian:12\nRUN apt-get update\nRUN apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n' },
        { code: 'FROM alpine:3.20\nRUN apk update\nRUN apk add --no-cache curl\n' },
      ],
      good: [
        { code: 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n' },
        { code: 'FROM debian:12\nRUN apt-get update && apt-get upgrade -y && rm -rf /var/lib/apt/lists/*\n' },
      ],
    },
  },
  usesShell: true,
  check(context) {
    for (const instruction of runsMentioning(context, ['update'])) {
      // Every name of MANAGERS has `apt` or `apk` in it: a RUN that has neither holds no update to report.
      const text = unquotedShellText(instruction);
      if (text !== null && !text.includes('apt') && !text.includes('apk')) continue;
      const commands = context.shellScripts(instruction).flatMap((script) => findCommands(script, MANAGERS));
      const updates = commands.filter(isUpdate);
      if (updates.length === 0 || commands.some((c) => !isUpdate(c))) continue;
      for (const update of updates) {
        context.report({
          message: `\`${update.baseName} update\` alone in a RUN is cached on its own, so later installs use stale package lists: update and install in the same RUN.`,
          range: update.range,
        });
      }
    }
  },
});
