/**
 * The Dockerfile syntax tree. Every node has an exact span (offsets) and range
 * (line/column), so rules can point at a flag, a word or a JSON element.
 * Modelled on the builder's own parser (moby/buildkit frontend/dockerfile/parser
 * and instructions): what the builder accepts, this accepts; what it rejects is
 * a `dockerfile/syntax` error with a range, and parsing goes on.
 */
import type { Range, SourceText, Span } from '../core/source.js';

export interface Node {
  span: Span;
  range: Range;
}

/** `# syntax=…`, `# escape=…`, `# check=…` at the top of the file. */
export interface Directive extends Node {
  /** Lower-cased directive name. */
  name: string;
  value: string;
  nameNode: Node;
  valueNode: Node;
}

export interface Comment extends Node {
  /** Text after `#`, untrimmed. */
  text: string;
  /** True for a comment line that sits inside a line continuation. */
  inContinuation: boolean;
}

/**
 * A word of an instruction's arguments as written. `raw` is the source text
 * with continuations removed; `value` has quotes and escapes removed (as the
 * builder's word lexer does) but variables unexpanded.
 */
export interface Word extends Node {
  raw: string;
  value: string;
  /** `$X`, `${X}`, `${X:-d}`… references in the word, with ranges. */
  variables: VariableRef[];
}

export interface VariableRef extends Node {
  name: string;
  /** `:-`, `-`, `:+`, `+`, `:?`, `?`, `#`, `##`, `%`, `%%`, `/`, `//`, or null for a plain reference. */
  operator: string | null;
  /** The operand after the operator, raw. */
  operand: string | null;
  braced: boolean;
}

/**
 * `--name=value` or `--name` (a boolean flag). Unknown flags are kept as they are.
 * `nameNode` covers `--name`; `valueNode` the text after `=` as written (quotes included);
 * `value` has quotes and backslash escapes removed, as the builder reads flags.
 */
export interface Flag extends Node {
  /** Lower-cased name without dashes. */
  name: string;
  value: string | null;
  nameNode: Node;
  valueNode: Node | null;
}

export interface JsonString extends Node {
  /** The decoded string. */
  value: string;
}

/** Exec form: a valid JSON array of strings. */
export interface ExecForm extends Node {
  elements: JsonString[];
}

/**
 * A shell script taken out of the file: the command text with line
 * continuations (escape + newline) and continuation comment lines removed,
 * and a map back to file offsets. For RUN with heredocs the text goes on with
 * the line break after the instruction, then each body and terminator line,
 * as in the file (so a CRLF file gives `\r\n` there).
 */
export interface ShellSource {
  text: string;
  /** Ordered pieces of `text`, each copied verbatim from the file. */
  segments: { textStart: number; fileStart: number; length: number }[];
}

/** A here-document; its span covers the body and terminator lines. */
export interface Heredoc extends Node {
  /** The delimiter word without quotes. */
  delimiter: string;
  /** `<<"EOF"` / `<<'EOF'`: the body is not expanded. */
  quoted: boolean;
  /** `<<-EOF`: leading tabs are stripped. */
  stripTabs: boolean;
  /** The `<<EOF` marker on the instruction line. */
  marker: Node;
  /** The body lines, from the line after the instruction to the line before the delimiter. */
  body: Node;
  /** The body as in the file: line breaks kept, `<<-` tabs not stripped (equals the body's text). */
  bodyText: string;
  /** The closing delimiter line, or null when the file ends first. */
  terminator: Node | null;
}

export interface KeyValue extends Node {
  key: Word;
  /** Null for `ARG NAME` without a default. */
  value: Word | null;
  /** True for the legacy `ENV key value` form. */
  legacy: boolean;
}

interface InstructionBase extends Node {
  /** The keyword as written (any letter case). */
  keywordNode: Node;
  flags: Flag[];
  /** Everything after the keyword and flags, continuations joined; null when empty. */
  argsNode: Node | null;
  argsText: string;
  /** Arguments split into words, as the builder would (after flags). */
  args: Word[];
  heredocs: Heredoc[];
  /** Index into Dockerfile.stages, or -1 before the first FROM. */
  stageIndex: number;
  /** True when this instruction is the trigger of an ONBUILD. */
  onbuild: boolean;
  /**
   * Whitespace-only lines inside a line continuation (the builder skips them
   * and warns: they will become errors). Each covers the line's text.
   */
  emptyContinuationLines: Node[];
}

/** The argument forms of RUN, CMD, ENTRYPOINT, SHELL and HEALTHCHECK CMD. */
export interface CommandArgs {
  /** Set when the arguments are a valid JSON array. */
  exec: ExecForm | null;
  /** Set when the arguments run through the shell (not for SHELL). */
  shell: ShellSource | null;
  /**
   * Set when the arguments look like an exec-form JSON array but are not valid
   * JSON (single quotes, trailing comma, unescaped backslash…): the builder then
   * runs them through the shell. Covers the argument text. Not a syntax error.
   */
  malformedExec: Node | null;
}

export interface FromInstruction extends InstructionBase, Node {
  kind: 'FROM';
  image: Word | null;
  /** `AS name`: the name word, or null. */
  alias: Word | null;
  asKeyword: Node | null;
}
export interface RunInstruction extends InstructionBase, CommandArgs {
  kind: 'RUN';
}
export interface CmdInstruction extends InstructionBase, CommandArgs {
  kind: 'CMD';
}
export interface EntrypointInstruction extends InstructionBase, CommandArgs {
  kind: 'ENTRYPOINT';
}
export interface ShellInstruction extends InstructionBase, CommandArgs {
  kind: 'SHELL';
}
export interface HealthcheckInstruction extends InstructionBase, CommandArgs {
  kind: 'HEALTHCHECK';
  /** `NONE`, `CMD`, or null when the instruction is malformed. */
  mode: 'NONE' | 'CMD' | null;
}
export interface EnvInstruction extends InstructionBase {
  kind: 'ENV';
  pairs: KeyValue[];
}
export interface ArgInstruction extends InstructionBase {
  kind: 'ARG';
  pairs: KeyValue[];
}
export interface LabelInstruction extends InstructionBase {
  kind: 'LABEL';
  pairs: KeyValue[];
}
export interface CopyInstruction extends InstructionBase {
  kind: 'COPY' | 'ADD';
  /** JSON-array form `COPY ["a", "b"]`, when used. */
  exec: ExecForm | null;
  sources: Word[];
  destination: Word | null;
}
export interface OnbuildInstruction extends InstructionBase {
  kind: 'ONBUILD';
  /** The wrapped instruction, parsed recursively (its `onbuild` is true). */
  trigger: Instruction | null;
}
/** USER, WORKDIR, EXPOSE, VOLUME, STOPSIGNAL, MAINTAINER and unknown keywords. */
export interface GenericInstruction extends InstructionBase {
  kind: 'USER' | 'WORKDIR' | 'EXPOSE' | 'VOLUME' | 'STOPSIGNAL' | 'MAINTAINER' | 'UNKNOWN';
  /** The upper-cased keyword (for UNKNOWN, what was written). */
  keyword: string;
  /** VOLUME may be a JSON array. */
  exec: ExecForm | null;
}

export type Instruction =
  | FromInstruction
  | RunInstruction
  | CmdInstruction
  | EntrypointInstruction
  | ShellInstruction
  | HealthcheckInstruction
  | EnvInstruction
  | ArgInstruction
  | LabelInstruction
  | CopyInstruction
  | OnbuildInstruction
  | GenericInstruction;

export type InstructionKind = Instruction['kind'];

/** A base image reference after variable expansion. */
export interface ImageRef {
  /** The reference as written. */
  raw: string;
  /** After expanding global ARGs; unresolved variables expand to ''. */
  expanded: string;
  /** Variables that had no value (so the reference cannot be fully known). */
  unresolved: string[];
  /** Parsed parts of `expanded` (docker reference grammar); null where absent. */
  registry: string | null;
  /** Path without registry, e.g. `library/ubuntu` is given as `ubuntu` when written so. */
  repository: string;
  tag: string | null;
  digest: string | null;
  isScratch: boolean;
  /** Index of an earlier stage this FROM names, or null for an image. */
  stageRef: number | null;
}

export interface Stage {
  index: number;
  /** The `AS` name lower-cased, or null. */
  name: string | null;
  from: FromInstruction;
  image: ImageRef;
  /** The stage's instructions after FROM, in order (ONBUILD triggers not flattened). */
  instructions: Instruction[];
}

export interface DockerfileSyntaxError extends Node {
  message: string;
}

export interface Dockerfile {
  source: SourceText;
  directives: Directive[];
  /** The active escape character (`\` unless `# escape=` says otherwise). */
  escapeChar: '\\' | '`';
  comments: Comment[];
  /** All top-level instructions in file order. */
  instructions: Instruction[];
  /** ARG instructions before the first FROM. */
  globalArgs: ArgInstruction[];
  stages: Stage[];
  errors: DockerfileSyntaxError[];
}
