import type { TextEdit } from '../../../core/types.js';
import type { Instruction } from '../../../dockerfile/ast.js';
import { findCommands, shellFor, type ShellCd, type ShellScript } from '../../../dockerfile/shell.js';
import { defineDockerfileRule } from '../../../core/rule.js';
import { commandEnd, runsMentioning, type RunContext } from './support.js';

/** `-e` among shell options: `["/bin/bash", "-ec"]`, `set -eux`, `set -o errexit`. */
function setsErrexit(words: readonly string[]): boolean {
  return words.some((word, i) => /^-[a-zA-Z]*e[a-zA-Z]*$/.test(word) || (word === 'errexit' && i > 0 && /^-[a-zA-Z]*o$/.test(words[i - 1])));
}

function errexitBefore(context: RunContext, instruction: Instruction, script: ShellScript, offset: number): boolean {
  if (setsErrexit(shellFor(context.dockerfile, instruction).slice(1))) return true;
  if (script.shebang && setsErrexit(script.shebang.split(/\s+/).slice(1))) return true;
  return findCommands(script, ['set']).some((set) => set.span.start < offset && !set.inSubshell && setsErrexit(set.args.map((a) => a.value ?? a.raw)));
}

/**
 * `cd dir; next` → `cd dir && next` when no `||` follows in the same
 * sequence (there `&&` would change which branch runs); otherwise
 * `cd dir || exit; next`.
 */
function fixFor(context: RunContext, script: ShellScript, cd: ShellCd): TextEdit | null {
  const command = cd.command;
  if (command.inParseError || command.wrappers.length > 0 || command.inFunction) return null;
  const end = commandEnd(command);
  const semicolon = /^[ \t]*;/.exec(context.source.text.slice(end, end + 50));
  if (cd.connectorAfter === ';' && semicolon) {
    const list = script.lists.find((l) => l.items.some((item) => item.command === command));
    const index = list ? list.items.findIndex((item) => item.command === command) : -1;
    let orFollows = false;
    for (let i = index + 1; list && i < list.operators.length && ![';', '\n', '&'].includes(list.operators[i]); i++) if (list.operators[i] === '||') orFollows = true;
    if (list && !orFollows) return { span: { start: end, end: end + semicolon[0].length }, text: ' &&' };
  }
  return { span: { start: end, end }, text: ' || exit' };
}

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/cd-without-and',
    title: 'cd whose failure is ignored',
    severity: 'warning',
    category: 'reliability',
    rationale:
      'In `cd /src; make install` a failed cd (a typo, a directory that a changed COPY no longer creates) does not stop the script: the next commands run in the wrong directory, where `rm -rf *` or `make install` do something else entirely. RUN scripts do not stop on errors unless `set -e` or a SHELL with `-e` says so. Chain with `cd dir && …` or write `cd dir || exit`. The fix does one of those; scripts under `set -e` are not reported.',
    aliases: { hadolint: ['SC2164'] },
    fixable: true,
    defaultOptions: {},
    examples: {
      bad: [
        { code: 'FROM debian:12\nRUN cd /src; make install\n', output: 'FROM debian:12\nRUN cd /src && make install\n' },
        { code: 'FROM debian:12\nRUN <<EOF\ncd /src\nmake install\nEOF\n', output: 'FROM debian:12\nRUN <<EOF\ncd /src || exit\nmake install\nEOF\n' },
      ],
      good: [
        { code: 'FROM debian:12\nRUN cd /src && make install\n' },
        { code: 'FROM debian:12\nRUN <<EOF\nset -e\ncd /src\nmake install\nEOF\n' },
        { code: 'FROM debian:12\nSHELL ["/bin/bash", "-euo", "pipefail", "-c"]\nRUN cd /src; make install\n' },
      ],
    },
  },
  usesShell: true,
  check(context) {
    for (const instruction of runsMentioning(context, /\bcd\b/)) {
      for (const script of context.shellScripts(instruction)) {
        for (const cd of script.cdCommands) {
          if (cd.followedByAnd || cd.isLast || (cd.connectorAfter !== ';' && cd.connectorAfter !== '\n')) continue;
          if (errexitBefore(context, instruction, script, cd.command.span.start)) continue;
          const edit = fixFor(context, script, cd);
          context.report({
            message: `If \`cd${cd.target ? ` ${cd.target.raw}` : ''}\` fails, the next commands run in the wrong directory: use \`cd … && …\` or \`cd … || exit\`.`,
            range: cd.command.range,
            fix: edit ? { description: edit.text === ' &&' ? 'Chain with &&' : 'Add || exit', edits: [edit] } : undefined,
          });
        }
      }
    }
  },
});
