import { parseArgs } from '../../../dockerfile/shell.js';
import { defineDockerfileRule } from '../../../core/rule.js';
import { commandsIn, insertAfter, runsMentioning, unquotedShellText } from './support.js';

/** True when a RUN's unquoted text has no run of six digits, which a reported UID needs. */
const lacksLongNumber = (text: string | null): boolean => text !== null && !/\d{6}/.test(text);

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/useradd-no-log-init',
    title: 'useradd with a high UID without -l',
    severity: 'warning',
    category: 'efficiency',
    rationale:
      'useradd records each user in /var/log/lastlog and /var/log/faillog, sparse files indexed by UID. With a large UID (say 1000000) they become gigabytes of zeros that the layer stores in full, because image layers do not keep files sparse. `-l` (`--no-log-init`) skips those records, which a container does not need.',
    aliases: { hadolint: ['DL3046'] },
    fixable: true,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM debian:12\nRUN useradd -u 1000000 app\n', output: 'FROM debian:12\nRUN useradd -l -u 1000000 app\n' }],
      good: [
        { code: 'FROM debian:12\nRUN useradd -l -u 1000000 app\n' },
        { code: 'FROM debian:12\nRUN useradd -u 1000 app\n' },
      ],
    },
  },
  usesShell: true,
  check(context) {
    // Only a UID of six digits or more is reported: other RUNs are not parsed.
    const runs = runsMentioning(context, ['useradd']).filter((run) => !lacksLongNumber(unquotedShellText(run)));
    for (const { command } of commandsIn(context, runs, ['useradd'])) {
      const args = parseArgs(command);
      if (args.flags.some((f) => f.name === '-l' || f.name === '--no-log-init')) continue;
      const uid = args.flags.find((f) => f.name === '-u' || f.name === '--uid');
      if (!uid?.value || !/^\d{6,}$/.test(uid.value) || !command.nameWord) continue;
      context.report({
        message: `\`useradd\` with UID ${uid.value} and without -l writes gigabytes of sparse lastlog and faillog into the layer: add -l.`,
        range: command.range,
        fix: command.inParseError ? undefined : { description: 'Add -l', edits: [insertAfter(command.nameWord, ' -l')] },
      });
    }
  },
});
