import { parseArgs } from '../../../dockerfile/shell.js';
import { defineDockerfileRule } from '../../../core/rule.js';
import { packageWords } from './packages.js';
import { runCommands } from './support.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/apk-pin-versions',
    title: 'apk add without pinned versions',
    severity: 'warning',
    category: 'reliability',
    rationale:
      'Without `package=version` (or `package~version`), each build installs what the Alpine repository has that day. Pinning is contested (hadolint #464): Alpine keeps only the current version of a package in each branch, so an exact pin breaks the build as soon as a fix is published. `~1.2` (any 1.2.x) is a workable middle ground. It is off in the recommended preset.',
    aliases: { hadolint: ['DL3018'] },
    fixable: false,
    recommended: false,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.1-r0 git\n' }],
      good: [
        { code: 'FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.1-r0 git~2.45\n' },
        { code: 'FROM alpine:3.20\nRUN apk add --no-cache --virtual .build-deps gcc=13.2.1_git20240309-r0\n' },
        { code: 'FROM alpine:3.20\nCOPY pkg.apk /tmp/\nRUN apk add --no-cache --allow-untrusted /tmp/pkg.apk\n' },
      ],
    },
  },
  usesShell: true,
  check(context) {
    for (const { command } of runCommands(context, ['apk'])) {
      const args = parseArgs(command);
      if (args.positionals[0]?.value !== 'add') continue;
      for (const word of packageWords(args)) {
        const name = word.value!;
        if (/[=~<>]/.test(name) || name.endsWith('.apk') || name.includes('/')) continue;
        context.report({ message: `Pin the version of \`${name}\` (\`${name}=<version>\` or \`${name}~<major.minor>\`).`, range: word.range });
      }
    }
  },
});
