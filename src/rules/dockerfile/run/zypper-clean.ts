import { defineDockerfileRule } from '../../../core/rule.js';
import { checkCleanup, removesUnder } from './packages.js';

const FILLING = new Set(['install', 'in', 'update', 'up', 'patch', 'dist-upgrade', 'dup', 'refresh', 'ref', 'source-install', 'si']);

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/zypper-clean',
    title: 'zypper install without zypper clean',
    severity: 'warning',
    category: 'efficiency',
    rationale:
      'zypper keeps repository metadata and downloaded packages in /var/cache/zypp, and they stay in the layer unless the same RUN removes them. End the RUN with `zypper clean --all` (`zypper cc -a`), or use a cache mount on /var/cache/zypp. Only stages that end up in the final image are checked.',
    aliases: { hadolint: ['DL3036'], trivy: ['DS-0020', 'DS020'] },
    fixable: true,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM opensuse/leap:15.6\nRUN zypper install -y httpd\n', output: 'FROM opensuse/leap:15.6\nRUN zypper install -y httpd && zypper clean --all\n' }],
      good: [
        { code: 'FROM opensuse/leap:15.6\nRUN zypper install -y httpd && zypper clean\n' },
        { code: 'FROM opensuse/leap:15.6\nRUN zypper -n in httpd && zypper cc -a\n' },
      ],
    },
  },
  usesShell: true,
  check(context) {
    checkCleanup(context, {
      managers: ['zypper'],
      needles: ['zypper'],
      leavesCache: (_, args) => FILLING.has(args.positionals[0]?.value ?? ''),
      cleans: (command, args) =>
        removesUnder(command, args, /^\/var\/cache\/zypp(\/.*)?$/) || (command.baseName === 'zypper' && ['clean', 'cc'].includes(args.positionals[0]?.value ?? '')),
      cacheDirs: ['/var/cache/zypp'],
      cleanupCommand: () => 'zypper clean --all',
      message: () => '`zypper` leaves its metadata and package cache in the layer: end the RUN with `zypper clean --all`.',
    });
  },
});
