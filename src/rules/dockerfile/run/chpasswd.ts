import { defineDockerfileRule } from '../../../core/rule.js';
import type { Span } from '../../../core/source.js';
import type { ShellCommand } from '../../../dockerfile/shell.js';
import { runCommands } from './support.js';

/** `echo "user:password" | chpasswd`: where the passwords piped in are written, so that outputs can mask them. */
function pipedPasswords(command: ShellCommand): Span[] {
  const stages = command.pipeline.pipeline?.stages.slice(0, command.pipeline.index) ?? [];
  const spans: Span[] = [];
  for (const stage of stages) {
    for (const feeder of stage.commands) {
      if (feeder.baseName !== 'echo' && feeder.baseName !== 'printf') continue;
      for (const word of feeder.args) {
        const colon = word.raw.indexOf(':');
        if (colon <= 0 || word.raw.startsWith('-')) continue;
        const end = word.raw.endsWith('"') || word.raw.endsWith("'") ? word.raw.length - 1 : word.raw.length;
        // Continuations inside the word would shift offsets: mask the whole word then.
        const exact = word.span.end - word.span.start === word.raw.length;
        spans.push(exact ? { start: word.span.start + colon + 1, end: word.span.start + end } : word.span);
      }
    }
  }
  return spans;
}

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
      context.report({
        message: '`chpasswd` bakes a password into the image (and its history): do not set login passwords in images.',
        range: command.nameWord?.range ?? command.range,
        secrets: pipedPasswords(command),
      });
    }
  },
});
