import { defineDockerfileRule } from '../../../core/rule.js';
import { reportUnpinnedRpm, rpmPackagePinned } from './rpm-pins.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/dnf-pin-versions',
    title: 'dnf install without pinned versions',
    severity: 'warning',
    category: 'reliability',
    rationale:
      'Without `package-version`, each build installs what the repositories have that day, so two builds of one Dockerfile can differ. Like the other pinning rules it trades reproducibility for upkeep: repositories drop old versions, and a pin does not pin dependencies. Modules (`dnf module install`) are pinned with a stream, `name:stream`. Covers dnf, microdnf and tdnf. It is off in the recommended preset, as the other pinning rules are (see `dockerfile/apt-pin-versions`); turn it on where reproducibility is worth the upkeep.',
    aliases: { hadolint: ['DL3041'] },
    fixable: false,
    recommended: false,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM fedora:40\nRUN dnf install -y httpd && dnf clean all\n' }, { code: 'FROM registry.access.redhat.com/ubi9/ubi-minimal\nRUN microdnf install -y tar && microdnf clean all\n' }],
      good: [
        { code: 'FROM fedora:40\nRUN dnf install -y httpd-2.4.62 && dnf clean all\n' },
        { code: 'FROM fedora:40\nRUN dnf module install -y nodejs:20/common && dnf clean all\n' },
      ],
    },
  },
  usesShell: true,
  check(context) {
    reportUnpinnedRpm(context, ['dnf', 'dnf5', 'microdnf', 'tdnf'], (name, module) => (module ? name.includes(':') : rpmPackagePinned(name)), '`dnf install -y <package>-<version>`');
  },
});
