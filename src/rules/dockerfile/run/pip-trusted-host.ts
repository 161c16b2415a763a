import { defineDockerfileRule } from '../../../core/rule.js';
import { pipCalls } from './pip.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/pip-trusted-host',
    title: 'pip with --trusted-host',
    severity: 'error',
    category: 'security',
    rationale:
      '`--trusted-host` (or `PIP_TRUSTED_HOST`, `pip config set global.trusted-host`) makes pip accept plain HTTP and any TLS certificate from that host, so anyone on the network path can serve the packages. Give the index a valid certificate, or trust its CA with `--cert` / `PIP_CERT`.',
    aliases: { checkov: ['CKV2_DOCKER_4'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [
        { code: 'FROM python:3.12-slim\nRUN pip install --no-cache-dir --trusted-host pypi.internal -i https://pypi.internal/simple -r requirements.txt\n' },
        { code: 'FROM python:3.12-slim\nRUN pip config set global.trusted-host pypi.internal\n' },
      ],
      good: [{ code: 'FROM python:3.12-slim\nRUN pip install --no-cache-dir --cert /etc/ssl/internal-ca.pem -i https://pypi.internal/simple -r requirements.txt\n' }],
    },
  },
  usesShell: true,
  check(context) {
    const message = 'pip trusts this host without verifying its certificate: give the index a valid certificate or pass its CA with `--cert`.';
    for (const { command, args } of pipCalls(context, ['install', 'download', 'wheel', 'index', 'config', 'search'], ['trusted-host', 'TRUSTED_HOST'])) {
      for (const flag of args.flags) {
        if (flag.name === '--trusted-host') context.report({ message, range: flag.valueWord ? { start: flag.word.range.start, end: flag.valueWord.range.end } : flag.word.range });
      }
      const key = args.positionals.findIndex((word) => /^(global|install|download)\.trusted-host$/.test(word.value ?? ''));
      if (args.positionals[0]?.value === 'config' && key > 0) context.report({ message, range: args.positionals[key].range });
      for (const assignment of command.assignments) if (assignment.name === 'PIP_TRUSTED_HOST') context.report({ message, range: assignment.range });
    }
  },
});
