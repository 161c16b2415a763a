import { defineDockerfileRule } from '../../../core/rule.js';
import { checkYesFlag } from './packages.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/yum-yes',
    title: 'yum install without -y',
    severity: 'warning',
    category: 'correctness',
    rationale:
      'yum asks "Is this ok [y/N]" before it installs, upgrades or removes anything. A build has no terminal to answer: yum reads end of input, takes the default "no" and the RUN fails. `-y` (`--assumeyes`) answers yes.',
    aliases: { hadolint: ['DL3030'] },
    fixable: true,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM centos:7\nRUN yum install httpd && yum clean all\n', output: 'FROM centos:7\nRUN yum install -y httpd && yum clean all\n' }],
      good: [
        { code: 'FROM centos:7\nRUN yum install -y httpd && yum clean all\n' },
        { code: 'FROM centos:7\nRUN yum --assumeyes update && yum clean all\n' },
      ],
    },
  },
  usesShell: true,
  check(context) {
    checkYesFlag(context, {
      managers: ['yum'],
      subcommands: new Set(['install', 'groupinstall', 'localinstall', 'reinstall', 'update', 'upgrade', 'remove', 'erase', 'downgrade', 'groupremove', 'groupupdate']),
      flag: '-y',
      answered: (args) => args.flags.some((f) => f.name === '-y' || f.name === '--assumeyes'),
    });
  },
});
