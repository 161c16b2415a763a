import { parseArgs } from '../../../dockerfile/shell.js';
import { defineDockerfileRule } from '../../../core/rule.js';
import { runCommands } from './support.js';

const UNSAFE_FLAGS = new Set(['--allow-unauthenticated', '--force-yes', '--allow-insecure-repositories']);
const UNSAFE_OPTION = /^(APT::Get::AllowUnauthenticated|Acquire::AllowInsecureRepositories|Acquire::AllowDowngradeToInsecureRepositories)=(true|1|yes|on)$/i;

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/apt-unauthenticated',
    title: 'apt-get with signature checks disabled',
    severity: 'error',
    category: 'security',
    rationale:
      'apt verifies every package against the repository\'s signed index. `--allow-unauthenticated`, `--allow-insecure-repositories` and the deprecated `--force-yes` (which also allows downgrades and removing essential packages) turn that off, so anyone who can tamper with the mirror or the network path can put code into the image. Import the repository\'s key (`signed-by=`) instead.',
    aliases: { checkov: ['CKV2_DOCKER_8', 'CKV2_DOCKER_11'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [
        { code: 'FROM debian:12\nRUN apt-get update && apt-get install -y --allow-unauthenticated --no-install-recommends acme-agent\n' },
        { code: 'FROM debian:12\nRUN apt-get install --force-yes -y curl\n' },
      ],
      good: [{ code: 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n' }],
    },
  },
  usesShell: true,
  check(context) {
    for (const { command } of runCommands(context, ['apt-get', 'apt', 'aptitude'], ['--allow', '--force-yes', 'Allow'])) {
      for (const flag of parseArgs(command).flags) {
        const option = (flag.name === '-o' || flag.name === '--option') && flag.value !== null && UNSAFE_OPTION.test(flag.value);
        if (!UNSAFE_FLAGS.has(flag.name) && !option) continue;
        const shown = option ? flag.value : flag.name;
        context.report({ message: `\`${shown}\` makes apt accept packages whose signature it cannot verify: configure the repository's signing key instead.`, range: flag.valueWord?.range ? { start: flag.word.range.start, end: flag.valueWord.range.end } : flag.word.range });
      }
    }
  },
});
