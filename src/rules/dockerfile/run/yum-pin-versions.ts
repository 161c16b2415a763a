import { defineDockerfileRule } from '../../../core/rule.js';
import { reportUnpinnedRpm, rpmPackagePinned } from './rpm-pins.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/yum-pin-versions',
    title: 'yum install without pinned versions',
    severity: 'warning',
    category: 'reliability',
    rationale:
      'Without `package-version`, each build installs what the repositories have that day, so two builds of one Dockerfile can differ. Like the other pinning rules it trades reproducibility for upkeep: repositories drop old versions, and a pin does not pin dependencies. Modules (`yum module install`) are pinned with a stream, `name:stream`. It is off in the recommended preset, as the other pinning rules are (see `dockerfile/apt-pin-versions`); turn it on where reproducibility is worth the upkeep.',
    aliases: { hadolint: ['DL3033'] },
    fixable: false,
    recommended: false,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM centos:7\nRUN yum install -y httpd-2.4.6 mod_ssl && yum clean all\n' }, { code: 'FROM rockylinux:8\nRUN yum module install -y nodejs && yum clean all\n' }],
      good: [
        { code: 'FROM centos:7\nRUN yum install -y httpd-2.4.6 mod_ssl-2.4.6 && yum clean all\n' },
        { code: 'FROM rockylinux:8\nRUN yum module install -y nodejs:18 && yum clean all\n' },
        { code: 'FROM centos:7\nRUN yum install -y https://example.com/acme-1.0.rpm && yum clean all\n' },
      ],
    },
  },
  usesShell: true,
  check(context) {
    reportUnpinnedRpm(context, ['yum'], (name, module) => (module ? name.includes(':') : rpmPackagePinned(name)), '`yum install -y <package>-<version>`');
  },
});
