import { findCommands, parseArgs } from '../../../dockerfile/shell.js';
import { defineDockerfileRule } from '../../../core/rule.js';
import { removesUnder } from './packages.js';
import { finalImageStages, insertAfter, mountCovers, runsMentioning } from './support.js';

const APK_CACHE = /^\/var\/cache\/apk(\/.*)?$/;

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/apk-no-cache',
    title: 'apk add without --no-cache',
    severity: 'info',
    category: 'efficiency',
    rationale:
      '`apk add` keeps the downloaded package index in /var/cache/apk, and `apk add --update` or `apk update` before it fill it too; it then stays in the layer. `apk add --no-cache` fetches a fresh index and keeps nothing, so there is no `apk update` to run and no `rm -rf /var/cache/apk/*` to remember. A cache mount on /var/cache/apk or /etc/apk/cache, or removing /var/cache/apk in the same RUN, also satisfies the rule. Only stages that end up in the final image are checked.',
    aliases: { hadolint: ['DL3019'], trivy: ['DS-0025', 'DS025'] },
    fixable: true,
    defaultOptions: {},
    examples: {
      bad: [
        { code: 'FROM alpine:3.20\nRUN apk add curl\n', output: 'FROM alpine:3.20\nRUN apk add --no-cache curl\n' },
        { code: 'FROM alpine:3.20\nRUN apk update \\\n && apk add \\\n      curl git\n', output: 'FROM alpine:3.20\nRUN apk update \\\n && apk add --no-cache \\\n      curl git\n' },
      ],
      good: [
        { code: 'FROM alpine:3.20\nRUN apk add --no-cache curl\n' },
        { code: 'FROM alpine:3.20\nRUN --mount=type=cache,target=/var/cache/apk apk add curl\n' },
        { code: 'FROM alpine:3.20\nRUN apk add --update curl && rm -rf /var/cache/apk/*\n' },
        { code: 'FROM alpine:3.20 AS build\nRUN apk add build-base\nFROM alpine:3.20\nCOPY --from=build /usr/bin/make /usr/bin/make\n' },
      ],
    },
  },
  usesShell: true,
  check(context) {
    const finalStages = finalImageStages(context.dockerfile);
    for (const instruction of runsMentioning(context, ['apk'])) {
      if (!instruction.onbuild && !finalStages.has(instruction.stageIndex)) continue;
      if (mountCovers(instruction, ['/var/cache/apk', '/etc/apk/cache'])) continue;
      for (const script of context.shellScripts(instruction)) {
        const commands = findCommands(script, ['apk', 'rm', 'find']);
        for (const command of commands) {
          if (command.baseName !== 'apk') continue;
          const args = parseArgs(command);
          const verb = args.positionals[0];
          // `--no-network` installs from what is already there: nothing is fetched, nothing is cached.
          if (verb?.value !== 'add' || args.flags.some((f) => f.name === '--no-cache' || f.name === '--no-network')) continue;
          if (commands.some((c) => c.span.start > command.span.start && removesUnder(c, parseArgs(c), APK_CACHE))) continue;
          context.report({
            message: '`apk add` without --no-cache keeps the package index in the layer: use `apk add --no-cache`.',
            range: command.range,
            fix: command.inParseError ? undefined : { description: 'Add --no-cache', edits: [insertAfter(verb, ' --no-cache')] },
          });
        }
      }
    }
  },
});
