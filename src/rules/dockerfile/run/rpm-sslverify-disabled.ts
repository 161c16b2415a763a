import { findCommands } from '../../../dockerfile/shell.js';
import { defineDockerfileRule } from '../../../core/rule.js';
import { runsMentioning } from './support.js';

const SSLVERIFY_OFF = /(^|[\s.,'"=])(repo_)?sslverify\s*=\s*(0|false|no|off)\b/i;

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/rpm-sslverify-disabled',
    title: 'yum or dnf with TLS verification disabled',
    severity: 'error',
    category: 'security',
    rationale:
      '`sslverify=0` (as `--setopt=sslverify=0` or written into yum.conf, dnf.conf or a .repo file) makes yum and dnf accept any certificate from the repository server, so anyone on the network path can serve the metadata. Install the repository\'s CA certificate (`sslcacert=`) instead.',
    aliases: { checkov: ['CKV2_DOCKER_15'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [
        { code: 'FROM fedora:40\nRUN dnf install -y --setopt=sslverify=false httpd && dnf clean all\n' },
        { code: 'FROM centos:7\nRUN echo "sslverify=0" >> /etc/yum.conf\n' },
      ],
      good: [{ code: 'FROM fedora:40\nRUN dnf install -y httpd && dnf clean all\n' }],
    },
  },
  usesShell: true,
  check(context) {
    for (const instruction of runsMentioning(context, /sslverify/i)) {
      for (const script of context.shellScripts(instruction)) {
        for (const command of findCommands(script, ['yum', 'dnf', 'dnf5', 'microdnf', 'tdnf', 'echo', 'printf', 'sed', 'tee', 'yum-config-manager', 'dnf-config-manager', 'crudini'])) {
          for (const word of command.args) {
            if (!SSLVERIFY_OFF.test(word.value ?? word.raw)) continue;
            context.report({ message: '`sslverify` off makes yum and dnf trust any server certificate: install the repository\'s CA certificate (`sslcacert=`) instead.', range: word.range });
          }
        }
      }
    }
  },
});
