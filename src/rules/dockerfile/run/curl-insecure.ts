import { parseArgs } from '../../../dockerfile/shell.js';
import { defineDockerfileRule } from '../../../core/rule.js';
import { runCommands } from './support.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/curl-insecure',
    title: 'curl with certificate checks disabled',
    severity: 'error',
    category: 'security',
    rationale:
      '`curl -k` (`--insecure`) accepts any certificate, so anyone on the network path between the builder and the server can replace what is downloaded — typically a binary or script that then runs in the image. Fix the trust instead: install the CA certificates (`ca-certificates`) or pass the server\'s CA with `--cacert`.',
    aliases: { checkov: ['CKV2_DOCKER_2'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM debian:12\nRUN curl -kfsSLo /usr/local/bin/tool https://example.com/tool\n' }],
      good: [{ code: 'FROM debian:12\nRUN curl --cacert /etc/ssl/internal-ca.pem -fsSLo /usr/local/bin/tool https://example.com/tool\n' }],
    },
  },
  usesShell: true,
  check(context) {
    for (const { command } of runCommands(context, ['curl'], /\s-\w*k|--insecure|--proxy-insecure/)) {
      for (const flag of parseArgs(command).flags) {
        if (flag.name !== '-k' && flag.name !== '--insecure' && flag.name !== '--proxy-insecure') continue;
        context.report({ message: `\`curl ${flag.name}\` accepts any certificate, so the download can be replaced in transit: install the CA or use --cacert instead.`, range: flag.word.range });
      }
    }
  },
});
