/**
 * What the RUN rules share: which RUNs to analyse (a cheap text test first,
 * since parsing the shell is the costly part), BuildKit mounts, the stages
 * that end up in the final image, and edits that respect the file's line
 * continuation style.
 */
import type { DockerfileRuleContext } from '../../../core/rule.js';
import type { TextEdit } from '../../../core/types.js';
import type { Dockerfile, Flag, Instruction, RunInstruction } from '../../../dockerfile/ast.js';
import { findCommands, type ShellCommand, type ShellScript } from '../../../dockerfile/shell.js';

export type RunContext = DockerfileRuleContext<object>;

interface RunsOfFile {
  runs: RunInstruction[];
  /** Each RUN's text as written, by index. */
  texts: string[];
  /** The RUNs (by index) that contain a needle, or null when none does; filled as rules ask. */
  byNeedle: Map<string, Uint8Array | null>;
}

/** Every RUN of the file in file order (ONBUILD triggers included), with its text; shared by all rules of a lint. */
const runsOfFile = new WeakMap<Dockerfile, RunsOfFile>();

function runsWithText(context: RunContext): RunsOfFile {
  let found = runsOfFile.get(context.dockerfile);
  if (!found) {
    const runs: RunInstruction[] = [];
    const texts: string[] = [];
    const visit = (instruction: Instruction) => {
      if (instruction.kind === 'ONBUILD') {
        if (instruction.trigger) visit(instruction.trigger);
      } else if (instruction.kind === 'RUN') {
        runs.push(instruction);
        texts.push(context.source.text.slice(instruction.span.start, instruction.span.end));
      }
    };
    for (const instruction of context.dockerfile.instructions) visit(instruction);
    found = { runs, texts, byNeedle: new Map() };
    runsOfFile.set(context.dockerfile, found);
  }
  return found;
}

/** Which RUNs contain `needle`: many rules share needles (`apt`, `curl`, `pip`), so each is looked for once per file. */
function runsContaining(file: RunsOfFile, needle: string): Uint8Array | null {
  let hits = file.byNeedle.get(needle);
  if (hits === undefined) {
    hits = null;
    for (let i = 0; i < file.texts.length; i++) {
      if (!file.texts[i].includes(needle)) continue;
      hits ??= new Uint8Array(file.texts.length);
      hits[i] = 1;
    }
    file.byNeedle.set(needle, hits);
  }
  return hits;
}

/** RUNs whose text contains one of `needles` (or matches the pattern): the others cannot hold what a rule looks for. */
export function runsMentioning(context: RunContext, needles: readonly string[] | RegExp): RunInstruction[] {
  const file = runsWithText(context);
  const found: RunInstruction[] = [];
  if (needles instanceof RegExp) {
    for (let i = 0; i < file.runs.length; i++) if (needles.test(file.texts[i])) found.push(file.runs[i]);
    return found;
  }
  if (file.runs.length === 0) return found;
  if (needles.length === 1) {
    const hits = runsContaining(file, needles[0]);
    if (hits) for (let i = 0; i < hits.length; i++) if (hits[i]) found.push(file.runs[i]);
    return found;
  }
  let any: Uint8Array | null = null;
  for (const needle of needles) {
    const hits = runsContaining(file, needle);
    if (!hits) continue;
    any ??= new Uint8Array(file.runs.length);
    for (let i = 0; i < hits.length; i++) any[i] |= hits[i];
  }
  if (any) for (let i = 0; i < any.length; i++) if (any[i]) found.push(file.runs[i]);
  return found;
}

/** Characters that shell quoting and escaping take out of a word's value. */
const QUOTING = /\\\r?\n|["'\\]/g;
const wordTextOfRun = new WeakMap<RunInstruction, string | null>();

/**
 * The shell text of a RUN (continuations joined, heredoc bodies included)
 * without quotes and backslashes: a literal without those characters that is
 * in a word's value (`"apt"-get` → `apt-get`) is in this text. Null when
 * `$'…'` escapes can spell out characters, so no text test can rule a RUN out.
 */
export function unquotedShellText(run: RunInstruction): string | null {
  let text = wordTextOfRun.get(run);
  if (text === undefined) {
    const shell = run.shell?.text ?? '';
    text = shell.includes("$'") ? null : shell.replace(QUOTING, '');
    wordTextOfRun.set(run, text);
  }
  return text;
}

export interface RunCommand {
  instruction: RunInstruction;
  script: ShellScript;
  command: ShellCommand;
}

/** The commands named `names` (seen through sudo, env, sh -c…) in every RUN, in file order. */
export function runCommands(context: RunContext, names: readonly string[], needles: readonly string[] | RegExp = names): RunCommand[] {
  return commandsIn(context, runsMentioning(context, needles), names);
}

/** The commands named `names` (seen through sudo, env, sh -c…) in `runs`, in order. */
export function commandsIn(context: RunContext, runs: readonly RunInstruction[], names: readonly string[]): RunCommand[] {
  const found: RunCommand[] = [];
  for (const instruction of runs) {
    for (const script of context.shellScripts(instruction)) {
      for (const command of findCommands(script, names)) found.push({ instruction, script, command });
    }
  }
  return found;
}

// ---------------------------------------------------------------------------
// Mounts

export interface RunMount {
  /** `bind` (the default), `cache`, `tmpfs`, `secret`, `ssh`. */
  type: string;
  /** Normalised target path (no trailing slash), or null. */
  target: string | null;
  flag: Flag;
}

/** The `--mount` flags of a RUN, parsed. */
export function runMounts(instruction: Instruction): RunMount[] {
  const mounts: RunMount[] = [];
  for (const flag of instruction.flags) {
    if (flag.name !== 'mount' || flag.value === null) continue;
    let type = 'bind';
    let target: string | null = null;
    for (const field of flag.value.split(',')) {
      const eq = field.indexOf('=');
      const key = (eq < 0 ? field : field.slice(0, eq)).trim().toLowerCase();
      const value = eq < 0 ? '' : field.slice(eq + 1).trim().replace(/^["']|["']$/g, '');
      if (key === 'type') type = value.toLowerCase();
      else if (key === 'target' || key === 'dst' || key === 'destination') target = normalisePath(value);
    }
    mounts.push({ type, target, flag });
  }
  return mounts;
}

function normalisePath(path: string): string {
  const home = path.replace(/^(~|\$HOME|\$\{HOME\})(?=\/|$)/, '/root');
  return home.length > 1 ? home.replace(/\/+$/, '') : home;
}

/**
 * True when a cache or tmpfs mount holds one of `dirs` (the mount target is
 * the directory or one of its parents): what is written there never reaches
 * the image, so there is nothing to clean up.
 */
export function mountCovers(instruction: Instruction, dirs: readonly string[]): boolean {
  return runMounts(instruction).some(
    (mount) =>
      (mount.type === 'cache' || mount.type === 'tmpfs') &&
      mount.target !== null &&
      dirs.some((dir) => dir === mount.target || dir.startsWith(mount.target === '/' ? '/' : mount.target + '/')),
  );
}

// ---------------------------------------------------------------------------
// Stages

/** Indexes of the stages whose filesystem is the final image: the last stage and the stages it is built `FROM`. */
export function finalImageStages(dockerfile: Dockerfile): Set<number> {
  const stages = new Set<number>();
  let index: number | null = dockerfile.stages.length - 1;
  while (index !== null && index >= 0 && !stages.has(index)) {
    stages.add(index);
    index = dockerfile.stages[index].image.stageRef;
  }
  return stages;
}

/** The stage an instruction belongs to and the stages it is built `FROM`, nearest first. */
export function stageLineage(dockerfile: Dockerfile, stageIndex: number): number[] {
  const lineage: number[] = [];
  let index: number | null = stageIndex;
  while (index !== null && index >= 0 && index < dockerfile.stages.length && !lineage.includes(index)) {
    lineage.push(index);
    index = dockerfile.stages[index].image.stageRef;
  }
  return lineage;
}

const ALPINE_LIKE = /(^|[/:_.-])(alpine|busybox)([/:_.-]|$)/i;

/** True when the stage (or a stage it builds on) starts from an Alpine or BusyBox image, whose tools are BusyBox's. */
export function stageLooksBusybox(dockerfile: Dockerfile, stageIndex: number): boolean {
  return stageLineage(dockerfile, stageIndex).some((index) => {
    const image = dockerfile.stages[index].image;
    return image.stageRef === null && ALPINE_LIKE.test(image.expanded || image.raw);
  });
}

// ---------------------------------------------------------------------------
// Words and flags

/** An insertion right after a word (`apt-get install` → `apt-get install -y`). */
export function insertAfter(word: { span: { end: number } }, text: string): TextEdit {
  return { span: { start: word.span.end, end: word.span.end }, text };
}

/** The end of a command including the redirects written after it. */
export function commandEnd(command: ShellCommand): number {
  return command.redirects.reduce((end, redirect) => (redirect.heredoc ? end : Math.max(end, redirect.span.end)), command.span.end);
}

/**
 * An edit that runs `text` (a command) right after `command`, chained with
 * `&&`, in the style of the surrounding lines: a continued line `a \` +
 * `&& b` gets its own `&& text` line with the same indentation; `a && \`
 * gets `text && \`. Null when the command's place makes appending unsafe:
 * inside a pipeline, after `||`/`&`, in a condition, a loop, a function or
 * a substitution, under a wrapper (sudo, sh -c) or in a guessed parse.
 */
export function appendCommandEdit(context: RunContext, script: ShellScript, command: ShellCommand, text: string): TextEdit | null {
  if (command.inParseError || command.wrappers.length > 0 || command.pipeline.length > 1 || command.redirects.some((r) => r.heredoc)) return null;
  if (command.conditional || command.inLoop || command.inFunction || command.inCommandSubstitution) return null;
  const after = command.connectorAfter;
  if (after === '||' || after === '&' || after === '|' || after === '|&') return null;
  const esc = script.origin === 'shell-form' ? context.dockerfile.escapeChar : '\\';
  const e = esc === '\\' ? '\\\\' : '`';
  const fileText = context.source.text;
  const end = commandEnd(command);
  const rest = fileText.slice(end, end + 400);
  const leadingNext = new RegExp(`^[ \\t]*${e}(\\r?\\n)([ \\t]*)&&`).exec(rest);
  if (leadingNext) return { span: { start: end, end }, text: ` ${esc}${leadingNext[1]}${leadingNext[2]}&& ${text}` };
  const trailingNext = new RegExp(`^[ \\t]*&&[ \\t]*${e}(\\r?\\n)([ \\t]*)`).exec(rest);
  if (trailingNext) {
    const at = end + trailingNext[0].length;
    return { span: { start: at, end: at }, text: `${text} && ${esc}${trailingNext[1]}${trailingNext[2]}` };
  }
  if (after === null || after === '\n') {
    const before = fileText.slice(Math.max(0, command.span.start - 400), command.span.start);
    const leadingPrev = new RegExp(`${e}(\\r?\\n)([ \\t]*)&&[ \\t]*$`).exec(before);
    if (command.connectorBefore === '&&' && leadingPrev) return { span: { start: end, end }, text: ` ${esc}${leadingPrev[1]}${leadingPrev[2]}&& ${text}` };
    const trailingPrev = new RegExp(`&&[ \\t]*${e}(\\r?\\n)([ \\t]*)$`).exec(before);
    if (command.connectorBefore === '&&' && trailingPrev) return { span: { start: end, end }, text: ` && ${esc}${trailingPrev[1]}${trailingPrev[2]}${text}` };
  }
  return { span: { start: end, end }, text: ` && ${text}` };
}

/** The last of `commands` in text order. */
export function lastCommand(commands: readonly ShellCommand[]): ShellCommand | null {
  let last: ShellCommand | null = null;
  for (const command of commands) if (!last || command.span.start > last.span.start) last = command;
  return last;
}
