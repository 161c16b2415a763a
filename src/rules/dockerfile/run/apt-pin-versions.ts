import { parseArgs } from '../../../dockerfile/shell.js';
import { defineDockerfileRule } from '../../../core/rule.js';
import { packageWords } from './packages.js';
import { runCommands } from './support.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/apt-pin-versions',
    title: 'apt-get install without pinned versions',
    severity: 'warning',
    category: 'reliability',
    rationale:
      'Without `package=version`, each build installs whatever the repository has that day, so two builds of the same Dockerfile can differ. Pinning makes that visible, but it is contested (hadolint #884, #1253): Debian and Ubuntu remove superseded versions from their mirrors within weeks, so pinned builds break, and pinning a package does not pin its dependencies. Pinning the base image by digest and rebuilding on purpose is usually the better trade. It is off in the recommended preset; turn it on where reproducibility is worth the upkeep.',
    aliases: { hadolint: ['DL3008'] },
    fixable: false,
    recommended: false,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 git && rm -rf /var/lib/apt/lists/*\n' }],
      good: [
        { code: 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 && rm -rf /var/lib/apt/lists/*\n' },
        { code: 'FROM debian:12\nCOPY app.deb /tmp/\nRUN apt-get install -y /tmp/app.deb\n' },
        { code: 'FROM debian:12\nARG PACKAGES\nRUN apt-get update && apt-get install -y --no-install-recommends $PACKAGES && rm -rf /var/lib/apt/lists/*\n' },
      ],
    },
  },
  usesShell: true,
  check(context) {
    for (const { command } of runCommands(context, ['apt-get', 'apt'], ['apt'])) {
      const args = parseArgs(command);
      if (args.positionals[0]?.value !== 'install') continue;
      for (const word of packageWords(args)) {
        const name = word.value!;
        if (name.includes('=') || name.endsWith('.deb') || name.startsWith('/') || name.startsWith('./')) continue;
        context.report({ message: `Pin the version of \`${name}\` (\`${name}=<version>\`) or accept that each build installs the repository's current one.`, range: word.range });
      }
    }
  },
});
