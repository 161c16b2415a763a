/**
 * The checks that package-manager rules share: a flag that answers prompts
 * (`-y`), a cleanup after installing (`yum clean all`), versions pinned in
 * package arguments.
 */
import type { RunInstruction } from '../../../dockerfile/ast.js';
import { findCommands, parseArgs, type ParsedArgs, type ShellCommand, type ShellScript, type ShellWord } from '../../../dockerfile/shell.js';
import {
  appendCommandEdit,
  finalImageStages,
  insertAfter,
  lastCommand,
  mountCovers,
  runCommands,
  runsMentioning,
  type RunContext,
} from './support.js';

/** `yes | apt-get install …`, `echo y | yum install …`: the prompts are answered by the pipe. */
function fedByYes(command: ShellCommand): boolean {
  const { index, pipeline } = command.pipeline;
  if (!pipeline || index === 0) return false;
  const feeder = pipeline.stages[index - 1].command;
  return feeder?.baseName === 'yes' || ((feeder?.baseName === 'echo' || feeder?.baseName === 'printf') && /\by\b/i.test(feeder.raw));
}

export interface YesFlagSpec {
  managers: readonly string[];
  subcommands: ReadonlySet<string>;
  /** True when the command already runs without prompting. */
  answered(args: ParsedArgs, command: ShellCommand): boolean;
  /** The flag the fix inserts after the subcommand. */
  flag: string;
}

/** Reports install-like commands that would stop at a confirmation prompt, with a fix that adds the flag. */
export function checkYesFlag(context: RunContext, spec: YesFlagSpec): void {
  for (const { command } of runCommands(context, spec.managers)) {
    const args = parseArgs(command);
    const verb = args.positionals[0];
    if (!verb?.value || !spec.subcommands.has(verb.value)) continue;
    if (spec.answered(args, command) || fedByYes(command)) continue;
    context.report({
      message: `\`${command.baseName} ${verb.value}\` without ${spec.flag} waits for a confirmation that a build cannot give: add ${spec.flag}.`,
      range: command.range,
      fix: command.inParseError ? undefined : { description: `Add ${spec.flag}`, edits: [insertAfter(verb, ` ${spec.flag}`)] },
    });
  }
}

export interface CleanupSpec {
  /** Command names of the package manager. */
  managers: readonly string[];
  /** Texts one of which a RUN must contain to be analysed. */
  needles: readonly string[];
  /** True for a command that leaves files to clean up. */
  leavesCache(command: ShellCommand, args: ParsedArgs): boolean;
  /** True for a command that cleans up (any command of the RUN, `rm` included). */
  cleans(command: ShellCommand, args: ParsedArgs): boolean;
  /** Directories a cache or tmpfs mount may hold instead (then nothing reaches the image). */
  cacheDirs: readonly string[];
  /** The cleanup command the fix appends, given the last package-manager command. */
  cleanupCommand(last: ShellCommand): string;
  message(command: ShellCommand): string;
  /** Extra condition for offering the fix (e.g. no later RUN depends on the cache). */
  fixAllowed?(instruction: RunInstruction): boolean;
}

/**
 * Reports RUNs of the final image whose package manager leaves its cache in
 * the layer: a command that fills it with no cleanup after it in the same
 * RUN, and no cache mount over it. The fix appends the cleanup command after
 * the manager's last command.
 */
export function checkCleanup(context: RunContext, spec: CleanupSpec): void {
  const runs = runsMentioning(context, spec.needles);
  if (runs.length === 0) return;
  const finalStages = finalImageStages(context.dockerfile);
  // The managers, `rm` and `find`: the commands checkScriptCleanup looks at.
  const names = [...spec.managers, 'rm', 'find'];
  for (const instruction of runs) {
    if (!instruction.onbuild && !finalStages.has(instruction.stageIndex)) continue;
    if (mountCovers(instruction, spec.cacheDirs)) continue;
    for (const script of context.shellScripts(instruction)) checkScriptCleanup(context, spec, instruction, script, names);
  }
}

function checkScriptCleanup(context: RunContext, spec: CleanupSpec, instruction: RunInstruction, script: ShellScript, names: readonly string[]): void {
  const commands = findCommands(script, names);
  const leaving = commands.filter((c) => spec.managers.includes(c.baseName ?? '') && spec.leavesCache(c, parseArgs(c)));
  const lastLeaving = lastCommand(leaving);
  if (!lastLeaving) return;
  if (commands.some((c) => c.span.start > lastLeaving.span.start && spec.cleans(c, parseArgs(c)))) return;
  const lastManager = lastCommand(commands.filter((c) => spec.managers.includes(c.baseName ?? '')))!;
  const edit = spec.fixAllowed && !spec.fixAllowed(instruction) ? null : appendCommandEdit(context, script, lastManager, spec.cleanupCommand(lastManager));
  context.report({
    message: spec.message(lastLeaving),
    range: lastLeaving.range,
    fix: edit ? { description: `Append \`${spec.cleanupCommand(lastManager)}\``, edits: [edit] } : undefined,
  });
}

/** `rm -rf <dir>`-like removal of a path matching `path`. */
export function removesUnder(command: ShellCommand, args: ParsedArgs, path: RegExp): boolean {
  if (command.baseName === 'rm') return args.positionals.some((word) => path.test(word.value ?? word.raw));
  if (command.baseName === 'find') {
    const words = command.args;
    return words.length > 0 && path.test(words[0].value ?? '') && words.some((word) => word.value === '-delete' || word.value === '-exec');
  }
  return false;
}

/** The package arguments of an install command: positionals after the subcommand, literal ones only (variables cannot be judged). */
export function packageWords(args: ParsedArgs, skip = 1): ShellWord[] {
  return args.positionals.slice(skip).filter((word) => word.value !== null && word.value !== '');
}
