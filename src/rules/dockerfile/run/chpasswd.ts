import { defineDockerfileRule } from '../../../core/rule.js';
import { runCommands } from './support.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/chpasswd',
    title: 'Password set with chpasswd',
    severity: 'warning',
    category: 'security',
    rationale:
      '`echo "user:password" | chpasswd` writes a password into the image: its hash is in /etc/shadow for anyone who pulls the image, and the plain text is in the RUN line of the image history. Containers do not need login passwords; if something must authenticate, give it a secret at run time.',
    aliases: { checkov: ['CKV2_DOCKER_17'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM debian:12\nRUN echo "root:hunter2" | chpasswd\n' }],
      good: [{ code: 'FROM debian:12\nRUN useradd --no-create-home --shell /usr/sbin/nologin app\n' }],
    },
  },
  usesShell: true,
  check(context) {
    for (const { command } of runCommands(context, ['chpasswd'])) {
      context.report({ message: '`chpasswd` bakes a password into the image (and its history): do not set login passwords in images.', range: command.nameWord?.range ?? command.range });
    }
  },
});
