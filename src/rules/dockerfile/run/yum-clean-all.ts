import { defineDockerfileRule } from '../../../core/rule.js';
import { checkCleanup, removesUnder } from './packages.js';

const FILLING = new Set(['install', 'groupinstall', 'localinstall', 'reinstall', 'update', 'upgrade', 'downgrade', 'makecache']);
const YUM_CACHE = /^\/var\/cache\/(yum|dnf)(\/.*)?$/;

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/yum-clean-all',
    title: 'yum install without yum clean all',
    severity: 'warning',
    category: 'efficiency',
    rationale:
      'yum keeps repository metadata and downloaded packages in /var/cache/yum, often a hundred megabytes or more, and they stay in the layer unless the same RUN removes them. End the RUN with `yum clean all` (or use a cache mount on /var/cache/yum). Only stages that end up in the final image are checked.',
    aliases: { hadolint: ['DL3032'], trivy: ['DS-0015', 'DS015'] },
    fixable: true,
    defaultOptions: {},
    examples: {
      bad: [
        { code: 'FROM centos:7\nRUN yum install -y httpd\n', output: 'FROM centos:7\nRUN yum install -y httpd && yum clean all\n' },
        { code: 'FROM centos:7\nRUN yum -y update \\\n && yum -y install httpd\n', output: 'FROM centos:7\nRUN yum -y update \\\n && yum -y install httpd \\\n && yum clean all\n' },
      ],
      good: [
        { code: 'FROM centos:7\nRUN yum install -y httpd && yum clean all\n' },
        { code: 'FROM centos:7\nRUN yum install -y httpd && rm -rf /var/cache/yum\n' },
        { code: 'FROM centos:7\nRUN --mount=type=cache,target=/var/cache/yum yum install -y httpd\n' },
      ],
    },
  },
  usesShell: true,
  check(context) {
    checkCleanup(context, {
      managers: ['yum'],
      needles: ['yum'],
      leavesCache: (_, args) => FILLING.has(args.positionals[0]?.value ?? ''),
      cleans: (command, args) =>
        removesUnder(command, args, YUM_CACHE) || ((command.baseName === 'yum' || command.baseName === 'dnf') && args.positionals[0]?.value === 'clean' && args.positionals[1]?.value === 'all'),
      cacheDirs: ['/var/cache/yum'],
      cleanupCommand: () => 'yum clean all',
      message: () => '`yum` leaves its metadata and package cache in the layer: end the RUN with `yum clean all`.',
    });
  },
});
