/** pip invocations: `pip install`, `pip3.12 install`, `python -m pip install`. */
import type { RunInstruction } from '../../../dockerfile/ast.js';
import { findCommands, parseArgs, type ParsedArgs, type ShellCommand } from '../../../dockerfile/shell.js';
import { runsMentioning, unquotedShellText, type RunContext } from './support.js';

const VERSIONS = ['', '2', '3', ...Array.from({ length: 10 }, (_, i) => `3.${i + 6}`)];
export const PIP_NAMES = VERSIONS.map((v) => `pip${v}`);
const PYTHON_NAMES = VERSIONS.map((v) => `python${v}`);
const PIP_AND_PYTHON_NAMES = [...PIP_NAMES, ...PYTHON_NAMES];

export interface PipCall {
  instruction: RunInstruction;
  /** The command as written (`pip`, or `python` for `python -m pip`). */
  command: ShellCommand;
  /** pip's own arguments (after `-m pip` for python). */
  args: ParsedArgs;
}

/** pip's arguments of a command, or null when it does not run pip. */
export function pipArgs(command: ShellCommand): ParsedArgs | null {
  if (command.baseName && PIP_NAMES.includes(command.baseName)) return parseArgs(command);
  if (!command.baseName || !PYTHON_NAMES.includes(command.baseName)) return null;
  const index = command.args.findIndex((word, i) => word.value === '-m' && /^pip[\d.]*$/.test(command.args[i + 1]?.value ?? ''));
  if (index < 0 || command.args.slice(0, index).some((word) => !word.value?.startsWith('-'))) return null;
  return parseArgs({ ...command, baseName: 'pip', args: command.args.slice(index + 2) });
}

/** Every pip call of the file's RUNs whose first argument is one of `verbs` (in the RUNs `where` accepts, when given). */
export function pipCalls(
  context: RunContext,
  verbs: readonly string[],
  needles: readonly string[] | RegExp = ['pip'],
  where?: (instruction: RunInstruction) => boolean,
): PipCall[] {
  const calls: PipCall[] = [];
  for (const instruction of runsMentioning(context, needles)) {
    if (where && !where(instruction)) continue;
    // Parsing the shell is the costly part: a RUN whose words cannot spell one of the verbs holds no call.
    const text = unquotedShellText(instruction);
    if (text !== null && !verbs.some((verb) => text.includes(verb))) continue;
    for (const script of context.shellScripts(instruction)) {
      for (const command of findCommands(script, PIP_AND_PYTHON_NAMES)) {
        const args = pipArgs(command);
        if (args && verbs.includes(args.positionals[0]?.value ?? '')) calls.push({ instruction, command, args });
      }
    }
  }
  return calls;
}
