import { defineDockerfileRule } from '../../../core/rule.js';
import { reportUnpinnedRpm } from './rpm-pins.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/zypper-pin-versions',
    title: 'zypper install without pinned versions',
    severity: 'warning',
    category: 'reliability',
    rationale:
      'Without a version (`package=1.2.3`, `package>=1.2`), each build installs what the repositories have that day, so two builds of one Dockerfile can differ. Like the other pinning rules it trades reproducibility for upkeep: repositories drop old versions, and a pin does not pin dependencies. It is off in the recommended preset, as the other pinning rules are (see `dockerfile/apt-pin-versions`); turn it on where reproducibility is worth the upkeep.',
    aliases: { hadolint: ['DL3037'] },
    fixable: false,
    recommended: false,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM opensuse/leap:15.6\nRUN zypper install -y httpd && zypper clean\n' }],
      good: [
        { code: 'FROM opensuse/leap:15.6\nRUN zypper install -y httpd=2.4.58 && zypper clean\n' },
        { code: 'FROM opensuse/leap:15.6\nRUN zypper in -y "httpd>=2.4" && zypper clean\n' },
      ],
    },
  },
  usesShell: true,
  check(context) {
    reportUnpinnedRpm(context, ['zypper'], (name) => /[<>=]/.test(name) || name.endsWith('.rpm') || name.includes('/'), '`zypper install -y <package>=<version>`');
  },
});
