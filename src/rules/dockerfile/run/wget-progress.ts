import { parseArgs } from '../../../dockerfile/shell.js';
import { defineDockerfileRule } from '../../../core/rule.js';
import { insertAfter, runCommands, stageLooksBusybox } from './support.js';

const QUIET = new Set(['--progress', '-q', '--quiet', '--no-verbose', '-o', '--output-file', '-a', '--append-output']);

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/wget-progress',
    title: 'wget without --progress or -q',
    severity: 'info',
    category: 'maintainability',
    rationale:
      'Without a terminal, GNU wget prints its progress bar as one line per refresh, so a large download fills the build log with thousands of lines. `--progress=dot:giga` prints a dot per megabyte of a large file; `-q` or `-nv` print nothing or one line. The fix adds `--progress=dot:giga`; in Alpine and BusyBox stages, whose BusyBox wget has no `--progress`, it only suggests `-q`.',
    aliases: { hadolint: ['DL3047'] },
    fixable: true,
    defaultOptions: {},
    examples: {
      bad: [
        { code: 'FROM debian:12\nRUN wget https://example.com/big.tar.gz\n', output: 'FROM debian:12\nRUN wget --progress=dot:giga https://example.com/big.tar.gz\n' },
        { code: 'FROM alpine:3.20\nRUN wget https://example.com/big.tar.gz\n' },
      ],
      good: [
        { code: 'FROM debian:12\nRUN wget --progress=dot:giga https://example.com/big.tar.gz\n' },
        { code: 'FROM debian:12\nRUN wget -nv https://example.com/big.tar.gz && wget -qO- https://example.com/x | tar -x\n' },
      ],
    },
  },
  usesShell: true,
  check(context) {
    for (const { instruction, command } of runCommands(context, ['wget'])) {
      const args = parseArgs(command);
      if (args.flags.some((f) => QUIET.has(f.name)) || command.args.some((word) => word.value === '-nv')) continue;
      const name = command.nameWord;
      if (!name || args.positionals.length === 0) continue;
      const busybox = stageLooksBusybox(context.dockerfile, instruction.stageIndex);
      const safe = !command.inParseError;
      context.report({
        message: busybox ? '`wget` without -q fills the build log with progress output: add -q.' : '`wget` without --progress fills the build log with progress lines: add --progress=dot:giga (or -q / -nv).',
        range: command.range,
        fix: safe && !busybox ? { description: 'Add --progress=dot:giga', edits: [insertAfter(name, ' --progress=dot:giga')] } : undefined,
        suggestions: safe && busybox ? [{ description: 'Add -q', edits: [insertAfter(name, ' -q')] }] : undefined,
      });
    }
  },
});
