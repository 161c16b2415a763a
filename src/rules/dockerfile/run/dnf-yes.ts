import { defineDockerfileRule } from '../../../core/rule.js';
import { checkYesFlag } from './packages.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/dnf-yes',
    title: 'dnf install without -y',
    severity: 'warning',
    category: 'correctness',
    rationale:
      'dnf (and tdnf) ask "Is this ok [y/N]" before they install, upgrade or remove anything. A build has no terminal to answer: dnf takes the default "no" and the RUN fails. `-y` (`--assumeyes`) answers yes.',
    aliases: { hadolint: ['DL3038'] },
    fixable: true,
    defaultOptions: {},
    examples: {
      bad: [
        { code: 'FROM fedora:40\nRUN dnf install httpd && dnf clean all\n', output: 'FROM fedora:40\nRUN dnf install -y httpd && dnf clean all\n' },
        { code: 'FROM fedora:40\nRUN dnf --setopt=install_weak_deps=False install \\\n      httpd \\\n && dnf clean all\n', output: 'FROM fedora:40\nRUN dnf --setopt=install_weak_deps=False install -y \\\n      httpd \\\n && dnf clean all\n' },
      ],
      good: [
        { code: 'FROM fedora:40\nRUN dnf install -y httpd && dnf clean all\n' },
        { code: 'FROM fedora:40\nRUN dnf -y upgrade && dnf clean all\n' },
      ],
    },
  },
  usesShell: true,
  check(context) {
    checkYesFlag(context, {
      managers: ['dnf', 'dnf5', 'tdnf'],
      subcommands: new Set(['install', 'reinstall', 'update', 'upgrade', 'remove', 'erase', 'downgrade', 'distro-sync', 'groupinstall', 'localinstall', 'autoremove']),
      flag: '-y',
      answered: (args) => args.flags.some((f) => f.name === '-y' || f.name === '--assumeyes'),
    });
  },
});
