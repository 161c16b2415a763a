/**
 * Shell analysis of RUN / CMD / ENTRYPOINT / HEALTHCHECK scripts.
 *
 * Scripts are parsed into syntax trees by shell-syntax.ts (our parser for
 * common shell, tree-sitter-bash for the rest: WebAssembly, loaded lazily by
 * `loadShellParser()`; nothing is loaded when this module is imported) and
 * turned into plain data: simple commands with their words, assignments,
 * redirects, pipeline and list context, each with a span and range in the
 * Dockerfile itself. `ShellSource.segments` map script offsets back to the
 * file across removed line continuations; a node that spans a removed
 * continuation maps its start and its end separately.
 *
 * Trees are freed as soon as the data is extracted, and the analysis of a
 * ShellSource object is cached, so many rules asking costs one parse.
 *
 * A rule looking at `apt-get install`:
 *
 *     for (const script of context.shellScripts(instruction)) {
 *       for (const cmd of findCommands(script, ['apt-get', 'apt'])) {  // also under sudo, sh -c…
 *         if (subcommand(cmd)?.value !== 'install') continue;
 *         const packages = positionalArgs(cmd).slice(1);            // ShellWord[] with file ranges
 *         const yes = hasFlag(cmd, '-y', '--yes', '--assume-yes');  // `-qy` counts
 *         const norec = hasFlag(cmd, '--no-install-recommends');
 *       }
 *     }
 */
import type { Range, SourceText, Span } from '../core/source.js';
import type { Dockerfile, Heredoc, Instruction, ShellSource, Stage } from './ast.js';
import { HiddenSlot } from './hidden-slot.js';
import { syntaxTree, type SyntaxNode } from './shell-syntax.js';

export { loadShellParser, shellParserReady, ShellParserNotLoaded } from './shell-syntax.js';

// ---------------------------------------------------------------------------
// Public types

/** A piece of a script: offsets into the file (`span`, `range`) and into the script text (`textSpan`). */
export interface ShellNode {
  /** File offsets, half-open. */
  span: Span;
  range: Range;
  /** Offsets into the script text (`ShellScript.text`). */
  textSpan: Span;
}

export interface ShellExpansion extends ShellNode {
  /** `$X` / `${X…}`, `$(…)` / backticks, `$((…))`, `<(…)` / `>(…)`. */
  kind: 'parameter' | 'command' | 'arithmetic' | 'process';
  /** The variable name of a parameter expansion (`HOME`, `1`, `@`), else null. */
  name: string | null;
  /** True inside double quotes (no word splitting or globbing). */
  quoted: boolean;
  raw: string;
}

export interface ShellWord extends ShellNode {
  /** The word as written in the script (continuations removed). */
  raw: string;
  /** The literal value with quotes and escapes removed, or null when the word has expansions. */
  value: string | null;
  /** True when the word contains quoting (`'…'`, `"…"`, `$'…'`, or a backslash escape). */
  quoted: boolean;
  expansions: ShellExpansion[];
}

export interface ShellAssignment extends ShellNode {
  name: string;
  /** The value word, or null for `X=`. */
  value: ShellWord | null;
  /** `X+=…`. */
  append: boolean;
  raw: string;
}

export interface ShellHeredoc {
  delimiter: string;
  /** `<<'EOF'` / `<<"EOF"` / `<<\EOF`: the body is not expanded. */
  quoted: boolean;
  /** `<<-EOF`. */
  stripTabs: boolean;
  /** The body text as the shell reads it (up to, not including, the terminator line). */
  body: ShellNode & { text: string };
}

export interface ShellRedirect extends ShellNode {
  /** `>`, `>>`, `<`, `&>`, `&>>`, `>&`, `<&`, `>|`, `<>`, `<<<`, `<<`, `<<-`… */
  operator: string;
  /** The explicit file descriptor (`2>…`), or null. */
  fd: number | null;
  /** The destination / source word; null for heredocs. */
  target: ShellWord | null;
  heredoc: ShellHeredoc | null;
  raw: string;
}

/** Operators between commands. `\n` stands for a newline that separates two statements. */
export type ShellConnector = '&&' | '||' | ';' | '&' | '|' | '|&' | '\n' | ';;' | ';&' | ';;&';

export interface ShellPipelinePosition {
  /** Index of the command's stage (0 when not in a pipeline). */
  index: number;
  /** Number of stages (1 when not in a pipeline). */
  length: number;
  /** The pipeline, when length > 1. */
  pipeline: ShellPipeline | null;
}

export interface ShellCommand extends ShellNode {
  /** `simple` commands, `declaration` (export/declare/local/readonly/typeset), `unset`, `test` (`[ … ]`, `[[ … ]]`). */
  kind: 'simple' | 'declaration' | 'unset' | 'test';
  /** The command word's literal value (quotes removed); null when it is dynamic (`$CMD`). */
  name: string | null;
  /** `name` without a directory (`/usr/bin/apt-get` → `apt-get`). */
  baseName: string | null;
  nameWord: ShellWord | null;
  /** The words after the name, in order. */
  args: ShellWord[];
  /** `FOO=bar cmd`: assignments before the name (and `env`/`sudo` assignments for unwrapped commands). */
  assignments: ShellAssignment[];
  /** Redirects of the command (also those written after a compound-free `a && b > f`). */
  redirects: ShellRedirect[];
  /** The command text (name and arguments; redirects written after it are not included). */
  raw: string;
  pipeline: ShellPipelinePosition;
  /** The operator before this command, or null at the start of its sequence. */
  connectorBefore: ShellConnector | null;
  /** The operator after this command, or null at the end of its sequence. */
  connectorAfter: ShellConnector | null;
  /** Under `!`. */
  negated: boolean;
  /** Inside `( … )` (or run by `sh -c` for unwrapped commands): `cd`, `export`… do not leak out. */
  inSubshell: boolean;
  /** Inside `$( … )`, backticks, or `<( … )`. */
  inCommandSubstitution: boolean;
  /** Inside a function body. */
  inFunction: boolean;
  /** Inside a `for` / `while` / `until` loop body or condition. */
  inLoop: boolean;
  /** In the condition of `if` / `elif` / `while` / `until`, or a `case`/`if` body (runs conditionally). */
  conditional: boolean;
  /** Inside a tree-sitter ERROR node: the parse around it is a guess. */
  inParseError: boolean;
  /**
   * For commands found by unwrapping (`sudo apt-get`, `sh -c '…'`): the
   * wrapper commands, outermost first. Empty for commands written directly.
   */
  wrappers: ShellCommand[];
}

export interface ShellPipelineStage extends ShellNode {
  /** The stage's simple command, or null when the stage is compound (`( … )`, `while …`). */
  command: ShellCommand | null;
  /** Every command inside the stage. */
  commands: ShellCommand[];
}

export interface ShellPipeline extends ShellNode {
  stages: ShellPipelineStage[];
  /** `|` or `|&` between stages (stages.length - 1 of them). */
  operators: ('|' | '|&')[];
  /** `! a | b`. */
  negated: boolean;
}

export interface ShellListItem extends ShellNode {
  /** The tree-sitter node type of the item (`command`, `pipeline` stages are flattened, `subshell`, `if_statement`…). */
  kind: string;
  /** The item's simple command, or null when compound. */
  command: ShellCommand | null;
  commands: ShellCommand[];
}

/**
 * A sequence of statements in one context (the script, a subshell, a `do`
 * body…) with the operators between them, flattened: `a && b || c; d` is one
 * list of four items with operators `&&`, `||`, `;`. Pipe stages are items too
 * (operator `|`), so every operator between two items is here. Only sequences
 * with at least two items are listed.
 */
export interface ShellList extends ShellNode {
  items: ShellListItem[];
  operators: ShellConnector[];
  /** An operator after the last item (`a; b;` or `a &`), or null. */
  terminator: ShellConnector | null;
}

export interface ShellCd {
  command: ShellCommand;
  /** The directory word (first positional argument), or null for bare `cd`. */
  target: ShellWord | null;
  /** `cd dir && …`: a failing cd stops what follows. */
  followedByAnd: boolean;
  connectorAfter: ShellConnector | null;
  /** No command follows the cd in the script. */
  isLast: boolean;
}

export interface ShellParseError extends ShellNode {
  kind: 'error' | 'missing';
  message: string;
}

export interface ShellComment extends ShellNode {
  /** Text after `#`. */
  text: string;
}

export interface ShellFunction extends ShellNode {
  name: string;
}

export type ShellScriptOrigin = 'shell-form' | 'heredoc' | 'inline' | 'stdin';

export interface ShellScript extends ShellNode {
  /** What was parsed (continuations removed). */
  text: string;
  source: ShellSource;
  /**
   * `shell-form`: the instruction's shell command text (with heredocs when
   * they are data); `heredoc`: a `RUN <<EOF` body run as the script;
   * `inline`: the string of `sh -c '…'`; `stdin`: a heredoc fed to `sh`.
   */
  origin: ShellScriptOrigin;
  /** For `heredoc` scripts: the Dockerfile heredoc. */
  heredoc: Heredoc | null;
  /** `#!` line of a heredoc script, or null. */
  shebang: string | null;
  /** Every command, in text order, including those in subshells, substitutions and bodies. */
  commands: ShellCommand[];
  /** Pipelines of two or more stages, in text order (nested ones included). */
  pipelines: ShellPipeline[];
  lists: ShellList[];
  cdCommands: ShellCd[];
  /** Standalone assignments (`X=1` with no command). */
  assignments: ShellAssignment[];
  functions: ShellFunction[];
  comments: ShellComment[];
  /** Heredocs inside the script (`cat <<EOF > /f`). */
  heredocs: ShellHeredoc[];
  hasParseError: boolean;
  errors: ShellParseError[];
}

/** A script for `analyzeShell`, as returned by `shellScriptsOf`. */
export interface ShellScriptSource extends ShellSource {
  origin?: ShellScriptOrigin;
  heredoc?: Heredoc | null;
  shebang?: string | null;
}

export interface SkippedShellScript {
  reason: string;
  heredoc: Heredoc | null;
}

/** The scripts of an instruction; `skipped` says what was not analysed and why. */
export type ShellScriptList = ShellScriptSource[] & { skipped: SkippedShellScript[] };

function namedChildrenOf(node: SyntaxNode): SyntaxNode[] {
  return node.children.filter((child) => child.isNamed);
}

function childForField(node: SyntaxNode, field: string): SyntaxNode | null {
  for (let k = 0; k < node.children.length; k++) {
    const child = node.children[k];
    if (child.field === field) return child;
  }
  return null;
}

// ---------------------------------------------------------------------------
// Offset mapping

/** Maps script offsets to file offsets through `ShellSource.segments`. */
class OffsetMap {
  private readonly segs: { textStart: number; fileStart: number; length: number }[];

  constructor(source: ShellSource) {
    const segs = source.segments.filter((s) => s.length > 0);
    this.segs = segs.length > 1 ? [...segs].sort((a, b) => a.textStart - b.textStart) : segs;
  }

  /** Index of the last segment with textStart <= t, or -1. */
  private find(t: number): number {
    const segs = this.segs;
    let lo = 0;
    let hi = segs.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (segs[mid].textStart <= t) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /** File offset of the character at script offset t (as a start position). */
  start(t: number): number {
    const segs = this.segs;
    if (segs.length === 0) return 0;
    const i = this.find(t);
    if (i < 0) return segs[0].fileStart;
    const s = segs[i];
    if (t < s.textStart + s.length) return s.fileStart + (t - s.textStart);
    // In a gap or past the end: the next segment's start, else this one's end.
    if (i + 1 < segs.length) return segs[i + 1].fileStart;
    return s.fileStart + s.length;
  }

  /** File offset just past the character before script offset t (as an end position). */
  end(t: number): number {
    const segs = this.segs;
    if (segs.length === 0) return 0;
    if (t <= 0) return this.start(0);
    const i = this.find(t - 1);
    if (i < 0) return segs[0].fileStart;
    const s = segs[i];
    const last = Math.min(t - 1, s.textStart + s.length - 1);
    return s.fileStart + (last - s.textStart) + 1;
  }

  /** Script offset of a file offset, or -1 when the file offset is not in the script. */
  toText(fileOffset: number, asEnd = false): number {
    for (let q = 0; q < this.segs.length; q++) {
      const s = this.segs[q];
      if (fileOffset >= s.fileStart && fileOffset < s.fileStart + s.length) return s.textStart + (fileOffset - s.fileStart);
      if (asEnd && fileOffset === s.fileStart + s.length) return s.textStart + s.length;
    }
    return -1;
  }
}

/** Pieces [start, end) of a source's text, concatenated, as a new ShellSource. */
function composeSource(source: ShellSource, pieces: [number, number][]): ShellSource {
  let text = '';
  const segments: ShellSource['segments'] = [];
  for (const [start, end] of pieces) {
    const part = sliceSource(source, start, end);
    for (const seg of part.segments) segments.push({ textStart: seg.textStart + text.length, fileStart: seg.fileStart, length: seg.length });
    text += part.text;
  }
  return { text, segments };
}

/** The part [start, end) of a source's text as a new ShellSource with its own segments. */
function sliceSource(source: ShellSource, start: number, end: number): ShellSource {
  const segments: ShellSource['segments'] = [];
  for (let q = 0; q < source.segments.length; q++) {
    const s = source.segments[q];
    const a = Math.max(start, s.textStart);
    const b = Math.min(end, s.textStart + s.length);
    if (a < b) segments.push({ textStart: a - start, fileStart: s.fileStart + (a - s.textStart), length: b - a });
  }
  return { text: source.text.slice(start, end), segments };
}

/**
 * A source whose characters come from scattered script offsets (the decoded
 * value of a quoted word): consecutive characters that are consecutive in the
 * file share a segment.
 */
function sourceFromMappedText(text: string, textOffsets: number[], map: OffsetMap): ShellSource {
  const segments: ShellSource['segments'] = [];
  let current: { textStart: number; fileStart: number; length: number } | null = null;
  for (let i = 0; i < text.length; i++) {
    const fileOffset = map.start(textOffsets[i]);
    if (current && current.fileStart + current.length === fileOffset) {
      current.length++;
    } else {
      current = { textStart: i, fileStart: fileOffset, length: 1 };
      segments.push(current);
    }
  }
  return { text, segments };
}

// ---------------------------------------------------------------------------
// Literal decoding

/** The characters decodeWord acts on (`$` only before a quote, but one test is cheaper). */
const QUOTING_CHARS = /[\\'"$]/;

/**
 * Decodes the quoting of a shell word as the shell's quote removal does,
 * keeping `$…` text as is. With `offsets`, records the script offset of each
 * output character (relative to `base`).
 */
function decodeWord(raw: string, base = 0, offsets?: number[]): string {
  // Most words have no quoting at all: nothing to remove.
  if (!offsets && !QUOTING_CHARS.test(raw)) return raw;
  let out = '';
  const n = raw.length;
  const push = (s: string, at: number) => {
    out += s;
    if (offsets) for (let k = 0; k < s.length; k++) offsets.push(base + at);
  };
  let i = 0;
  let dq = false;
  while (i < n) {
    const c = raw[i];
    if (dq) {
      if (c === '"') {
        dq = false;
        i++;
      } else if (c === '\\' && i + 1 < n && '$`"\\\n'.includes(raw[i + 1])) {
        if (raw[i + 1] !== '\n') push(raw[i + 1], i + 1);
        i += 2;
      } else {
        push(c, i);
        i++;
      }
      continue;
    }
    if (c === '\\') {
      if (i + 1 < n) {
        if (raw[i + 1] !== '\n') push(raw[i + 1], i + 1);
        i += 2;
      } else {
        push(c, i);
        i++;
      }
    } else if (c === "'") {
      const close = raw.indexOf("'", i + 1);
      const stop = close < 0 ? n : close;
      for (let k = i + 1; k < stop; k++) push(raw[k], k);
      i = stop + 1;
    } else if (c === '"') {
      dq = true;
      i++;
    } else if (c === '$' && raw[i + 1] === "'") {
      i = decodeAnsiC(raw, i + 2, push);
    } else if (c === '$' && raw[i + 1] === '"') {
      dq = true;
      i += 2;
    } else {
      push(c, i);
      i++;
    }
  }
  return out;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '?': '?',
};

/** Decodes a `$'…'` body starting at i; returns the index after the closing quote. */
function decodeAnsiC(raw: string, i: number, push: (s: string, at: number) => void): number {
  const n = raw.length;
  while (i < n && raw[i] !== "'") {
    const c = raw[i];
    if (c !== '\\' || i + 1 >= n) {
      push(c, i);
      i++;
      continue;
    }
    const e = raw[i + 1];
    const at = i;
    if (e in SIMPLE_ESCAPES) {
      push(SIMPLE_ESCAPES[e], at);
      i += 2;
    } else if (e >= '0' && e <= '7') {
      const m = /^[0-7]{1,3}/.exec(raw.slice(i + 1, i + 4))![0];
      push(String.fromCharCode(parseInt(m, 8)), at);
      i += 1 + m.length;
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const max = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const m = new RegExp(`^[0-9a-fA-F]{1,${max}}`).exec(raw.slice(i + 2, i + 2 + max));
      if (m) {
        const code = parseInt(m[0], 16);
        push(code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd', at);
        i += 2 + m[0].length;
      } else {
        push('\\' + e, at);
        i += 2;
      }
    } else if (e === 'c' && i + 2 < n) {
      push(String.fromCharCode(raw.charCodeAt(i + 2) & 0x1f), at);
      i += 3;
    } else {
      push('\\' + e, at);
      i += 2;
    }
  }
  return i + 1;
}

// ---------------------------------------------------------------------------
// Extraction from the tree

const STATEMENT_TYPES = new Set([
  'redirected_statement',
  'variable_assignment',
  'variable_assignments',
  'command',
  'declaration_command',
  'unset_command',
  'test_command',
  'negated_command',
  'for_statement',
  'c_style_for_statement',
  'while_statement',
  'if_statement',
  'case_statement',
  'pipeline',
  'list',
  'subshell',
  'compound_statement',
  'function_definition',
]);
const SEPARATORS = new Set([';', '&', ';;', ';&', ';;&']);
const CHAIN_OPERATORS = new Set(['&&', '||', '|', '|&']);
const EXPANSION_KIND: Record<string, ShellExpansion['kind']> = {
  simple_expansion: 'parameter',
  expansion: 'parameter',
  command_substitution: 'command',
  arithmetic_expansion: 'arithmetic',
  process_substitution: 'process',
};
/** Word parts whose value cannot be known statically besides expansions. */
const NON_LITERAL = new Set(['array', 'ERROR']);

/** Where a command stands: the context flags of ShellCommand. */
type Ctx = Pick<ShellCommand, 'inSubshell' | 'inCommandSubstitution' | 'inFunction' | 'inLoop' | 'conditional' | 'inParseError'>;

type RunElement = { op: string } | { node: SyntaxNode; redirectsFrom: SyntaxNode[] };

interface Outer {
  before: ShellConnector | null;
  after: ShellConnector | null;
}

interface PipeInfo {
  index: number;
  length: number;
  pipeline: ShellPipeline | null;
}

const NO_PIPE_INFO: PipeInfo = { index: 0, length: 1, pipeline: null };

/** A copy of `ctx` with one flag set (built explicitly: object spread is slow in V8 here). */
function withCtx(ctx: Ctx, flag: keyof Ctx): Ctx {
  const next: Ctx = {
    inSubshell: ctx.inSubshell,
    inCommandSubstitution: ctx.inCommandSubstitution,
    inFunction: ctx.inFunction,
    inLoop: ctx.inLoop,
    conditional: ctx.conditional,
    inParseError: ctx.inParseError,
  };
  next[flag] = true;
  return next;
}

/** Internal data kept next to scripts and commands (not part of the public objects). */
const scriptFiles = new HiddenSlot<ShellScript, SourceText>('file');
const commandScripts = new HiddenSlot<ShellCommand, ShellScript>('script');

class Extractor {
  readonly commands: ShellCommand[] = [];
  readonly pipelines: ShellPipeline[] = [];
  readonly lists: ShellList[] = [];
  readonly assignments: ShellAssignment[] = [];
  readonly functions: ShellFunction[] = [];
  readonly comments: ShellComment[] = [];
  readonly heredocs: ShellHeredoc[] = [];
  readonly errors: ShellParseError[] = [];

  constructor(
    readonly text: string,
    readonly map: OffsetMap,
    readonly file: SourceText,
  ) {}

  loc(start: number, end: number): ShellNode {
    const fs = this.map.start(start);
    const fe = end > start ? Math.max(fs, this.map.end(end)) : fs;
    return { span: { start: fs, end: fe }, range: this.file.range(fs, fe), textSpan: { start, end } };
  }

  nodeLoc(node: SyntaxNode): ShellNode {
    return this.loc(node.startIndex, node.endIndex);
  }

  raw(node: SyntaxNode): string {
    return this.text.slice(node.startIndex, node.endIndex);
  }

  // --- sequences --------------------------------------------------------

  /** Visits a node whose children are statements separated by operators and keywords. */
  visitContainer(node: SyntaxNode, ctx: Ctx, outer: Outer | null, conditionFirst = false): void {
    let run: RunElement[] = [];
    let runIndex = 0;
    const flush = () => {
      if (run.some((e) => 'node' in e)) {
        const condition = conditionFirst && runIndex === 0;
        this.processRun(run, condition ? withCtx(ctx, 'conditional') : ctx, outer);
        runIndex++;
      }
      run = [];
    };
    for (let k = 0; k < node.children.length; k++) {
      const child = node.children[k];
      const type = child.type;
      if (!child.isNamed) {
        if (SEPARATORS.has(type) || CHAIN_OPERATORS.has(type)) run.push({ op: type });
        else flush();
        continue;
      }
      if (type === 'comment') {
        this.addComment(child);
        continue;
      }
      if (STATEMENT_TYPES.has(type)) {
        this.flatten(child, run);
        continue;
      }
      flush();
      this.visitOther(child, ctx);
    }
    flush();
  }

  /**
   * Appends a statement to a run, flattening lists, pipelines and heredoc
   * continuations. Iterative: tree-sitter nests `a && b && c …` to the left,
   * one level per operator.
   */
  flatten(root: SyntaxNode, run: RunElement[]): void {
    type Work = SyntaxNode | { op: string } | { attach: SyntaxNode } | { tail: SyntaxNode };
    const stack: Work[] = [root];
    while (stack.length > 0) {
      const work = stack.pop()!;
      if ('op' in work) {
        run.push({ op: work.op });
        continue;
      }
      if ('attach' in work) {
        // tree-sitter binds `a && b > f` as `(a && b) > f`; the shell applies the redirect to `b`.
        const last = run[run.length - 1];
        if (last && 'node' in last) last.redirectsFrom.push(work.attach);
        continue;
      }
      if ('tail' in work) {
        // `cat <<EOF | grep x && y`: tree-sitter puts what follows the heredoc marker inside the redirect.
        const parts: Work[] = [];
        for (let k = 0; k < work.tail.children.length; k++) {
          const redirect = work.tail.children[k];
          if (redirect.type !== 'heredoc_redirect') continue;
          for (let p = 0; p < redirect.children.length; p++) {
            const part = redirect.children[p];
            const t = part.type;
            if (!part.isNamed) {
              if (CHAIN_OPERATORS.has(t)) parts.push({ op: t });
            } else if (STATEMENT_TYPES.has(t)) parts.push(part);
          }
        }
        for (let i = parts.length - 1; i >= 0; i--) stack.push(parts[i]);
        continue;
      }
      const node = work;
      const type = node.type;
      if (type === 'list' || type === 'pipeline') {
        const children = node.children;
        for (let i = children.length - 1; i >= 0; i--) {
          const child = children[i];
          const t = child.type;
          if (!child.isNamed) {
            if (SEPARATORS.has(t) || CHAIN_OPERATORS.has(t)) stack.push({ op: t });
          } else if (t === 'comment') this.addComment(child);
          else stack.push(child);
        }
        continue;
      }
      if (type === 'redirected_statement') {
        const body = bodyOf(node);
        const bodyType = body ? body.type : '';
        stack.push({ tail: node });
        if (bodyType === 'list' || bodyType === 'pipeline') {
          stack.push({ attach: node });
          stack.push(body!);
        } else {
          run.push({ node, redirectsFrom: [] });
        }
        continue;
      }
      run.push({ node, redirectsFrom: [] });
    }
  }

  processRun(run: RunElement[], ctx: Ctx, outer: Outer | null): void {
    const items: { node: SyntaxNode; redirectsFrom: SyntaxNode[] }[] = [];
    const opsAfter: (ShellConnector | null)[] = [];
    for (let q = 0; q < run.length; q++) {
      const element = run[q];
      if ('node' in element) {
        if (opsAfter.length < items.length) opsAfter.push('\n');
        items.push(element);
      } else if (items.length > 0 && opsAfter.length < items.length) {
        opsAfter.push(element.op as ShellConnector);
      }
    }
    if (opsAfter.length < items.length) opsAfter.push(null);
    const n = items.length;
    if (n === 0) return;

    const before = (i: number) => (i === 0 ? outer?.before ?? null : opsAfter[i - 1]);
    const after = (i: number) => (i === n - 1 ? opsAfter[i] ?? outer?.after ?? null : opsAfter[i]);

    let list: ShellList | null = null;
    if (n >= 2) {
      const first = items[0].node;
      const last = items[n - 1].node;
      const l = this.loc(first.startIndex, Math.max(last.endIndex, lastRedirectEnd(items[n - 1])));
      list = {
        span: l.span,
        range: l.range,
        textSpan: l.textSpan,
        items: [],
        operators: opsAfter.slice(0, n - 1) as ShellConnector[],
        terminator: opsAfter[n - 1],
      };
      this.lists.push(list);
    }

    let i = 0;
    while (i < n) {
      // A pipeline: items joined by | or |&.
      let j = i;
      while (j < n - 1 && (opsAfter[j] === '|' || opsAfter[j] === '|&')) j++;
      const length = j - i + 1;
      let pipeline: ShellPipeline | null = null;
      if (length > 1) {
        const firstNode = items[i].node;
        const l = this.loc(firstNode.startIndex, Math.max(items[j].node.endIndex, lastRedirectEnd(items[j])));
        pipeline = {
          span: l.span,
          range: l.range,
          textSpan: l.textSpan,
          stages: [],
          operators: opsAfter.slice(i, j) as ('|' | '|&')[],
          negated: firstNode.type === 'negated_command',
        };
        this.pipelines.push(pipeline);
      }
      for (let k = i; k <= j; k++) {
        const item = items[k];
        const startCount = this.commands.length;
        const pipe: PipeInfo = pipeline ? { index: k - i, length, pipeline } : NO_PIPE_INFO;
        const direct = this.visitStatement(item.node, ctx, before(k), after(k), pipe, false, item.redirectsFrom);
        const inside = this.commands.slice(startCount);
        const loc = this.loc(item.node.startIndex, Math.max(item.node.endIndex, lastRedirectEnd(item)));
        if (pipeline) pipeline.stages.push({ span: loc.span, range: loc.range, textSpan: loc.textSpan, command: direct, commands: inside });
        if (list) list.items.push({ span: loc.span, range: loc.range, textSpan: loc.textSpan, kind: item.node.type, command: direct, commands: inside });
      }
      i = j + 1;
    }
  }

  // --- statements -------------------------------------------------------

  /** Visits one statement; returns its simple command when it is one. */
  visitStatement(
    node: SyntaxNode,
    ctx: Ctx,
    before: ShellConnector | null,
    after: ShellConnector | null,
    pipe: PipeInfo,
    negated: boolean,
    redirectsFrom: SyntaxNode[],
  ): ShellCommand | null {
    switch (node.type) {
      case 'command':
      case 'declaration_command':
      case 'unset_command':
      case 'test_command':
        return this.makeCommand(node, ctx, before, after, pipe, negated, redirectsFrom);
      case 'negated_command': {
        const inner = firstNamedNonComment(node);
        return inner ? this.visitStatement(inner, ctx, before, after, pipe, true, redirectsFrom) : null;
      }
      case 'redirected_statement': {
        const body = bodyOf(node);
        const all = [node, ...redirectsFrom];
        if (body) return this.visitStatement(body, ctx, before, after, pipe, negated, all);
        // A redirect with no command (`> file`): scan for substitutions.
        for (const r of all) this.collectRedirects(r, ctx);
        return null;
      }
      case 'subshell':
        this.scanRedirectSources(redirectsFrom, ctx);
        this.visitContainer(node, withCtx(ctx, 'inSubshell'), { before, after });
        return null;
      case 'compound_statement':
        this.scanRedirectSources(redirectsFrom, ctx);
        this.visitContainer(node, ctx, { before, after });
        return null;
      case 'variable_assignment':
      case 'variable_assignments':
        this.scanRedirectSources(redirectsFrom, ctx);
        for (const a of node.type === 'variable_assignment' ? [node] : namedChildrenOf(node)) {
          if (a && a.type === 'variable_assignment') this.assignments.push(this.makeAssignment(a, ctx));
        }
        return null;
      case 'function_definition': {
        const name = childForField(node, 'name');
        if (name) {
          const l = this.nodeLoc(node);
          this.functions.push({ span: l.span, range: l.range, textSpan: l.textSpan, name: this.raw(name) });
        }
        this.visitContainer(node, withCtx(ctx, 'inFunction'), null);
        return null;
      }
      case 'if_statement':
        this.scanRedirectSources(redirectsFrom, ctx);
        this.visitContainer(node, withCtx(ctx, 'conditional'), null, true);
        return null;
      case 'while_statement':
        this.scanRedirectSources(redirectsFrom, ctx);
        this.visitContainer(node, withCtx(ctx, 'inLoop'), null, true);
        return null;
      case 'for_statement':
      case 'c_style_for_statement':
        this.scanRedirectSources(redirectsFrom, ctx);
        this.visitContainer(node, withCtx(ctx, 'inLoop'), null);
        return null;
      case 'case_statement':
        this.scanRedirectSources(redirectsFrom, ctx);
        this.visitContainer(node, withCtx(ctx, 'conditional'), null);
        return null;
      case 'list':
      case 'pipeline': {
        const run: RunElement[] = [];
        this.flatten(node, run);
        this.processRun(run, ctx, { before, after });
        return null;
      }
      default:
        this.visitOther(node, ctx);
        return null;
    }
  }

  /** Visits a non-statement node, looking for commands inside it (substitutions, bodies). */
  visitOther(node: SyntaxNode, ctx: Ctx): void {
    const type = node.type;
    if (type === 'command_substitution' || type === 'process_substitution') {
      this.visitContainer(node, withCtx(ctx, 'inCommandSubstitution'), null);
      return;
    }
    if (type === 'ERROR') {
      this.visitContainer(node, withCtx(ctx, 'inParseError'), null);
      return;
    }
    if (type === 'do_group' || type === 'else_clause' || type === 'case_item') {
      this.visitContainer(node, ctx, null);
      return;
    }
    if (type === 'elif_clause') {
      this.visitContainer(node, ctx, null, true);
      return;
    }
    if (type === 'heredoc_body' || type === 'comment') return;
    for (let k = 0; k < node.children.length; k++) {
      const child = node.children[k];
      if (!child.isNamed) continue;
      const t = child.type;
      if (STATEMENT_TYPES.has(t)) this.visitStatement(child, ctx, null, null, NO_PIPE_INFO, false, []);
      else if (t === 'ERROR' || child.children.length > 0) this.visitOther(child, ctx);
    }
  }

  scanRedirectSources(redirectsFrom: SyntaxNode[], ctx: Ctx): void {
    for (let k = 0; k < redirectsFrom.length; k++) {
      const r = redirectsFrom[k];
      this.collectRedirects(r, ctx);
    }
  }

  // --- commands -----------------------------------------------------------

  makeCommand(
    node: SyntaxNode,
    ctx: Ctx,
    before: ShellConnector | null,
    after: ShellConnector | null,
    pipe: PipeInfo,
    negated: boolean,
    redirectsFrom: SyntaxNode[],
  ): ShellCommand {
    let kind: ShellCommand['kind'] = 'simple';
    let nameWord: ShellWord | null = null;
    const args: ShellWord[] = [];
    const assignments: ShellAssignment[] = [];
    const redirects: ShellRedirect[] = [];
    const nested: SyntaxNode[] = [];
    const type = node.type;
    const children = node.children;

    if (type === 'command') {
      // Children: assignments and redirects, the name, then arguments and redirects.
      for (let k = 0; k < children.length; k++) {
        const child = children[k];
        const t = child.type;
        if (t === 'command_name') {
          nameWord = this.makeWord(child);
          nested.push(child);
        } else if (t === 'variable_assignment' && !nameWord) {
          assignments.push(this.makeAssignment(child, ctx));
        } else if (t === 'file_redirect' || t === 'herestring_redirect') {
          redirects.push(...this.redirectsOf(child, ctx, args));
        } else if (t !== 'comment' && (nameWord || child.isNamed)) {
          if (!nameWord && t === 'subshell') {
            nested.push(child);
            continue;
          }
          args.push(this.makeWord(child));
          nested.push(child);
        }
      }
    } else if (type === 'test_command') {
      kind = 'test';
      children.forEach((child, i) => {
        if (i === 0 && !child.isNamed) nameWord = this.makeWord(child);
        else if (child.isNamed && child.type !== 'comment') {
          this.testWords(child, args);
          nested.push(child);
        }
      });
    } else {
      kind = type === 'unset_command' ? 'unset' : 'declaration';
      for (let k = 0; k < children.length; k++) {
        const child = children[k];
        if (!child.isNamed) {
          if (!nameWord) nameWord = this.makeWord(child);
          continue;
        }
        if (child.type === 'comment') continue;
        args.push(this.makeWord(child));
        nested.push(child);
      }
    }

    for (let k = 0; k < redirectsFrom.length; k++) {
      const r = redirectsFrom[k];
      redirects.push(...this.redirectsOf(r, ctx, args));
    }
    // Words after a heredoc marker are found out of order; usually the args are in order already.
    if (!inTextOrder(args)) args.sort((a, b) => a.textSpan.start - b.textSpan.start);

    const name: string | null = nameWord ? (nameWord as ShellWord).value : null;
    const l = this.nodeLoc(node);
    const command: ShellCommand = {
      span: l.span,
      range: l.range,
      textSpan: l.textSpan,
      kind,
      name,
      baseName: name === null ? null : baseNameOf(name),
      nameWord,
      args,
      assignments,
      redirects,
      raw: this.raw(node),
      pipeline: pipe,
      connectorBefore: before,
      connectorAfter: after,
      negated,
      inSubshell: ctx.inSubshell,
      inCommandSubstitution: ctx.inCommandSubstitution,
      inFunction: ctx.inFunction,
      inLoop: ctx.inLoop,
      conditional: ctx.conditional,
      inParseError: ctx.inParseError,
      wrappers: [],
    };
    this.commands.push(command);
    for (let k = 0; k < nested.length; k++) {
      const child = nested[k];
      if (child.children.length > 0) this.visitOther(child, ctx);
    }
    return command;
  }

  /** The words of a test expression (`[ -f x ]` → `-f`, `x`). */
  testWords(node: SyntaxNode, out: ShellWord[]): void {
    const type = node.type;
    if (
      type === 'binary_expression' ||
      type === 'unary_expression' ||
      type === 'parenthesized_expression' ||
      type === 'ternary_expression' ||
      type === 'postfix_expression' ||
      type === 'redirected_statement'
    ) {
      for (let k = 0; k < node.children.length; k++) {
        const child = node.children[k];
        if (child.type !== 'comment') this.testWords(child, out);
      }
      return;
    }
    out.push(this.makeWord(node));
  }

  makeWord(node: SyntaxNode): ShellWord {
    const start = node.startIndex;
    const end = node.endIndex;
    const raw = this.text.slice(start, end);
    const expansions: ShellExpansion[] = [];
    let literal = true;
    let quoted = false;
    const walk = (n: SyntaxNode, t: string, inQuotes: boolean) => {
      const kind = EXPANSION_KIND[t];
      if (kind) {
        literal = false;
        const l = this.nodeLoc(n);
        expansions.push({
          span: l.span,
          range: l.range,
          textSpan: l.textSpan,
          kind,
          name: kind === 'parameter' ? variableNameOf(n, this.text) : null,
          quoted: inQuotes,
          raw: this.raw(n),
        });
        return;
      }
      if (NON_LITERAL.has(t)) literal = false;
      const isString = t === 'string' || t === 'translated_string';
      if (isString || t === 'raw_string' || t === 'ansi_c_string') quoted = true;
      if (n.children.length === 0) return;
      for (let i = 0; i < n.children.length; i++) {
        const child = n.children[i];
        walk(child, child.type, inQuotes || isString);
      }
    };
    walk(node, node.type, false);
    if (!quoted && raw.includes('\\')) quoted = true;
    const l = this.loc(start, end);
    return { span: l.span, range: l.range, textSpan: l.textSpan, raw, value: literal ? decodeWord(raw) : null, quoted, expansions };
  }

  makeAssignment(node: SyntaxNode, ctx: Ctx): ShellAssignment {
    let nameNode: SyntaxNode | null = null;
    let valueNode: SyntaxNode | null = null;
    let append = false;
    let seenOperator = false;
    for (let i = 0; i < node.children.length; i++) {
      const child = node.children[i];
      if (!child.isNamed) {
        const t = child.type;
        if (t === '=' || t === '+=') {
          seenOperator = true;
          if (t === '+=') append = true;
        }
      } else if (!seenOperator) nameNode = child;
      else if (!valueNode) valueNode = child;
    }
    if (valueNode && valueNode.children.length > 0) this.visitOther(valueNode, ctx);
    const l = this.nodeLoc(node);
    return {
      span: l.span,
      range: l.range,
      textSpan: l.textSpan,
      name: nameNode ? this.raw(nameNode) : '',
      value: valueNode ? this.makeWord(valueNode) : null,
      append,
      raw: this.raw(node),
    };
  }

  /** Redirects of a redirected_statement / redirect node; heredoc arguments are added to `args`. */
  redirectsOf(node: SyntaxNode, ctx: Ctx, args: ShellWord[]): ShellRedirect[] {
    const out: ShellRedirect[] = [];
    const type = node.type;
    if (type === 'redirected_statement') {
      for (let i = 0; i < node.children.length; i++) {
        const child = node.children[i];
        if (REDIRECT_TYPES.has(child.type)) out.push(...this.redirectsOf(child, ctx, args));
      }
      return out;
    }
    if (type === 'file_redirect' || type === 'herestring_redirect') {
      let fd: number | null = null;
      let operator = '';
      let target: ShellWord | null = null;
      for (let i = 0; i < node.children.length; i++) {
        const child = node.children[i];
        if (!child.isNamed) {
          if (!operator) operator = child.type;
        } else if (child.type === 'file_descriptor') {
          fd = Number(this.raw(child));
        } else if (child.type !== 'comment' && !target) {
          target = this.makeWord(child);
          if (child.children.length > 0) this.visitOther(child, ctx);
        }
      }
      const l = this.nodeLoc(node);
      out.push({ span: l.span, range: l.range, textSpan: l.textSpan, operator, fd, target, heredoc: null, raw: this.raw(node) });
      return out;
    }
    if (type === 'heredoc_redirect') {
      let fd: number | null = null;
      let operator = '<<';
      let heredoc: ShellHeredoc | null = null;
      let delimiterRaw = '';
      let markerEnd = node.startIndex;
      let tail = false;
      const nestedRedirects: ShellRedirect[] = [];
      for (let i = 0; i < node.children.length; i++) {
        const child = node.children[i];
        const t = child.type;
        if (!child.isNamed) {
          if (t === '<<' || t === '<<-') operator = t;
          else if (CHAIN_OPERATORS.has(t)) tail = true;
        } else if (t === 'file_descriptor') fd = Number(this.raw(child));
        else if (t === 'heredoc_start') {
          delimiterRaw = this.raw(child);
          markerEnd = child.endIndex;
        } else if (t === 'heredoc_body') {
          heredoc = {
            delimiter: decodeWord(delimiterRaw),
            quoted: /['"\\]/.test(delimiterRaw),
            stripTabs: operator === '<<-',
            body: this.bodyNode(child.startIndex, child.endIndex),
          };
          if (!heredoc.quoted) for (const part of child.children) if (part.isNamed) this.visitOther(part, ctx);
        } else if (t === 'heredoc_end' || t === 'comment') {
          // nothing
        } else if (REDIRECT_TYPES.has(t)) {
          nestedRedirects.push(...this.redirectsOf(child, ctx, args));
        } else if (STATEMENT_TYPES.has(t)) {
          // `| next` / `&& next` after the marker: visited as statements by flatten().
          tail = true;
        } else if (!tail) {
          // Arguments written after the marker belong to the command.
          args.push(this.makeWord(child));
          if (child.children.length > 0) this.visitOther(child, ctx);
        }
      }
      if (!heredoc) {
        heredoc = {
          delimiter: decodeWord(delimiterRaw),
          quoted: /['"\\]/.test(delimiterRaw),
          stripTabs: operator === '<<-',
          body: this.bodyNode(node.endIndex, node.endIndex),
        };
      }
      this.heredocs.push(heredoc);
      // The redirect's own extent: the operator and delimiter (the body lives on later lines).
      const l = this.loc(node.startIndex, markerEnd);
      out.push({
        span: l.span,
        range: l.range,
        textSpan: l.textSpan,
        operator,
        fd,
        target: null,
        heredoc,
        raw: this.text.slice(node.startIndex, markerEnd),
      });
      out.push(...nestedRedirects);
      return out;
    }
    return out;
  }

  /** Redirect-only statements: record nothing on a command, but visit substitutions. */
  collectRedirects(node: SyntaxNode, ctx: Ctx): void {
    this.redirectsOf(node, ctx, []);
  }

  bodyNode(start: number, end: number): ShellHeredoc['body'] {
    const l = this.loc(start, end);
    return { span: l.span, range: l.range, textSpan: l.textSpan, text: this.text.slice(start, end) };
  }

  addComment(node: SyntaxNode): void {
    const raw = this.raw(node);
    const l = this.nodeLoc(node);
    this.comments.push({ span: l.span, range: l.range, textSpan: l.textSpan, text: raw.startsWith('#') ? raw.slice(1) : raw });
  }

  collectErrors(node: SyntaxNode): void {
    if (node.isMissing) {
      const l = this.loc(node.startIndex, node.startIndex);
      this.errors.push({ span: l.span, range: l.range, textSpan: l.textSpan, kind: 'missing', message: `missing "${node.type}"` });
      return;
    }
    if (node.type === 'ERROR') {
      const snippet = this.raw(node).replace(/\s+/g, ' ').slice(0, 40);
      const l = this.nodeLoc(node);
      this.errors.push({ span: l.span, range: l.range, textSpan: l.textSpan, kind: 'error', message: `unexpected ${JSON.stringify(snippet)}` });
      return;
    }
    for (let k = 0; k < node.children.length; k++) {
      const child = node.children[k];
      if (child.hasError || child.isMissing) this.collectErrors(child);
    }
  }
}

const REDIRECT_TYPES = new Set(['file_redirect', 'heredoc_redirect', 'herestring_redirect']);

/** The body of a redirected_statement: its first child that is not a redirect. */
function bodyOf(node: SyntaxNode): SyntaxNode | null {
  for (let k = 0; k < node.children.length; k++) {
    const child = node.children[k];
    if (child.isNamed && !REDIRECT_TYPES.has(child.type) && child.type !== 'comment') return child;
  }
  return null;
}

function inTextOrder(nodes: readonly ShellNode[]): boolean {
  for (let i = 1; i < nodes.length; i++) if (nodes[i].textSpan.start < nodes[i - 1].textSpan.start) return false;
  return true;
}

function lastRedirectEnd(item: { redirectsFrom: SyntaxNode[] }): number {
  let end = 0;
  for (let k = 0; k < item.redirectsFrom.length; k++) {
    const r = item.redirectsFrom[k];
    end = Math.max(end, r.endIndex);
  }
  return end;
}

function firstNamedNonComment(node: SyntaxNode): SyntaxNode | null {
  for (let k = 0; k < node.children.length; k++) {
    const child = node.children[k];
    if (child.isNamed && child.type !== 'comment') return child;
  }
  return null;
}

function variableNameOf(node: SyntaxNode, text: string): string | null {
  for (let k = 0; k < node.children.length; k++) {
    const child = node.children[k];
    if (!child.isNamed) continue;
    if (child.type === 'variable_name' || child.type === 'special_variable_name') return text.slice(child.startIndex, child.endIndex);
    if (child.type === 'subscript') {
      const name = childForField(child, 'name');
      return name ? text.slice(name.startIndex, name.endIndex) : null;
    }
  }
  return null;
}

function baseNameOf(name: string): string {
  const slash = name.lastIndexOf('/');
  return slash >= 0 && slash < name.length - 1 ? name.slice(slash + 1) : name;
}

// ---------------------------------------------------------------------------
// Analysis

const analysisCache = new HiddenSlot<ShellSource, ShellScript>('analysis');

/**
 * Parses and analyses a shell script. Synchronous: a script that is not common
 * shell (src/dockerfile/shell-syntax.ts) throws ShellParserNotLoaded unless
 * `loadShellParser()` has completed. The result is cached per `source` object.
 */
export function analyzeShell(source: ShellSource, file: SourceText): ShellScript {
  const cached = analysisCache.get(source);
  if (cached) return cached;
  const map = new OffsetMap(source);
  // Length-preserving normalisation of CRLF (heredoc bodies keep the file's line ends):
  // a CR before LF is a space, and `\` CR LF stays a line continuation.
  const text = source.text.includes('\r') ? source.text.replace(/\\\r\n/g, ' \\\n').replace(/\r(?=\n)/g, ' ') : source.text;
  const extractor = new Extractor(text, map, file);
  const root = syntaxTree(text);
  const ctx: Ctx = {
    inSubshell: false,
    inCommandSubstitution: false,
    inFunction: false,
    inLoop: false,
    conditional: false,
    inParseError: false,
  };
  let hasParseError = root.hasError;
  try {
    extractor.visitContainer(root, ctx, null);
    if (hasParseError) extractor.collectErrors(root);
  } catch (error) {
    // A script nested thousands of levels deep exhausts the stack: keep what was found.
    if (!(error instanceof RangeError)) throw error;
    hasParseError = true;
    const l = extractor.loc(0, text.length);
    extractor.errors.push({ span: l.span, range: l.range, textSpan: l.textSpan, kind: 'error', message: 'the script is nested too deeply to analyse' });
  }
  const commands = extractor.commands.sort((a, b) => a.textSpan.start - b.textSpan.start || b.textSpan.end - a.textSpan.end);
  const scriptSource = source as ShellScriptSource;
  const whole = extractor.loc(0, text.length);
  const script: ShellScript = {
    span: whole.span,
    range: whole.range,
    textSpan: whole.textSpan,
    text,
    source,
    origin: scriptSource.origin ?? 'shell-form',
    heredoc: scriptSource.heredoc ?? null,
    shebang: scriptSource.shebang ?? null,
    commands,
    pipelines: extractor.pipelines.sort((a, b) => a.textSpan.start - b.textSpan.start),
    lists: extractor.lists.sort((a, b) => a.textSpan.start - b.textSpan.start),
    cdCommands: [],
    assignments: extractor.assignments,
    functions: extractor.functions,
    comments: extractor.comments.sort((a, b) => a.textSpan.start - b.textSpan.start),
    heredocs: extractor.heredocs,
    hasParseError: hasParseError || extractor.errors.length > 0,
    errors: extractor.errors,
  };
  for (let k = 0; k < commands.length; k++) {
    const command = commands[k];
    // Only commands that may wrap a script need to find their script again (innerScriptOf).
    if (command.baseName !== null && MAY_WRAP.has(command.baseName)) commandScripts.set(command, script);
    if (command.baseName === 'cd' && command.kind === 'simple') {
      const last = !commands.some((c) => c.textSpan.start >= command.textSpan.end);
      script.cdCommands.push({
        command,
        target: positionalArgs(command)[0] ?? null,
        followedByAnd: command.connectorAfter === '&&',
        connectorAfter: command.connectorAfter,
        isLast: last,
      });
    }
  }
  scriptFiles.set(script, file);
  analysisCache.set(source, script);
  return script;
}

// ---------------------------------------------------------------------------
// Argument parsing

export interface ArgSpec {
  /** Options that take a value (`-o`, `--option`): `-o v`, `-ov`, `--option v`, `--option=v`. */
  flagsWithValue?: readonly string[];
  /** Single-dash long options (`find -name`): `-name` is one flag, not `-n -a -m -e`. */
  singleDashLong?: boolean;
  /** Stop option parsing at the first positional argument (as `sudo`, `env`, POSIX getopt do). */
  stopAtPositional?: boolean;
}

export interface ParsedFlag {
  /** The flag as written, with dashes: `-y`, `--yes` (a short flag of a group `-qy` is `-y`). */
  name: string;
  /** The value (`--opt=v`, `-o v`, `-ov`); null for boolean flags or a non-literal value. */
  value: string | null;
  word: ShellWord;
  /** The word holding the value when separate (`-o v`), else null. */
  valueWord: ShellWord | null;
}

export interface ParsedArgs {
  flags: ParsedFlag[];
  positionals: ShellWord[];
}

/** Options that take a value, for commands rules commonly inspect. */
export const COMMAND_ARG_SPECS: Readonly<Record<string, ArgSpec>> = (() => {
  const apt: ArgSpec = {
    flagsWithValue: ['-o', '--option', '-c', '--config-file', '-t', '--target-release', '--default-release', '-a', '--host-architecture', '-P', '--build-profiles'],
  };
  const rpm: ArgSpec = {
    flagsWithValue: [
      '-c', '--config', '-d', '--debuglevel', '-e', '--errorlevel', '--installroot', '--enablerepo', '--disablerepo', '-x', '--exclude',
      '--setopt', '--releasever', '--repo', '--repoid', '--rpmverbosity', '-R', '--randomwait', '--forcearch', '--downloaddir', '--destdir',
      '--color', '--enable-plugin', '--disable-plugin', '--disableplugin', '--enableplugin',
    ],
  };
  const pip: ArgSpec = {
    flagsWithValue: [
      '-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-i', '--index-url', '--extra-index-url', '-f', '--find-links',
      '-t', '--target', '--prefix', '--root', '--src', '--cache-dir', '--platform', '--python-version', '--implementation', '--abi',
      '--progress-bar', '--log', '--proxy', '--retries', '--timeout', '--trusted-host', '--cert', '--client-cert', '--exists-action',
      '--upgrade-strategy', '--global-option', '--config-settings', '-C', '--install-option', '--only-binary', '--no-binary', '--python',
      '--report', '--use-feature', '--use-deprecated',
    ],
  };
  const specs: Record<string, ArgSpec> = {
    'apt-get': apt,
    apt: apt,
    'apt-cache': apt,
    aptitude: apt,
    apk: {
      flagsWithValue: ['-X', '--repository', '-p', '--root', '--cache-dir', '--keys-dir', '--arch', '-t', '--virtual', '--repositories-file', '--cache-max-age', '--wait'],
    },
    yum: rpm,
    dnf: rpm,
    microdnf: rpm,
    tdnf: rpm,
    zypper: { flagsWithValue: ['-r', '--repo', '--from', '-t', '--type', '--root', '-R', '-D', '--reposd-root', '-c', '--config', '-p', '--plus-repo'] },
    pip,
    pip3: pip,
    'pip2': pip,
    npm: { flagsWithValue: ['--registry', '--prefix', '-w', '--workspace', '--cache', '--loglevel', '--tag', '--userconfig', '--omit', '--include', '--install-strategy'] },
    yarn: { flagsWithValue: ['--cwd', '--network-timeout', '--registry', '--cache-folder', '--modules-folder', '--mutex'] },
    pnpm: { flagsWithValue: ['-C', '--dir', '--filter', '-F', '--registry', '--store-dir'] },
    gem: { flagsWithValue: ['-v', '--version', '-s', '--source', '-i', '--install-dir', '-n', '--bindir', '--platform', '-P', '--trust-policy', '-g', '--file'] },
    curl: {
      flagsWithValue: [
        '-o', '--output', '-H', '--header', '-d', '--data', '--data-raw', '--data-binary', '--data-urlencode', '-u', '--user', '-X', '--request',
        '-A', '--user-agent', '-e', '--referer', '-x', '--proxy', '-T', '--upload-file', '-w', '--write-out', '--connect-timeout', '-m',
        '--max-time', '--retry', '--retry-delay', '--retry-max-time', '-C', '--continue-at', '-F', '--form', '--cacert', '--capath', '--cert',
        '-E', '--key', '-b', '--cookie', '-c', '--cookie-jar', '-r', '--range', '--resolve', '--url', '-K', '--config', '--proto',
        '--proto-redir', '--limit-rate', '--max-redirs', '--output-dir', '-Y', '--speed-limit', '-y', '--speed-time', '-z', '--time-cond',
        '--interface', '--dns-servers', '--pinnedpubkey', '--proxy-user', '-U', '--oauth2-bearer', '--tls-max', '--ciphers',
      ],
    },
    wget: {
      flagsWithValue: [
        '-O', '--output-document', '-o', '--output-file', '-a', '--append-output', '-P', '--directory-prefix', '-t', '--tries', '-T',
        '--timeout', '-U', '--user-agent', '--header', '--user', '--password', '-e', '--execute', '-i', '--input-file', '-w', '--wait',
        '-Q', '--quota', '--limit-rate', '--ca-certificate', '--ca-directory', '--certificate', '--post-data', '--method', '--body-data',
        '-B', '--base', '--referer', '--load-cookies', '--save-cookies', '--http-user', '--http-password', '-l', '--level',
      ],
    },
    git: { flagsWithValue: ['-C', '-c', '--git-dir', '--work-tree', '--namespace', '-b', '--branch', '--depth', '-o', '--origin', '--reference', '--separate-git-dir', '-j', '--jobs', '--filter', '--shallow-since', '--shallow-exclude', '-m', '--message'] },
    tar: { flagsWithValue: ['-f', '--file', '-C', '--directory', '-T', '--files-from', '-X', '--exclude-from', '-b', '--blocking-factor', '-I', '--use-compress-program', '-H', '--format', '--owner', '--group', '--mode', '--exclude', '--strip-components', '--transform'] },
    useradd: { flagsWithValue: ['-u', '--uid', '-g', '--gid', '-G', '--groups', '-d', '--home-dir', '-s', '--shell', '-c', '--comment', '-k', '--skel', '-e', '--expiredate', '-f', '--inactive', '-K', '--key', '-p', '--password', '-R', '--root', '-Z', '--selinux-user', '-b', '--base-dir'] },
    groupadd: { flagsWithValue: ['-g', '--gid', '-K', '--key', '-p', '--password', '-R', '--root'] },
    adduser: { flagsWithValue: ['-u', '--uid', '-g', '--gid', '-G', '--ingroup', '-h', '--home', '-s', '--shell', '-g', '--gecos', '--firstuid', '--lastuid', '-k'] },
    addgroup: { flagsWithValue: ['-g', '--gid'] },
    usermod: { flagsWithValue: ['-u', '--uid', '-g', '--gid', '-G', '--groups', '-d', '--home', '-s', '--shell', '-c', '--comment', '-l', '--login', '-e', '--expiredate', '-p', '--password'] },
    conda: { flagsWithValue: ['-c', '--channel', '-n', '--name', '-p', '--prefix', '--file', '--repodata-fn'] },
    mamba: { flagsWithValue: ['-c', '--channel', '-n', '--name', '-p', '--prefix', '--file'] },
    micromamba: { flagsWithValue: ['-c', '--channel', '-n', '--name', '-p', '--prefix', '-f', '--file', '-r', '--root-prefix'] },
    chown: { flagsWithValue: ['--from', '--reference'] },
    chmod: { flagsWithValue: ['--reference'] },
    find: { singleDashLong: true },
    go: { flagsWithValue: ['-o', '-C', '-p', '-tags', '-ldflags', '-gcflags', '-mod', '-modfile', '-buildmode', '-compiler', '-pkgdir', '-overlay', '-pgo'], singleDashLong: true },
    docker: { flagsWithValue: ['-H', '--host', '--config', '-c', '--context', '-l', '--log-level'] },
    sed: { flagsWithValue: ['-e', '--expression', '-f', '--file', '-l', '--line-length'] },
    grep: { flagsWithValue: ['-e', '--regexp', '-f', '--file', '-m', '--max-count', '-A', '--after-context', '-B', '--before-context', '-C', '--context', '--include', '--exclude', '--exclude-dir', '--color', '--colour'] },
    rm: {},
    mkdir: { flagsWithValue: ['-m', '--mode'] },
    install: { flagsWithValue: ['-m', '--mode', '-o', '--owner', '-g', '--group', '-t', '--target-directory', '-S', '--suffix'] },
    ln: { flagsWithValue: ['-t', '--target-directory', '-S', '--suffix'] },
    cp: { flagsWithValue: ['-t', '--target-directory', '-S', '--suffix'] },
    mv: { flagsWithValue: ['-t', '--target-directory', '-S', '--suffix'] },
    unzip: { flagsWithValue: ['-d', '-x'] },
    gpg: { flagsWithValue: ['--keyserver', '--recv-keys', '--recv-key', '-o', '--output', '--homedir', '--keyring', '--default-key', '-u', '--local-user', '-r', '--recipient'] },
    npx: { flagsWithValue: ['-p', '--package', '-c', '--call'] },
    cargo: { flagsWithValue: ['--version', '--vers', '--git', '--branch', '--tag', '--rev', '--path', '--root', '--index', '--registry', '--features', '-F', '-j', '--jobs', '--target', '--profile', '--bin', '--example', '--manifest-path'] },
    composer: { flagsWithValue: ['-d', '--working-dir'] },
    update_alternatives: {},
  };
  return specs;
})();

const parsedArgsCache = new HiddenSlot<ShellCommand, ParsedArgs>('parsedArgs');
const builtinFlagsWithValue = new Map<string, ReadonlySet<string>>();
const NO_FLAGS: ReadonlySet<string> = new Set();

/** The built-in spec's flags that take a value, as a set built once per command name. */
function flagsWithValueOf(baseName: string | null, builtin: ArgSpec | undefined): ReadonlySet<string> {
  if (!baseName || !builtin?.flagsWithValue) return NO_FLAGS;
  let set = builtinFlagsWithValue.get(baseName);
  if (!set) builtinFlagsWithValue.set(baseName, (set = new Set(builtin.flagsWithValue)));
  return set;
}

/**
 * Splits a command's arguments into flags and positional arguments, knowing
 * combined short flags (`-qy`), `--flag=value`, flags that take a value
 * (from `spec`, added to the built-in `COMMAND_ARG_SPECS` entry for the
 * command), and `--` (everything after it is positional). Non-literal words
 * are positional.
 */
export function parseArgs(cmd: ShellCommand, spec?: ArgSpec): ParsedArgs {
  if (!spec) {
    const cached = parsedArgsCache.get(cmd);
    if (cached) return cached;
  }
  const builtin = cmd.baseName ? COMMAND_ARG_SPECS[cmd.baseName] : undefined;
  const withValue = spec?.flagsWithValue?.length ? new Set<string>([...(builtin?.flagsWithValue ?? []), ...spec.flagsWithValue]) : flagsWithValueOf(cmd.baseName, builtin);
  const singleDashLong = spec?.singleDashLong ?? builtin?.singleDashLong ?? false;
  const stopAtPositional = spec?.stopAtPositional ?? builtin?.stopAtPositional ?? false;
  const flags: ParsedFlag[] = [];
  const positionals: ShellWord[] = [];
  const args = cmd.args;
  let optionsDone = false;
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    const v = word.value;
    if (optionsDone || v === null || v.length < 2 || v[0] !== '-') {
      positionals.push(word);
      if (stopAtPositional) optionsDone = true;
      continue;
    }
    if (v === '--') {
      optionsDone = true;
      continue;
    }
    if (v.startsWith('--') || singleDashLong) {
      const eq = v.indexOf('=');
      if (eq > 0) {
        flags.push({ name: v.slice(0, eq), value: v.slice(eq + 1), word, valueWord: null });
      } else if (withValue.has(v) && i + 1 < args.length) {
        const next = args[++i];
        flags.push({ name: v, value: next.value, word, valueWord: next });
      } else {
        flags.push({ name: v, value: null, word, valueWord: null });
      }
      continue;
    }
    // A group of short flags: `-qy`, `-ovalue`, `-xzf file`.
    for (let k = 1; k < v.length; k++) {
      const name = '-' + v[k];
      if (withValue.has(name)) {
        const rest = v.slice(k + 1);
        if (rest.length > 0) flags.push({ name, value: rest, word, valueWord: null });
        else if (i + 1 < args.length) {
          const next = args[++i];
          flags.push({ name, value: next.value, word, valueWord: next });
        } else flags.push({ name, value: null, word, valueWord: null });
        break;
      }
      flags.push({ name, value: null, word, valueWord: null });
    }
  }
  const parsed = { flags, positionals };
  if (!spec) parsedArgsCache.set(cmd, parsed);
  return parsed;
}

function argsOf(target: ShellCommand | ParsedArgs): ParsedArgs {
  return 'flags' in target ? target : parseArgs(target);
}

/** True when any of `names` is given (`hasFlag(cmd, '-y', '--yes', '--assume-yes')`; `-qy` has `-y`). */
export function hasFlag(target: ShellCommand | ParsedArgs, ...names: string[]): boolean {
  return argsOf(target).flags.some((f) => names.includes(f.name));
}

/** The flags named `names`, in order (`--opt=v` and `-o v` both give their value). */
export function findFlags(target: ShellCommand | ParsedArgs, ...names: string[]): ParsedFlag[] {
  return argsOf(target).flags.filter((f) => names.includes(f.name));
}

/** The value of the last of the flags `names`; undefined when absent, null when non-literal or boolean. */
export function flagValue(target: ShellCommand | ParsedArgs, ...names: string[]): string | null | undefined {
  const found = findFlags(target, ...names);
  return found.length ? found[found.length - 1].value : undefined;
}

/** The positional (non-flag) arguments. */
export function positionalArgs(cmd: ShellCommand, spec?: ArgSpec): ShellWord[] {
  return parseArgs(cmd, spec).positionals;
}

/** The first positional argument (`apt-get -y install x` → `install`), or null. */
export function subcommand(cmd: ShellCommand, spec?: ArgSpec): ShellWord | null {
  return parseArgs(cmd, spec).positionals[0] ?? null;
}

// ---------------------------------------------------------------------------
// Unwrapping wrappers: sudo, env, xargs, sh -c…

interface WrapperSpec {
  /** Options taking a value. */
  withValue: string[];
  /** Operands before the command (`timeout 10 cmd`, `gosu user cmd`). */
  operands?: number;
  /** `NAME=value` words may precede the command. */
  assignments?: boolean;
  /** Flags after which there is no command to run (`command -v x`). */
  noCommand?: string[];
  /** Options are parsed only before the first operand. */
}

const WRAPPERS: Record<string, WrapperSpec> = {
  sudo: {
    withValue: ['-u', '--user', '-g', '--group', '-C', '--close-from', '-D', '--chdir', '-h', '--host', '-p', '--prompt', '-r', '--role', '-t', '--type', '-T', '--command-timeout', '-U', '--other-user', '-R', '--chroot'],
    assignments: true,
    noCommand: ['-e', '--edit', '-l', '--list', '-v', '--validate', '-k', '-K', '--reset-timestamp', '--remove-timestamp', '-V', '--version'],
  },
  doas: { withValue: ['-u', '-C'], noCommand: ['-C'] },
  env: { withValue: ['-u', '--unset', '-C', '--chdir', '-S', '--split-string'], assignments: true },
  xargs: {
    withValue: ['-a', '--arg-file', '-d', '--delimiter', '-E', '-I', '-L', '--max-lines', '-n', '--max-args', '-P', '--max-procs', '-s', '--max-chars', '--process-slot-var'],
  },
  time: { withValue: ['-f', '--format', '-o', '--output'] },
  nohup: { withValue: [] },
  exec: { withValue: ['-a'] },
  command: { withValue: [], noCommand: ['-v', '-V'] },
  builtin: { withValue: [] },
  nice: { withValue: ['-n', '--adjustment'] },
  ionice: { withValue: ['-c', '--class', '-n', '--classdata', '-p', '--pid', '-P', '--pgid', '-u', '--uid'] },
  timeout: { withValue: ['-s', '--signal', '-k', '--kill-after'], operands: 1 },
  stdbuf: { withValue: ['-i', '--input', '-o', '--output', '-e', '--error'] },
  setsid: { withValue: [] },
  eatmydata: { withValue: [] },
  chronic: { withValue: [] },
  fakeroot: { withValue: ['-l', '--lib', '--faked', '-s', '-i'] },
  gosu: { withValue: [], operands: 1 },
  'su-exec': { withValue: [], operands: 1 },
  chroot: { withValue: ['--userspec', '--groups'], operands: 1 },
  runuser: { withValue: ['-u', '--user', '-g', '--group', '-G', '--supp-group', '-w', '--whitelist-environment'] },
};

/** Commands whose inner command may be a shell running a script (`sudo sh -c …`). */
const MAY_WRAP = new Set<string>();

const POSIX_SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'ksh', 'mksh', 'zsh', 'yash', 'posh', 'busybox', 'ksh93', 'oksh', 'loksh', 'bash5']);

/** The inner script of `sh -c '…'`, or `bash <<EOF`. */
interface InnerScriptRef {
  /** Index in args of the word holding the script (for `-c`), or -1 for a heredoc on stdin. */
  argIndex: number;
  heredoc: ShellHeredoc | null;
}

function shellInnerScript(cmd: ShellCommand, args: ShellWord[]): InnerScriptRef | null {
  let i = 0;
  if (cmd.baseName === 'busybox') {
    if (!args[0] || (args[0].value !== 'sh' && args[0].value !== 'ash')) return null;
    i = 1;
  }
  let cFlag = false;
  let stdinFlag = false;
  for (; i < args.length; i++) {
    const v = args[i].value;
    if (v === null) return null;
    if (v === '--' || v === '-') {
      i++;
      break;
    }
    if (v.length < 2 || (v[0] !== '-' && v[0] !== '+')) break;
    if (v === '-o' || v === '+o' || v === '-O' || v === '+O' || v === '--rcfile' || v === '--init-file') {
      i++;
      continue;
    }
    if (v.startsWith('--')) continue;
    if (v[0] === '-' && v.includes('c')) cFlag = true;
    if (v[0] === '-' && v.includes('s')) stdinFlag = true;
  }
  if (cFlag) return i < args.length ? { argIndex: i, heredoc: null } : null;
  if (i < args.length && !stdinFlag) return null; // runs a script file
  const heredoc = cmd.redirects.find((r) => r.heredoc && (r.fd === null || r.fd === 0))?.heredoc ?? null;
  return heredoc ? { argIndex: -1, heredoc } : null;
}

function suInnerScript(args: ShellWord[]): InnerScriptRef | null {
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    if (v === '-c' || v === '--command') return i + 1 < args.length ? { argIndex: i + 1, heredoc: null } : null;
    if (v !== null && v.startsWith('--command=')) return null;
  }
  return null;
}

/** Index of the wrapped command's name in `args`, assignments before it, or null. */
function wrappedCommandIndex(spec: WrapperSpec, args: ShellWord[]): { index: number; assignments: number[] } | null {
  const withValue = new Set(spec.withValue);
  const assignments: number[] = [];
  let operands = spec.operands ?? 0;
  let i = 0;
  let optionsDone = false;
  for (; i < args.length; i++) {
    const v = args[i].value;
    if (v === null) {
      if (operands > 0) {
        operands--;
        optionsDone = true;
        continue;
      }
      return { index: i, assignments };
    }
    if (!optionsDone && v === '--') {
      optionsDone = true;
      continue;
    }
    if (!optionsDone && v.length > 1 && v[0] === '-') {
      if (spec.noCommand?.includes(v)) return null;
      if (v.startsWith('--')) {
        if (!v.includes('=') && withValue.has(v)) i++;
        continue;
      }
      // Short group: a value flag takes the rest or the next word.
      for (let k = 1; k < v.length; k++) {
        const name = '-' + v[k];
        if (spec.noCommand?.includes(name)) return null;
        if (withValue.has(name)) {
          if (k === v.length - 1) i++;
          break;
        }
      }
      continue;
    }
    if (spec.assignments && /^[A-Za-z_][A-Za-z0-9_]*=/.test(v)) {
      assignments.push(i);
      continue;
    }
    if (operands > 0) {
      operands--;
      optionsDone = true;
      continue;
    }
    return { index: i, assignments };
  }
  return null;
}

/** The part of a word from `from` (an index into its raw text) to its end, as a word. */
function subWord(owner: ShellCommand, word: ShellWord, from: number): ShellWord {
  const raw = word.raw.slice(from);
  const textStart = word.textSpan.start + from;
  const script = commandScripts.get(owner);
  const file = script ? scriptFiles.get(script) : undefined;
  let span: Span;
  let range: Range;
  if (script && file) {
    const map = new OffsetMap(script.source);
    const start = map.start(textStart);
    span = { start, end: Math.max(start, word.span.end) };
    range = file.range(span.start, span.end);
  } else {
    span = { start: word.span.start + from, end: word.span.end };
    range = word.range;
  }
  const expansions = word.expansions.filter((e) => e.textSpan.start >= textStart);
  return {
    span,
    range,
    textSpan: { start: textStart, end: word.textSpan.end },
    raw,
    value: expansions.length === 0 && word.value !== null ? decodeWord(raw) : null,
    quoted: /['"\\]/.test(raw),
    expansions,
  };
}

function deriveCommand(wrapper: ShellCommand, nameIndex: number, assignmentIdx: number[]): ShellCommand {
  const nameWord = wrapper.args[nameIndex];
  const name = nameWord.value;
  const assignments: ShellAssignment[] = assignmentIdx.map((i) => {
    const word = wrapper.args[i];
    const eq = word.raw.indexOf('=');
    return {
      span: word.span,
      range: word.range,
      textSpan: word.textSpan,
      name: word.raw.slice(0, eq),
      value: eq + 1 < word.raw.length ? subWord(wrapper, word, eq + 1) : null,
      append: false,
      raw: word.raw,
    };
  });
  // `X=1 env Y=2 cmd`: cmd sees X and Y. sudo and doas reset the environment unless told not to.
  const resets = (wrapper.baseName === 'sudo' || wrapper.baseName === 'doas') && !wrapper.args.some((a) => a.value === '-E' || a.value?.startsWith('--preserve-env'));
  if (!resets) assignments.unshift(...wrapper.assignments);
  const end = wrapper.span.end;
  const derived: ShellCommand = {
    span: { start: nameWord.span.start, end },
    range: { start: nameWord.range.start, end: wrapper.range.end },
    textSpan: { start: nameWord.textSpan.start, end: wrapper.textSpan.end },
    kind: 'simple',
    name,
    baseName: name === null ? null : baseNameOf(name),
    nameWord,
    args: wrapper.args.slice(nameIndex + 1),
    assignments,
    redirects: wrapper.redirects,
    raw: wrapper.raw.slice(nameWord.textSpan.start - wrapper.textSpan.start),
    pipeline: wrapper.pipeline,
    connectorBefore: wrapper.connectorBefore,
    connectorAfter: wrapper.connectorAfter,
    negated: wrapper.negated,
    inSubshell: wrapper.inSubshell,
    inCommandSubstitution: wrapper.inCommandSubstitution,
    inFunction: wrapper.inFunction,
    inLoop: wrapper.inLoop,
    conditional: wrapper.conditional,
    inParseError: wrapper.inParseError,
    wrappers: [...wrapper.wrappers, wrapper],
  };
  const script = commandScripts.get(wrapper);
  if (script) commandScripts.set(derived, script);
  return derived;
}


/** A shallow copy of a command (fields listed: object spread of large objects is slow in V8). */
function cloneCommand(c: ShellCommand): ShellCommand {
  return {
    span: c.span,
    range: c.range,
    textSpan: c.textSpan,
    kind: c.kind,
    name: c.name,
    baseName: c.baseName,
    nameWord: c.nameWord,
    args: c.args,
    assignments: c.assignments,
    redirects: c.redirects,
    raw: c.raw,
    pipeline: c.pipeline,
    connectorBefore: c.connectorBefore,
    connectorAfter: c.connectorAfter,
    negated: c.negated,
    inSubshell: c.inSubshell,
    inCommandSubstitution: c.inCommandSubstitution,
    inFunction: c.inFunction,
    inLoop: c.inLoop,
    conditional: c.conditional,
    inParseError: c.inParseError,
    wrappers: c.wrappers,
  };
}

const innerScriptCache = new HiddenSlot<ShellCommand, ShellScript | null>('innerScript');

/**
 * The script a shell command runs: the string of `sh -c '…'` / `bash -ec "…"` /
 * `su -c '…'`, or a heredoc fed to `sh` / `bash` on stdin, parsed with ranges
 * in the file. Null when the command is not such a shell or the script is not
 * written out (`sh -c "$CMD"`). Double-quoted scripts with `$VAR`s are parsed
 * with the expansions left in place.
 */
export function innerScriptOf(cmd: ShellCommand): ShellScript | null {
  if (innerScriptCache.has(cmd)) return innerScriptCache.get(cmd)!;
  let result: ShellScript | null = null;
  const outer = commandScripts.get(cmd);
  const file = outer ? scriptFiles.get(outer) : undefined;
  // Without tree-sitter loaded, an inner script that is not common shell throws ShellParserNotLoaded (nothing is cached).
  if (outer && file && cmd.baseName) {
    const ref = POSIX_SHELLS.has(cmd.baseName) ? shellInnerScript(cmd, cmd.args) : cmd.baseName === 'su' ? suInnerScript(cmd.args) : null;
    if (ref) {
      const map = new OffsetMap(outer.source);
      let source: ShellScriptSource | null = null;
      if (ref.argIndex >= 0) {
        const word = cmd.args[ref.argIndex];
        const unquotedExpansion = word.expansions.some((e) => !e.quoted);
        if (!unquotedExpansion) {
          const offsets: number[] = [];
          const text = decodeWord(word.raw, word.textSpan.start, offsets);
          source = { ...sourceFromMappedText(text, offsets, map), origin: 'inline' };
        }
      } else if (ref.heredoc) {
        const body = ref.heredoc.body.textSpan;
        source = { ...sliceSource(outer.source, body.start, body.end), origin: 'stdin' };
      }
      if (source) result = analyzeShell(source, file);
    }
  }
  innerScriptCache.set(cmd, result);
  return result;
}

/**
 * The commands a wrapper runs, one level down: `sudo -E apt-get …` → the
 * `apt-get` command; `sh -c 'a && b'` → `a` and `b` (from the inner script,
 * with their own connectors). Null when `cmd` wraps nothing.
 */
export function unwrapCommand(cmd: ShellCommand): ShellCommand[] | null {
  const base = cmd.baseName;
  if (!base || cmd.kind !== 'simple' || !MAY_WRAP.has(base)) return null;
  if (POSIX_SHELLS.has(base) || base === 'su') {
    const inner = innerScriptOf(cmd);
    if (!inner) return null;
    return inner.commands.map((c) => {
      const clone = cloneCommand(c);
      clone.inSubshell = true;
      clone.inCommandSubstitution = c.inCommandSubstitution || cmd.inCommandSubstitution;
      clone.inFunction = c.inFunction || cmd.inFunction;
      clone.inLoop = c.inLoop || cmd.inLoop;
      clone.conditional = c.conditional || cmd.conditional;
      clone.inParseError = c.inParseError || cmd.inParseError;
      clone.pipeline = c.pipeline.length > 1 ? c.pipeline : cmd.pipeline;
      clone.wrappers = [...cmd.wrappers, cmd, ...c.wrappers];
      commandScripts.set(clone, inner);
      return clone;
    });
  }
  if (base === 'find') {
    const out: ShellCommand[] = [];
    const args = cmd.args;
    for (let i = 0; i < args.length; i++) {
      const v = args[i].value;
      if (v === '-exec' || v === '-execdir' || v === '-ok' || v === '-okdir') {
        let j = i + 2;
        while (j < args.length && args[j].value !== ';' && args[j].value !== '+') j++;
        if (i + 1 < args.length) {
          const derived = deriveCommand(cmd, i + 1, []);
          derived.args = args.slice(i + 2, j);
          out.push(derived);
        }
        i = j;
      }
    }
    return out.length ? out : null;
  }
  const spec = WRAPPERS[base];
  if (!spec) return null;
  const found = wrappedCommandIndex(spec, cmd.args);
  if (!found) return null;
  return [deriveCommand(cmd, found.index, found.assignments)];
}

for (const name of [...POSIX_SHELLS, ...Object.keys(WRAPPERS), 'su', 'find']) MAY_WRAP.add(name);

const effectiveCache = new HiddenSlot<ShellScript, { leaves: ShellCommand[]; all: ShellCommand[] }>('effectiveCommands');

function unwrapAll(script: ShellScript): { leaves: ShellCommand[]; all: ShellCommand[] } {
  let cached = effectiveCache.get(script);
  if (cached) return cached;
  const leaves: ShellCommand[] = [];
  const all: ShellCommand[] = [];
  const visit = (cmd: ShellCommand, depth: number, isRaw: boolean) => {
    if (!isRaw) all.push(cmd);
    const inner = depth < 8 ? unwrapCommand(cmd) : null;
    if (!inner) {
      leaves.push(cmd);
      return;
    }
    for (const c of inner) visit(c, depth + 1, false);
  };
  for (let k = 0; k < script.commands.length; k++) {
    const cmd = script.commands[k];
    all.push(cmd);
    visit(cmd, 0, true);
  }
  cached = { leaves, all };
  effectiveCache.set(script, cached);
  return cached;
}

/**
 * The commands that actually run, seen through wrappers: `sudo apt-get
 * install x` gives `apt-get` (whose `wrappers` is `[sudo]`), `sh -c 'a && b'`
 * gives `a` and `b`. Commands that wrap nothing are returned as they are.
 * Without the shell parser loaded, throws ShellParserNotLoaded when an `sh -c`
 * string needs it.
 */
export function effectiveCommands(script: ShellScript): ShellCommand[] {
  return unwrapAll(script).leaves;
}

/**
 * The commands named `name` (or any of `names`), compared by base name unless
 * the name has a `/`. By default wrappers are seen through and wrapper
 * commands themselves are also found (`findCommands(s, 'sudo')` and
 * `findCommands(s, 'apt-get')` both match `sudo apt-get …`); with
 * `{ unwrap: false }` only commands written directly are searched.
 */
export function findCommands(script: ShellScript, name: string | readonly string[], options: { unwrap?: boolean } = {}): ShellCommand[] {
  const names = typeof name === 'string' ? [name] : name;
  const pool = options.unwrap === false ? script.commands : unwrapAll(script).all;
  return pool.filter((c) => c.name !== null && names.some((n) => (n.includes('/') ? c.name === n : c.baseName === n)));
}

// ---------------------------------------------------------------------------
// Instructions: which scripts run, under which shell

export const DEFAULT_SHELL: readonly string[] = ['/bin/sh', '-c'];
export const WINDOWS_DEFAULT_SHELL: readonly string[] = ['cmd', '/S', '/C'];

/**
 * The shell in effect for `instruction`: the exec form of the last SHELL
 * instruction before it in `stageInstructions`, or `defaultShell`.
 */
export function activeShell(
  stageInstructions: readonly Instruction[],
  instruction: Instruction,
  defaultShell: readonly string[] = DEFAULT_SHELL,
): string[] {
  let shell: string[] = [...defaultShell];
  for (const candidate of stageInstructions) {
    if (candidate === instruction) break;
    if (candidate.span.start >= instruction.span.start) break;
    if (candidate.kind === 'SHELL' && candidate.exec && candidate.exec.elements.length > 0) {
      shell = candidate.exec.elements.map((e) => e.value);
    }
  }
  return shell;
}

const WINDOWS_IMAGE = /(^|[/:_.-])(windows|nanoserver|servercore|windowsservercore)([/:_.-]|$)/i;

/**
 * A guess that an image is a Windows one (`mcr.microsoft.com/windows/servercore`,
 * `python:3.12-windowsservercore`, `…/nanoserver`), whose default shell is `cmd /S /C`.
 */
export function looksLikeWindowsImage(reference: string): boolean {
  return WINDOWS_IMAGE.test(reference);
}

/**
 * The shell in effect for an instruction of a parsed Dockerfile: the last
 * SHELL before it in its stage; else, for `FROM <earlier stage>`, that stage's
 * shell at its end; else `cmd /S /C` for what looks like a Windows base image
 * and `/bin/sh -c` otherwise.
 */
export function shellFor(dockerfile: Dockerfile, instruction: Instruction): string[] {
  const stage = dockerfile.stages[instruction.stageIndex];
  if (!stage) return [...DEFAULT_SHELL];
  const shells = stageShells(dockerfile, stage, 0);
  let shell = shells.initial;
  for (const change of shells.changes) {
    if (change.start >= instruction.span.start) break;
    shell = change.shell;
  }
  return [...shell];
}

/** A stage's shell at its start and the SHELL instructions that change it, in order. */
interface StageShells {
  initial: readonly string[];
  changes: { start: number; shell: readonly string[] }[];
  /** The shell in effect at the end of the stage. */
  final: readonly string[];
}

/** Computed once per stage: shellFor is asked for every instruction, and stages inherit along FROM chains. */
const stageShellsCache = new WeakMap<Stage, StageShells>();

function stageShells(dockerfile: Dockerfile, stage: Stage, depth: number): StageShells {
  let cached = stageShellsCache.get(stage);
  if (cached) return cached;
  const ref = stage.image.stageRef;
  const parent = ref !== null && depth < 64 ? dockerfile.stages[ref] : undefined;
  let initial: readonly string[];
  if (parent && parent !== stage) initial = stageShells(dockerfile, parent, depth + 1).final;
  else initial = looksLikeWindowsImage(stage.image.expanded || stage.image.raw) ? WINDOWS_DEFAULT_SHELL : DEFAULT_SHELL;
  const changes: StageShells['changes'] = [];
  let final = initial;
  for (const candidate of stage.instructions) {
    if (candidate.kind === 'SHELL' && candidate.exec && candidate.exec.elements.length > 0) {
      final = candidate.exec.elements.map((e) => e.value);
      changes.push({ start: candidate.span.start, shell: final });
    }
  }
  cached = { initial, changes, final };
  stageShellsCache.set(stage, cached);
  return cached;
}

function executableName(arg: string): string {
  let name = arg.replace(/\\/g, '/');
  name = name.slice(name.lastIndexOf('/') + 1).toLowerCase();
  if (name.endsWith('.exe')) name = name.slice(0, -4);
  return name;
}

/**
 * Whether a SHELL argv runs a POSIX shell: its program is sh/bash/dash/…, or
 * a wrapper (`env`, `conda run -n x`, `micromamba run`) whose command is one.
 * Returns null when it does, else the reason it does not.
 */
export function nonPosixShellReason(shell: readonly string[]): string | null {
  if (shell.length === 0) return 'SHELL is empty';
  if (shell[0] === '/bin/sh') return null; // the default shell, asked about for every script
  const show = () => `SHELL ${JSON.stringify(shell)}`;
  const first = executableName(shell[0]);
  if (first === 'powershell' || first === 'pwsh' || first === 'cmd') return `${show()} is not a POSIX shell`;
  if (POSIX_SHELLS.has(first)) return null;
  for (const arg of shell.slice(1)) {
    const name = executableName(arg);
    if (name === 'powershell' || name === 'pwsh' || name === 'cmd') return `${show()} is not a POSIX shell`;
    if (POSIX_SHELLS.has(name)) return null;
  }
  return `${show()} is not a known POSIX shell`;
}

const SHEBANG_SHELL = /^#!\s*(\S+)(?:\s+(.*))?$/;

/** The interpreter of a `#!` line: `#!/usr/bin/env -S bash -e` → `bash`. */
function shebangInterpreter(line: string): string | null {
  const m = SHEBANG_SHELL.exec(line.trim());
  if (!m) return null;
  let program = executableName(m[1]);
  if (program === 'env') {
    const rest = (m[2] ?? '').split(/\s+/).filter((w) => w && !w.startsWith('-') && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w));
    program = rest.length ? executableName(rest[0]) : '';
  }
  return program || null;
}

/** `<<EOF`, `<<-"EOF"`, `0<<'EOF'`: a command line that is a single heredoc marker (BuildKit's test). */
const SINGLE_HEREDOC = /^\s*\d?<<-?\s*(?:"[^"]+"|'[^']+'|[^\s<>|&;'"()]+)\s*$/;

const heredocSources = new HiddenSlot<Heredoc, ShellScriptSource>('scriptSource');

function heredocScriptSource(instruction: { shell: ShellSource | null }, heredoc: Heredoc, shebang: string | null): ShellScriptSource {
  let cached = heredocSources.get(heredoc);
  if (cached) return cached;
  let base: ShellSource | null = null;
  const shell = instruction.shell;
  const bodyLength = heredoc.body.span.end - heredoc.body.span.start;
  if (shell) {
    const map = new OffsetMap(shell);
    const start = map.toText(heredoc.body.span.start);
    const end = map.toText(heredoc.body.span.end, true);
    if (start >= 0 && end >= start) base = sliceSource(shell, start, end);
  }
  if (!base) {
    if (bodyLength === heredoc.bodyText.length) {
      base = { text: heredoc.bodyText, segments: [{ textStart: 0, fileStart: heredoc.body.span.start, length: bodyLength }] };
    } else {
      // The body text differs from the file (tabs stripped): map line starts only approximately.
      base = { text: heredoc.bodyText, segments: [{ textStart: 0, fileStart: heredoc.body.span.start, length: Math.min(bodyLength, heredoc.bodyText.length) }] };
    }
  }
  cached = { ...base, origin: 'heredoc', heredoc, shebang };
  heredocSources.set(heredoc, cached);
  return cached;
}

/**
 * The shell scripts an instruction runs, as BuildKit runs them:
 * - shell-form RUN / CMD / ENTRYPOINT / HEALTHCHECK CMD: the command text;
 * - `RUN <<EOF` (the command line is a single heredoc marker): the heredoc
 *   body is the script; with a `#!` line it runs under that interpreter (and
 *   is skipped unless it is a POSIX shell), else under SHELL;
 * - any other RUN with heredocs: the full text, heredocs included (for
 *   `RUN cat <<EOF > /f` the body is data).
 * Scripts that would run under a non-POSIX SHELL (`powershell`, `cmd`…) are
 * not returned; `skipped` says why. Exec form gives no script.
 */
export function shellScriptsOf(instruction: Instruction, shell: readonly string[] = DEFAULT_SHELL): ShellScriptList {
  const scripts = [] as unknown as ShellScriptList;
  scripts.skipped = [];
  if (instruction.kind === 'ONBUILD') {
    return instruction.trigger ? shellScriptsOf(instruction.trigger, shell) : scripts;
  }
  if (instruction.kind !== 'RUN' && instruction.kind !== 'CMD' && instruction.kind !== 'ENTRYPOINT' && instruction.kind !== 'HEALTHCHECK') {
    return scripts;
  }
  if (instruction.kind === 'HEALTHCHECK' && instruction.mode !== 'CMD') return scripts;
  const source = instruction.shell;
  if (!source) return scripts;
  const shellReason = nonPosixShellReason(shell);

  if (instruction.kind === 'RUN' && instruction.heredocs.length > 0) {
    const newline = source.text.indexOf('\n');
    const commandLine = newline >= 0 ? source.text.slice(0, newline) : source.text;
    if (instruction.heredocs.length === 1 && SINGLE_HEREDOC.test(commandLine)) {
      const heredoc = instruction.heredocs[0];
      const firstLine = heredoc.bodyText.slice(0, heredoc.bodyText.search(/\r?\n|$/));
      if (heredoc.bodyText.startsWith('#!')) {
        const interpreter = shebangInterpreter(firstLine);
        if (!interpreter || !POSIX_SHELLS.has(interpreter)) {
          scripts.skipped.push({ reason: `the heredoc script runs with ${interpreter ?? 'an unknown interpreter'} (${firstLine.trim()})`, heredoc });
          return scripts;
        }
        scripts.push(heredocScriptSource(instruction, heredoc, firstLine.trim()));
        return scripts;
      }
      if (shellReason) {
        scripts.skipped.push({ reason: shellReason, heredoc });
        return scripts;
      }
      scripts.push(heredocScriptSource(instruction, heredoc, null));
      return scripts;
    }
  }
  if (shellReason) {
    scripts.skipped.push({ reason: shellReason, heredoc: null });
    return scripts;
  }
  scripts.push(instruction.kind === 'RUN' && instruction.heredocs.length > 0 ? reorderLeadingHeredocs(source) : source);
  return scripts;
}

/** `<<EOF <<X` markers at the start of a command line, followed by a command. */
const LEADING_HEREDOCS = /^\s*(?:\d?<<-?\s*(?:"[^"\n]+"|'[^'\n]+'|[^\s<>|&;'"()]+)\s+)+(?=[^\s<])/;

const reordered = new HiddenSlot<ShellSource, ShellScriptSource>('reordered');

/**
 * `RUN <<EOT bash` is valid shell (a redirect may come before the command)
 * that tree-sitter-bash does not parse: analyse `bash <<EOT` instead, each
 * character still mapped to where it is written.
 */
function reorderLeadingHeredocs(source: ShellSource): ShellScriptSource {
  const cached = reordered.get(source);
  if (cached) return cached;
  const text = source.text;
  const lineEnd = text.indexOf('\n') < 0 ? text.length : text.indexOf('\n');
  const m = LEADING_HEREDOCS.exec(text.slice(0, lineEnd));
  let result: ShellScriptSource = source;
  if (m) {
    const markersEnd = m[0].trimEnd().length;
    const restStart = m[0].length;
    result = composeSource(source, [
      [restStart, lineEnd],
      [markersEnd, restStart],
      [0, markersEnd],
      [lineEnd, text.length],
    ]);
  }
  reordered.set(source, result);
  return result;
}
