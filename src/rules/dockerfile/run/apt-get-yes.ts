import { defineDockerfileRule } from '../../../core/rule.js';
import { checkYesFlag } from './packages.js';

const PROMPTING = new Set(['install', 'upgrade', 'dist-upgrade', 'full-upgrade', 'remove', 'purge', 'autoremove', 'autopurge', 'build-dep', 'reinstall']);
const ASSUME_YES = /^APT::Get::Assume-Yes=(true|1|yes|on)$/i;

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/apt-get-yes',
    title: 'apt-get install without -y',
    severity: 'warning',
    category: 'correctness',
    rationale:
      'apt-get asks for confirmation before it installs, upgrades or removes packages that pull in others. A build has no terminal to answer, so apt-get reads end of input, answers "no" and the RUN fails (or, worse, only sometimes, depending on what the repository resolves). `-y` (or `-qq`, which implies it) answers yes.',
    aliases: { hadolint: ['DL3014'], trivy: ['DS-0021', 'DS021'] },
    fixable: true,
    defaultOptions: {},
    examples: {
      bad: [
        {
          code: 'FROM debian:12\nRUN apt-get update && apt-get install --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
          output: 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
        },
        {
          code: 'FROM debian:12\nRUN apt-get update \\\n && apt-get install \\\n      --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*\n',
          output: 'FROM debian:12\nRUN apt-get update \\\n && apt-get install -y \\\n      --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*\n',
        },
      ],
      good: [
        { code: 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n' },
        { code: 'FROM debian:12\nRUN apt-get update && apt-get -qq install --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n' },
        { code: 'FROM debian:12\nRUN apt-get update && apt-get --assume-yes install --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n' },
        { code: 'FROM debian:12\nRUN apt-get update && yes | apt-get install --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n' },
      ],
    },
  },
  usesShell: true,
  check(context) {
    checkYesFlag(context, {
      managers: ['apt-get', 'apt'],
      subcommands: PROMPTING,
      flag: '-y',
      answered: (args) =>
        args.flags.some((f) => f.name === '-y' || f.name === '--yes' || f.name === '--assume-yes') ||
        args.flags.filter((f) => f.name === '-q').length >= 2 ||
        args.flags.some((f) => f.word.value === '-q=2' || f.word.value === '--quiet=2' || ((f.name === '-o' || f.name === '--option') && f.value !== null && ASSUME_YES.test(f.value))),
    });
  },
});
