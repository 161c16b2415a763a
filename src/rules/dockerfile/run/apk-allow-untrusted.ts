import { parseArgs } from '../../../dockerfile/shell.js';
import { defineDockerfileRule } from '../../../core/rule.js';
import { runCommands } from './support.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/apk-allow-untrusted',
    title: 'apk with signature checks disabled',
    severity: 'error',
    category: 'security',
    rationale:
      'apk verifies every package and index against the keys in /etc/apk/keys. `--allow-untrusted` installs packages whose signature is missing or unknown, so a tampered mirror or download puts its code into the image. Add the repository\'s public key to /etc/apk/keys (or sign your own packages with `abuild-sign`) instead. `apk index --allow-untrusted`, which builds an index of local packages before signing it, installs nothing and is not reported.',
    aliases: { checkov: ['CKV2_DOCKER_7'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM alpine:3.20\nRUN apk add --no-cache --allow-untrusted -X https://packages.example.com/alpine acme\n' }],
      good: [{ code: 'FROM alpine:3.20\nCOPY acme.rsa.pub /etc/apk/keys/\nRUN apk add --no-cache -X https://packages.example.com/alpine acme\n' }],
    },
  },
  usesShell: true,
  check(context) {
    for (const { command } of runCommands(context, ['apk'], ['--allow-untrusted'])) {
      // `apk index --allow-untrusted` indexes local unsigned packages (to sign the index with
      // abuild-sign afterwards, as nginx's Alpine image does): it installs nothing.
      if (parseArgs(command).positionals[0]?.value === 'index') continue;
      for (const flag of parseArgs(command).flags) {
        if (flag.name === '--allow-untrusted') {
          context.report({ message: '`apk --allow-untrusted` installs packages whose signature it cannot verify: add the signing key to /etc/apk/keys instead.', range: flag.word.range });
        }
      }
    }
  },
});
