import { scopeAt } from '../../../dockerfile/variables.js';
import { parseArgs, type ShellAssignment, type ShellCommand, type ShellScript } from '../../../dockerfile/shell.js';
import { defineDockerfileRule } from '../../../core/rule.js';
import { runCommands } from './support.js';

const PATH_COMMANDS = ['cd', 'rm', 'rmdir', 'mv', 'cp', 'mkdir', 'chmod', 'chown', 'chgrp'];
/** One of the commands followed by a `$` before the end of its command: only those RUNs are parsed. */
const MENTIONS_PATH_VARIABLE = new RegExp(`\\b(${PATH_COMMANDS.join('|')})\\s[^;&|]*\\$`);
/** A value that word splitting and globbing leave as it is. */
const SAFE_VALUE = /^[^\s*?[\]{}]+$/;
/** `$(mktemp -d)`: a path without spaces. */
const MKTEMP = /^"?\$\(\s*mktemp(\s+-[dtup]+)*(\s+[\w./-]*X{3,}[\w.-]*)?\s*\)"?$/;

/** Names of values that never hold spaces: versions, releases, architectures, digests. */
const VERSION_LIKE = /(VERSION|RELEASE|REVISION|_VER|_TAG|ARCH|SHA(256|512)?|^(TARGET|BUILD)(OS|PLATFORM|VARIANT))$/i;

/** `for NAME in a b c`: a loop over words written in the script (no expansion to split). */
function loopsOverWords(text: string, name: string): boolean {
  const loop = new RegExp(`\\bfor\\s+${name}\\s+in\\s+([^;\\n]*)`).exec(text);
  return loop !== null && !/[$`*?[]/.test(loop[1]);
}

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/unquoted-path-variable',
    title: 'Unquoted variable in a cd or rm path',
    severity: 'info',
    category: 'reliability',
    rationale:
      'An unquoted `$VAR` in a path is split at spaces and expanded as a glob: `rm -rf $BUILD_DIR/tmp` with a value containing a space removes two other paths, and `cd $DIR` with an empty value goes to $HOME instead of failing. Quote it: `"$BUILD_DIR"/tmp`. Variables whose value the Dockerfile sets (ENV, ARG with a default, an assignment earlier in the script, `$(mktemp -d)`, a `for` loop over plain words) to a plain path are not reported, nor names of values that never hold spaces (`*_VERSION`, `*_RELEASE`, `*ARCH`).',
    aliases: { hadolint: ['SC2086'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM debian:12\nARG BUILD_DIR\nRUN rm -rf $BUILD_DIR/tmp\n' }],
      good: [
        { code: 'FROM debian:12\nARG BUILD_DIR\nRUN rm -rf "$BUILD_DIR/tmp"\n' },
        { code: 'FROM debian:12\nENV APP_HOME=/opt/app\nRUN mkdir -p $APP_HOME && cd $APP_HOME\n' },
        { code: 'FROM debian:12\nRUN DIR=/tmp/build && rm -rf $DIR\n' },
      ],
    },
  },
  usesShell: true,
  check(context) {
    for (const { instruction, script, command } of runCommands(context, PATH_COMMANDS, MENTIONS_PATH_VARIABLE)) {
      // What the build and the script assign before the command: looked up only for an unquoted variable.
      let known: Map<string, string | null> | null = null;
      let assigned: Map<string, string | null> | null = null;
      for (const word of parseArgs(command).positionals) {
        for (const expansion of word.expansions) {
          if (expansion.kind !== 'parameter' || expansion.quoted || !expansion.name || !/^[A-Za-z_]\w*$/.test(expansion.name)) continue;
          if (VERSION_LIKE.test(expansion.name) || (command.inLoop && loopsOverWords(script.text, expansion.name))) continue;
          known ??= scopeAt(context.dockerfile, instruction);
          assigned ??= assignedBefore(script, command);
          const value = assigned.has(expansion.name) ? assigned.get(expansion.name) : known.get(expansion.name);
          if (value !== undefined && value !== null && SAFE_VALUE.test(value)) continue;
          context.report({
            message: `\`${expansion.raw}\` is not quoted: a value with spaces or glob characters changes which paths \`${command.baseName}\` acts on; write "${expansion.raw}".`,
            range: expansion.range,
            suggestions: command.inParseError ? undefined : [{ description: `Quote ${expansion.raw}`, edits: [{ span: { start: expansion.span.start, end: expansion.span.start }, text: '"' }, { span: { start: expansion.span.end, end: expansion.span.end }, text: '"' }] }],
          });
        }
      }
    }
  },
});

/** The variables the script assigns before `command`, with their values. */
function assignedBefore(script: ShellScript, command: ShellCommand): Map<string, string | null> {
  const assigned = new Map<string, string | null>();
  const note = (assignment: ShellAssignment) => {
    if (assignment.span.start >= command.span.start) return;
    assigned.set(assignment.name, MKTEMP.test(assignment.value?.raw ?? '') ? '/tmp/tmp.XXXXXXXXXX' : (assignment.value?.value ?? ''));
  };
  for (const assignment of script.assignments) note(assignment);
  for (const other of script.commands) for (const assignment of other.assignments) note(assignment);
  return assigned;
}
