import { parseArgs } from '../../../dockerfile/shell.js';
import { defineDockerfileRule } from '../../../core/rule.js';
import { runCommands } from './support.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/shell-symlink',
    title: 'Replacing /bin/sh with a symlink',
    severity: 'warning',
    category: 'reliability',
    rationale:
      '`ln -sf /bin/bash /bin/sh` changes the shell of every script in the image, package maintainer scripts included, to get bash in RUN. The SHELL instruction does that for the Dockerfile alone: `SHELL ["/bin/bash", "-c"]`.',
    aliases: { hadolint: ['DL4005'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM debian:12\nRUN ln -sf /bin/bash /bin/sh\n' }],
      good: [{ code: 'FROM debian:12\nSHELL ["/bin/bash", "-c"]\nRUN ln -sf /usr/bin/python3 /usr/local/bin/python\n' }],
    },
  },
  usesShell: true,
  check(context) {
    for (const { command } of runCommands(context, ['ln'], ['/bin/sh'])) {
      const args = parseArgs(command);
      const target = args.positionals[args.positionals.length - 1];
      if (!args.flags.some((f) => f.name === '-s' || f.name === '--symbolic') || args.positionals.length < 2 || !/^(\/usr)?\/bin\/sh$/.test(target.value ?? '')) continue;
      context.report({ message: 'Replacing /bin/sh changes the shell of every script in the image: use the SHELL instruction to run RUN with another shell.', range: command.range });
    }
  },
});
