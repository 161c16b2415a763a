import { defineDockerfileRule } from '../../../core/rule.js';
import { checkCleanup, removesUnder } from './packages.js';

const FILLING = new Set(['install', 'reinstall', 'update', 'upgrade', 'downgrade', 'distro-sync', 'makecache', 'groupinstall', 'localinstall']);
const MANAGERS = ['dnf', 'dnf5', 'microdnf', 'tdnf'];
const DNF_CACHE = /^\/var\/cache\/(dnf|yum|tdnf|libdnf5)(\/.*)?$/;

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/dnf-clean-all',
    title: 'dnf install without dnf clean all',
    severity: 'warning',
    category: 'efficiency',
    rationale:
      'dnf, microdnf and tdnf keep repository metadata and downloaded packages in /var/cache/dnf (or /var/cache/yum), often a hundred megabytes or more, and they stay in the layer unless the same RUN removes them. End the RUN with `dnf clean all` (`microdnf clean all`), or use a cache mount on the cache directory. Only stages that end up in the final image are checked.',
    aliases: { hadolint: ['DL3040'], trivy: ['DS-0019', 'DS019', 'DS-0027', 'DS027'] },
    fixable: true,
    defaultOptions: {},
    examples: {
      bad: [
        { code: 'FROM fedora:40\nRUN dnf install -y httpd\n', output: 'FROM fedora:40\nRUN dnf install -y httpd && dnf clean all\n' },
        { code: 'FROM registry.access.redhat.com/ubi9/ubi-minimal\nRUN microdnf install -y shadow-utils && \\\n    useradd app\n', output: 'FROM registry.access.redhat.com/ubi9/ubi-minimal\nRUN microdnf install -y shadow-utils && \\\n    microdnf clean all && \\\n    useradd app\n' },
      ],
      good: [
        { code: 'FROM fedora:40\nRUN dnf install -y httpd && dnf clean all\n' },
        { code: 'FROM fedora:40\nRUN --mount=type=cache,target=/var/cache/dnf dnf install -y httpd\n' },
        { code: 'FROM fedora:40\nRUN dnf install -y httpd && rm -rf /var/cache/dnf\n' },
      ],
    },
  },
  usesShell: true,
  check(context) {
    checkCleanup(context, {
      managers: MANAGERS,
      needles: ['dnf'],
      leavesCache: (_, args) => FILLING.has(args.positionals[0]?.value ?? ''),
      cleans: (command, args) =>
        removesUnder(command, args, DNF_CACHE) || ([...MANAGERS, 'yum'].includes(command.baseName ?? '') && args.positionals[0]?.value === 'clean' && args.positionals[1]?.value === 'all'),
      cacheDirs: ['/var/cache/dnf', '/var/cache/yum', '/var/cache/tdnf', '/var/cache/libdnf5'],
      cleanupCommand: (last) => `${last.baseName} clean all`,
      message: (command) => `\`${command.baseName}\` leaves its metadata and package cache in the layer: end the RUN with \`${command.baseName} clean all\`.`,
    });
  },
});
