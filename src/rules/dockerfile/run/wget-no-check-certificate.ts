import { parseArgs } from '../../../dockerfile/shell.js';
import { defineDockerfileRule } from '../../../core/rule.js';
import { runCommands } from './support.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/wget-no-check-certificate',
    title: 'wget with certificate checks disabled',
    severity: 'error',
    category: 'security',
    rationale:
      '`wget --no-check-certificate` accepts any certificate, so anyone on the network path between the builder and the server can replace what is downloaded. Install the CA certificates (`ca-certificates`) or pass the server\'s CA with `--ca-certificate` instead.',
    aliases: { checkov: ['CKV2_DOCKER_3'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM debian:12\nRUN wget -q --no-check-certificate https://example.com/tool.tgz\n' }],
      good: [{ code: 'FROM debian:12\nRUN wget -q --ca-certificate=/etc/ssl/internal-ca.pem https://example.com/tool.tgz\n' }],
    },
  },
  usesShell: true,
  check(context) {
    for (const { command } of runCommands(context, ['wget'], ['--no-check-certificate'])) {
      for (const flag of parseArgs(command).flags) {
        if (flag.name === '--no-check-certificate') {
          context.report({ message: '`wget --no-check-certificate` accepts any certificate, so the download can be replaced in transit: install the CA instead.', range: flag.word.range });
        }
      }
    }
  },
});
