import { defineDockerfileRule } from '../../../core/rule.js';
import { checkYesFlag } from './packages.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/zypper-non-interactive',
    title: 'zypper install without -y or --non-interactive',
    severity: 'warning',
    category: 'correctness',
    rationale:
      'zypper asks for confirmation before it installs, updates or removes packages. A build has no terminal to answer, so the RUN stops with an error. Use `zypper --non-interactive` (`-n`) before the command or `-y` (`--no-confirm`) after it.',
    aliases: { hadolint: ['DL3034'] },
    fixable: true,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM opensuse/leap:15.6\nRUN zypper install httpd && zypper clean\n', output: 'FROM opensuse/leap:15.6\nRUN zypper install -y httpd && zypper clean\n' }],
      good: [
        { code: 'FROM opensuse/leap:15.6\nRUN zypper install -y httpd && zypper clean\n' },
        { code: 'FROM opensuse/leap:15.6\nRUN zypper --non-interactive in httpd && zypper clean\n' },
      ],
    },
  },
  usesShell: true,
  check(context) {
    checkYesFlag(context, {
      managers: ['zypper'],
      subcommands: new Set(['install', 'in', 'remove', 'rm', 'update', 'up', 'patch', 'dist-upgrade', 'dup', 'source-install', 'si', 'install-new-recommends', 'inr']),
      flag: '-y',
      answered: (args) => args.flags.some((f) => f.name === '-y' || f.name === '--no-confirm' || f.name === '-n' || f.name === '--non-interactive'),
    });
  },
});
