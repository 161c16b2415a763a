import { parseArgs } from '../../../dockerfile/shell.js';
import { defineDockerfileRule } from '../../../core/rule.js';
import { runCommands } from './support.js';

const RPM_FLAGS = new Set(['--nosignature', '--nodigest', '--noverify', '--nofiledigest']);
const MANAGER_FLAGS = new Set(['--nogpgcheck', '--no-gpg-checks', '--no-gpgcheck']);
const GPGCHECK_OFF = /^([\w.*-]+\.)?(repo_)?gpgcheck=(0|false|no|off)$/i;

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/rpm-signature-check-disabled',
    title: 'rpm, yum, dnf or zypper with signature checks disabled',
    severity: 'error',
    category: 'security',
    rationale:
      'rpm-based package managers verify each package\'s GPG signature and digests. `--nogpgcheck`, `--setopt=gpgcheck=0`, `zypper --no-gpg-checks` and `rpm --nosignature/--nodigest/--noverify` skip that, so a tampered mirror or download installs its code into the image. Import the vendor\'s key with `rpm --import` instead.',
    aliases: { checkov: ['CKV2_DOCKER_9', 'CKV2_DOCKER_10'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [
        { code: 'FROM fedora:40\nRUN dnf install -y --nogpgcheck https://example.com/acme.rpm && dnf clean all\n' },
        { code: 'FROM fedora:40\nRUN rpm -i --nosignature /tmp/acme.rpm\n' },
      ],
      good: [{ code: 'FROM fedora:40\nRUN rpm --import https://example.com/RPM-GPG-KEY && dnf install -y https://example.com/acme.rpm && dnf clean all\n' }],
    },
  },
  usesShell: true,
  check(context) {
    for (const { command } of runCommands(context, ['rpm', 'yum', 'dnf', 'dnf5', 'microdnf', 'tdnf', 'zypper'], /--no-?(gpg|signature|digest|verify|filedigest)|gpgcheck/)) {
      for (const flag of parseArgs(command).flags) {
        const disables =
          (command.baseName === 'rpm' ? RPM_FLAGS.has(flag.name) : MANAGER_FLAGS.has(flag.name)) ||
          (flag.name === '--setopt' && flag.value !== null && GPGCHECK_OFF.test(flag.value));
        if (!disables) continue;
        context.report({
          message: `\`${command.baseName} ${flag.name === '--setopt' ? `--setopt=${flag.value}` : flag.name}\` installs packages without verifying their signature: import the signing key with \`rpm --import\` instead.`,
          range: flag.valueWord ? { start: flag.word.range.start, end: flag.valueWord.range.end } : flag.word.range,
        });
      }
    }
  },
});
