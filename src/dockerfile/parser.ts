/**
 * The Dockerfile parser. It reads a file the way the builder does (moby/buildkit
 * frontend/dockerfile/parser and parser/instructions) and keeps exact offsets
 * for every node.
 *
 * One pass over the lines: parser directives at the top, comments, logical
 * lines joined from continuations (escape character, optional spaces/tabs,
 * line break; comment and blank lines inside a continuation are skipped), then
 * heredoc bodies. Each logical line is a string plus a map from its characters
 * back to file offsets, so every word, flag and JSON element gets an exact
 * range even when it spans a continuation.
 *
 * Errors the builder reports become `errors` entries and parsing goes on with
 * the next instruction. Errors the builder only reports when the instruction is
 * dispatched (argument counts, unknown instructions…) are not reported for
 * ONBUILD triggers, as the builder does not check those until a child build.
 *
 * Differences from the builder, on purpose: a lone CR ends a line (as
 * SourceText counts lines; the builder only splits on LF); unknown flags are
 * kept without an error (rules validate flags); a file is never rejected as a
 * whole, every error has a range.
 */
import { SourceText } from '../core/source.js';
import type {
  ArgInstruction,
  Comment,
  CommandArgs,
  CopyInstruction,
  Directive,
  Dockerfile,
  DockerfileSyntaxError,
  EnvInstruction,
  ExecForm,
  Flag,
  FromInstruction,
  GenericInstruction,
  HealthcheckInstruction,
  Heredoc,
  Instruction,
  JsonString,
  KeyValue,
  LabelInstruction,
  Node,
  OnbuildInstruction,
  ShellSource,
  Stage,
  VariableRef,
  Word,
} from './ast.js';
import { parseImageRef } from './image.js';
import { expand, globalScopeOf, isSpaceCode, lexWord, partsValue, partsVariables, type VarNode } from './variables.js';

/** A logical line: the joined text and where each character came from. */
interface Logical {
  text: string;
  /** Pieces copied from the file, in order; never empty (a single empty piece at least). */
  pieces: { logStart: number; fileStart: number; length: number }[];
}

/** File offset of logical offset `i` (the end of the last piece for i = text.length). */
function fileOffset(L: Logical, i: number): number {
  const ps = L.pieces;
  let lo = 0;
  let hi = ps.length - 1;
  if (hi > 0) {
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ps[mid].logStart <= i) lo = mid;
      else hi = mid - 1;
    }
    // Offsets at a piece boundary belong to the next piece.
  }
  const pc = ps[lo];
  return pc.fileStart + (i - pc.logStart);
}

/** File offset just past logical [a, b); `start` (the file offset of `a`) when it is empty. */
function fileEnd(L: Logical, a: number, b: number, start: number): number {
  return b > a ? fileOffset(L, b - 1) + 1 : start;
}

interface Range2 {
  s: number;
  e: number;
}

/** Error levels: the line parser (always reported) or instruction checks (not for ONBUILD triggers). */
const PARSE = 0;
const CHECK = 1;

const KNOWN = new Set([
  'add',
  'arg',
  'cmd',
  'copy',
  'entrypoint',
  'env',
  'expose',
  'from',
  'healthcheck',
  'label',
  'maintainer',
  'onbuild',
  'run',
  'shell',
  'stopsignal',
  'user',
  'volume',
  'workdir',
]);

const STAGE_NAME_RE = /^[a-z][a-z0-9-_.]*$/;
const MAX_ONBUILD_DEPTH = 8;

/** `[\t\v\f\r ]`, the builder's reWhitespace. */
function isReWs(c: number): boolean {
  return c === 32 || c === 9 || c === 11 || c === 12 || c === 13;
}
/** Go RE2 `\s`: `[\t\n\f\r ]`. */
function isReS(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 12 || c === 13;
}
function goQuote(s: string): string {
  return JSON.stringify(s);
}

class Parser {
  readonly text: string;
  readonly lineStarts: number[];
  readonly lineCount: number;
  esc = '\\';
  escCode = 92;
  readonly directives: Directive[] = [];
  readonly comments: Comment[] = [];
  readonly instructions: Instruction[] = [];
  readonly errors: DockerfileSyntaxError[] = [];
  /** >0 while parsing an ONBUILD trigger. */
  private depth = 0;
  /** Errors reported for the current top-level instruction. */
  private instErrors = 0;
  /** Whether the line last given to `continuation` ends with a line-continuation escape. */
  private continues = false;
  /** Top-level instructions with errors (the builder stops at the first error of an instruction). */
  private readonly errored = new Set<Instruction>();

  constructor(readonly source: SourceText) {
    this.text = source.text;
    this.lineStarts = source.lineStarts;
    this.lineCount = source.lineCount;
  }

  // ---- positions -----------------------------------------------------------

  node(start: number, end: number): Node {
    return { span: { start, end }, range: this.source.range(start, end) };
  }

  /** File span of logical [a, b). */
  fspan(L: Logical, a: number, b: number): [number, number] {
    const start = fileOffset(L, a);
    return [start, fileEnd(L, a, b, start)];
  }

  lnode(L: Logical, a: number, b: number): Node {
    const start = fileOffset(L, a);
    return this.node(start, fileEnd(L, a, b, start));
  }

  /** Adds `span` and `range` to `obj` (no object spread: it is slow in V8). */
  at<T extends object>(obj: T, start: number, end: number): T & Node {
    const o = obj as T & Node;
    o.span = { start, end };
    o.range = this.source.range(start, end);
    return o;
  }

  lat<T extends object>(L: Logical, obj: T, a: number, b: number): T & Node {
    const start = fileOffset(L, a);
    return this.at(obj, start, fileEnd(L, a, b, start));
  }

  lineEnd(li: number): number {
    const t = this.text;
    const start = this.lineStarts[li];
    let end = li + 1 < this.lineCount ? this.lineStarts[li + 1] : t.length;
    if (end > start && t.charCodeAt(end - 1) === 10) end--;
    if (end > start && t.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  error(level: number, message: string, start: number, end: number): void {
    if (level === CHECK && this.depth > 0) return;
    this.instErrors++;
    this.errors.push(this.at({ message }, start, end));
  }

  errorAt(level: number, message: string, n: Node): void {
    this.error(level, message, n.span.start, n.span.end);
  }

  // ---- top level -------------------------------------------------------------

  parse(): Dockerfile {
    const t = this.text;
    const n = this.lineCount;
    let directivesDone = false;
    const seen = new Set<string>();
    let li = 0;
    while (li < n) {
      // A BOM should have been removed; tolerate one as the builder does.
      const ls = li === 0 && t.charCodeAt(0) === 0xfeff ? 1 : this.lineStarts[li];
      const le = this.lineEnd(li);
      if (!directivesDone) {
        if (this.directive(ls, le, seen)) {
          li++;
          continue;
        }
        directivesDone = true;
      }
      let p = ls;
      while (p < le && isSpaceCode(t.charCodeAt(p))) p++;
      if (p === le) {
        li++;
        continue;
      }
      if (t.charCodeAt(p) === 35 /* # */) {
        this.comments.push(this.at({ text: t.slice(p + 1, le), inContinuation: false }, p, le));
        li++;
        continue;
      }
      li = this.instructionAt(li, p);
    }
    return this.assemble();
  }

  /** A parser directive line, as the builder's DirectiveParser reads it. */
  private directive(ls: number, le: number, seen: Set<string>): boolean {
    const t = this.text;
    let p = ls;
    while (p < le && isSpaceCode(t.charCodeAt(p))) p++;
    if (p >= le || t.charCodeAt(p) !== 35) return false;
    let q = p + 1;
    while (q < le && isSpaceCode(t.charCodeAt(q))) q++;
    const nameStart = q;
    const isAlpha = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (q >= le || !isAlpha(t.charCodeAt(q))) return false;
    q++;
    while (q < le && (isAlpha(t.charCodeAt(q)) || (t.charCodeAt(q) >= 48 && t.charCodeAt(q) <= 57))) q++;
    const nameEnd = q;
    while (q < le && isReS(t.charCodeAt(q))) q++;
    if (q >= le || t.charCodeAt(q) !== 61 /* = */) return false;
    q++;
    let vs = q;
    while (vs < le && isReS(t.charCodeAt(vs))) vs++;
    let ve: number;
    if (vs < le) {
      ve = le;
      while (ve > vs && isReS(t.charCodeAt(ve - 1))) ve--;
    } else if (q < le) {
      // `(.+?)` takes one character when only spaces follow `=`.
      vs = le - 1;
      ve = le;
    } else return false;
    const name = t.slice(nameStart, nameEnd).toLowerCase();
    if (name !== 'syntax' && name !== 'escape' && name !== 'check') return false;
    if (seen.has(name)) {
      this.error(PARSE, `only one ${name} parser directive can be used`, p, le);
      return true;
    }
    seen.add(name);
    const value = t.slice(vs, ve);
    const d: Directive = this.at(
      { name, value, nameNode: this.node(nameStart, nameEnd), valueNode: this.node(vs, ve) },
      p,
      le,
    );
    this.directives.push(d);
    if (name === 'escape') {
      if (value === '`' || value === '\\') {
        this.esc = value;
        this.escCode = value.charCodeAt(0);
      } else {
        this.error(PARSE, `invalid escape token '${value}' does not match \` or \\`, vs, ve);
      }
    }
    return true;
  }

  /**
   * Where the text of [ls, le) ends before a line-continuation escape, or `le`; sets
   * `continues` (a field, not a returned pair: this runs for every line).
   */
  private continuation(ls: number, le: number): number {
    const t = this.text;
    let q = le;
    while (q > ls) {
      const c = t.charCodeAt(q - 1);
      if (c !== 32 && c !== 9) break;
      q--;
    }
    if (q > ls && t.charCodeAt(q - 1) === this.escCode) {
      const e = q - 1;
      if (e === ls || t.charCodeAt(e - 1) !== this.escCode) {
        this.continues = true;
        return e;
      }
    }
    this.continues = false;
    return le;
  }

  /** Parses the instruction starting on line `li` at offset `p`; returns the next line index. */
  private instructionAt(li: number, p: number): number {
    const t = this.text;
    const n = this.lineCount;
    // Start and end offsets of each line's piece, flat: no pair array (and no iterator to read it back) per line.
    const pieces: number[] = [];
    const emptyLines: Node[] = [];
    let pe = this.continuation(p, this.lineEnd(li));
    let cont = this.continues;
    pieces.push(p, pe);
    let last = li;
    let j = li + 1;
    while (cont && j < n) {
      const ls = this.lineStarts[j];
      const le = this.lineEnd(j);
      let q = ls;
      while (q < le && isSpaceCode(t.charCodeAt(q))) q++;
      if (q < le && t.charCodeAt(q) === 35) {
        this.comments.push(this.at({ text: t.slice(q + 1, le), inContinuation: true }, q, le));
        j++;
        continue;
      }
      if (q === le) {
        emptyLines.push(this.node(ls, le));
        j++;
        continue;
      }
      pe = this.continuation(ls, le);
      cont = this.continues;
      pieces.push(ls, pe);
      last = j;
      j++;
    }

    // The logical line.
    let total = 0;
    const strs: string[] = [];
    const plist: Logical['pieces'] = [];
    for (let k = 0; k < pieces.length; k += 2) {
      const a = pieces[k];
      const b = pieces[k + 1];
      if (b <= a) continue;
      strs.push(t.slice(a, b));
      plist.push({ logStart: total, fileStart: a, length: b - a });
      total += b - a;
    }
    if (plist.length === 0) plist.push({ logStart: 0, fileStart: p, length: 0 });
    const L: Logical = { text: strs.length === 1 ? strs[0] : strs.join(''), pieces: plist };

    this.instErrors = 0;
    let inst: Instruction | null;
    try {
      inst = this.parseInstruction(L, 0, total);
    } catch (e) {
      // A bug must not lose the file: report the instruction and go on.
      this.depth = 0;
      this.error(PARSE, `internal parser error: ${e instanceof Error ? e.message : String(e)}`, p, this.lineEnd(last));
      return j;
    }
    if (!inst) return j;
    let end = this.lineEnd(last);

    // Heredocs.
    const target = inst.kind === 'ONBUILD' ? inst.trigger : inst;
    if (target && canHaveHeredocs(target) && L.text.includes('<<')) {
      const markers = this.heredocMarkers(L);
      if (markers.length > 0) {
        const heredocs: Heredoc[] = [];
        let reported = false;
        for (const m of markers) {
          const bodyStart = j < n ? this.lineStarts[j] : t.length;
          let term: Node | null = null;
          let bodyEnd = t.length;
          while (j < n) {
            const ls = this.lineStarts[j];
            const le = this.lineEnd(j);
            let q = ls;
            if (m.stripTabs) while (q < le && t.charCodeAt(q) === 9) q++;
            j++;
            if (le - q === m.delimiter.length && t.startsWith(m.delimiter, q)) {
              term = this.node(ls, le);
              bodyEnd = ls;
              end = le;
              break;
            }
          }
          if (!term) {
            end = t.length;
            if (!reported) {
              reported = true;
              this.errorAt(PARSE, 'unterminated heredoc', m.marker);
            }
          }
          heredocs.push(
            this.at(
              {
                delimiter: m.delimiter,
                quoted: m.quoted,
                stripTabs: m.stripTabs,
                marker: m.marker,
                body: this.node(bodyStart, bodyEnd),
                bodyText: t.slice(bodyStart, bodyEnd),
                terminator: term,
              },
              bodyStart,
              term ? term.span.end : t.length,
            ),
          );
        }
        inst.heredocs = heredocs;
        if (target !== inst) target.heredocs = heredocs;
        if (target.kind === 'RUN' && target.shell) {
          addSegment(target.shell, this.text, this.lineEnd(last), end);
        }
      }
    }

    inst.emptyContinuationLines = emptyLines;
    this.setSpan(inst, p, end);
    this.instructions.push(inst);
    if (this.instErrors > 0) this.errored.add(inst);
    return j;
  }

  private setSpan(inst: Instruction, start: number, end: number): void {
    inst.span = { start, end };
    inst.range = this.source.range(start, end);
    if (inst.kind === 'ONBUILD' && inst.trigger) this.setSpan(inst.trigger, inst.trigger.span.start, end);
  }

  // ---- one instruction -------------------------------------------------------

  private parseInstruction(L: Logical, s: number, e: number): Instruction | null {
    const x = L.text;
    while (s < e && isSpaceCode(x.charCodeAt(s))) s++;
    while (e > s && isSpaceCode(x.charCodeAt(e - 1))) e--;
    if (s >= e) return null;
    let kwEnd = s;
    while (kwEnd < e && !isReWs(x.charCodeAt(kwEnd))) kwEnd++;
    let rest = kwEnd;
    while (rest < e && isReWs(x.charCodeAt(rest))) rest++;
    const keyword = x.slice(s, kwEnd);
    const lower = keyword.toLowerCase();
    const flags: Flag[] = [];
    let as = rest < e ? this.flags(L, rest, e, flags) : e;
    while (as < e && isSpaceCode(x.charCodeAt(as))) as++;
    const ae = e;
    const keywordNode = this.lnode(L, s, kwEnd);
    const argsNode = as < ae ? this.lnode(L, as, ae) : null;
    const ss = fileOffset(L, s);
    const se = fileEnd(L, s, e, ss);
    // `args` is set last by each kind below (and for shell-form commands as a
    // lazy accessor, which must not replace a data property: V8 would turn the
    // object into a slow dictionary).
    const base = {
      keywordNode,
      flags,
      argsNode,
      argsText: x.slice(as, ae),
      heredocs: [] as Heredoc[],
      stageIndex: -1,
      onbuild: this.depth > 0,
      emptyContinuationLines: [] as Node[],
      span: { start: ss, end: se },
      range: this.source.range(ss, se),
    } as InstructionFields;
    const argsOrKw = argsNode ?? keywordNode;
    if (!KNOWN.has(lower)) {
      const inst: GenericInstruction = Object.assign(base, { kind: 'UNKNOWN' as const, keyword, exec: null });
      inst.args = this.words(L, as, ae);
      this.errorAt(CHECK, `unknown instruction: ${keyword}`, keywordNode);
      return inst;
    }
    const upper = lower.toUpperCase();
    switch (lower) {
      case 'from': {
        const ws = wsSplit(x, as, ae);
        let alias: Word | null = null;
        let asKeyword: Node | null = null;
        if (ws.length === 3 && x.slice(ws[1].s, ws[1].e).toLowerCase() === 'as') {
          alias = this.word(L, ws[2].s, ws[2].e);
          asKeyword = this.lnode(L, ws[1].s, ws[1].e);
          const name = alias.raw.toLowerCase();
          if (!STAGE_NAME_RE.test(name)) {
            this.errorAt(
              CHECK,
              `invalid name for build stage: ${goQuote(alias.raw)}, name can't start with a number or contain symbols`,
              alias,
            );
          }
        } else if (ws.length !== 1) {
          this.errorAt(CHECK, 'FROM requires either one or three arguments', argsOrKw);
        }
        const inst: FromInstruction = Object.assign(base, {
          kind: 'FROM' as const,
          image: ws.length > 0 ? this.word(L, ws[0].s, ws[0].e) : null,
          alias,
          asKeyword,
        });
        inst.args = this.words(L, as, ae);
        return inst;
      }
      case 'run':
      case 'cmd':
      case 'entrypoint':
      case 'shell': {
        const cmd = this.commandArgs(L, as, ae, lower !== 'shell');
        const inst = Object.assign(base, {
          kind: upper as 'RUN' | 'CMD' | 'ENTRYPOINT' | 'SHELL',
          exec: cmd.args.exec,
          shell: cmd.args.shell,
          malformedExec: cmd.args.malformedExec,
        });
        if (cmd.words) inst.args = cmd.words;
        else defineLazyArgs(inst, () => this.words(L, as, ae));
        if (lower === 'shell') {
          if (as === ae || (cmd.args.exec && cmd.args.exec.elements.length === 0)) {
            this.errorAt(CHECK, 'SHELL requires at least one argument', argsOrKw);
          } else if (!cmd.args.exec && !cmd.failed) {
            this.errorAt(CHECK, 'SHELL requires the arguments to be in JSON form', argsOrKw);
          }
        }
        return inst as Instruction;
      }
      case 'healthcheck':
        return this.healthcheck(L, as, ae, base);
      case 'env':
      case 'label': {
        const inst: EnvInstruction | LabelInstruction = Object.assign(base, {
          kind: upper as 'ENV' | 'LABEL',
          pairs: this.nameVal(L, as, ae, upper, argsOrKw),
        });
        inst.args = this.words(L, as, ae);
        return inst;
      }
      case 'arg': {
        const ranges = builderWordRanges(x, as, ae, this.escCode);
        const pairs: KeyValue[] = [];
        if (ranges.length === 0) this.errorAt(CHECK, 'ARG requires at least one argument', argsOrKw);
        for (const r of ranges) {
          const eq = x.indexOf('=', r.s);
          if (eq >= 0 && eq < r.e) {
            if (eq === r.s) this.errorAt(CHECK, 'ARG names can not be blank', this.lnode(L, r.s, r.e));
            pairs.push(this.lat(L, { key: this.word(L, r.s, eq), value: this.word(L, eq + 1, r.e), legacy: false }, r.s, r.e));
          } else {
            pairs.push(this.lat(L, { key: this.word(L, r.s, r.e), value: null, legacy: false }, r.s, r.e));
          }
        }
        const inst: ArgInstruction = Object.assign(base, { kind: 'ARG' as const, pairs });
        inst.args = this.words(L, as, ae);
        return inst;
      }
      case 'copy':
      case 'add': {
        let exec: ExecForm | null = null;
        let elems: Word[] | null = null;
        if (as < ae && x.charCodeAt(as) === 91 /* [ */) {
          const j = this.json(L, as, ae);
          if (j.exec) {
            exec = j.exec;
            elems = j.words;
          }
        }
        const words = this.words(L, as, ae);
        if (!elems) elems = wsSplit(x, as, ae).map((r) => this.word(L, r.s, r.e));
        const inst: CopyInstruction = Object.assign(base, {
          kind: upper as 'COPY' | 'ADD',
          exec,
          sources: elems,
          destination: null,
        });
        inst.args = exec ? elems : words;
        if (elems.length < 2) {
          this.errorAt(
            CHECK,
            `${upper} requires at least two arguments, but only one was provided. Destination could not be determined`,
            argsOrKw,
          );
        } else {
          inst.destination = elems[elems.length - 1];
          inst.sources = elems.slice(0, -1);
          if (!exec && heredocWord(inst.destination.raw)) {
            this.errorAt(CHECK, `${upper} cannot accept a heredoc as a destination`, inst.destination);
          }
        }
        return inst;
      }
      case 'onbuild': {
        const inst: OnbuildInstruction = Object.assign(base, { kind: 'ONBUILD' as const, trigger: null as Instruction | null });
        inst.args = this.words(L, as, ae);
        if (as === ae) {
          this.errorAt(CHECK, 'ONBUILD requires at least one argument', keywordNode);
          return inst;
        }
        if (this.depth >= MAX_ONBUILD_DEPTH) return inst;
        this.depth++;
        try {
          inst.trigger = this.parseInstruction(L, as, ae);
        } finally {
          this.depth--;
        }
        const tr = inst.trigger;
        if (tr) {
          if (tr.kind === 'ONBUILD') {
            this.errorAt(CHECK, 'Chaining ONBUILD via `ONBUILD ONBUILD` isn\'t allowed', tr.keywordNode);
          } else if (tr.kind === 'FROM' || tr.kind === 'MAINTAINER') {
            this.errorAt(CHECK, `${tr.kind} isn't allowed as an ONBUILD trigger`, tr.keywordNode);
          }
        }
        return inst;
      }
      default: {
        // user, workdir, expose, volume, stopsignal, maintainer
        const inst: GenericInstruction = Object.assign(base, {
          kind: upper as GenericInstruction['kind'],
          keyword: upper,
          exec: null,
        });
        if (lower === 'volume' && as < ae && x.charCodeAt(as) === 91) {
          const j = this.json(L, as, ae);
          if (j.exec) {
            inst.exec = j.exec;
            inst.args = j.words;
            if (j.exec.elements.length === 0) this.errorAt(CHECK, 'VOLUME requires at least one argument', argsOrKw);
            for (const el of j.exec.elements) {
              if (el.value.trim() === '') {
                this.errorAt(CHECK, 'VOLUME specified can not be an empty string', el);
                break;
              }
            }
            return inst;
          }
        }
        inst.args = this.words(L, as, ae);
        if (as === ae) {
          const one = lower === 'expose' || lower === 'volume' ? 'at least one argument' : 'exactly one argument';
          this.errorAt(CHECK, `${upper} requires ${one}`, keywordNode);
        }
        return inst;
      }
    }
  }

  /** The builder's extractBuilderFlags: `--flag` words before the arguments. Returns where the arguments start. */
  private flags(L: Logical, start: number, e: number, out: Flag[]): number {
    const x = L.text;
    const SP = 0;
    const WORD = 1;
    const QUOTE = 2;
    let phase = SP;
    let wordStart = start;
    let decoded = '';
    let rawIdx: number[] = [];
    let quote = 0;
    let blankOK = false;
    for (let pos = start; pos <= e; pos++) {
      let ch = pos < e ? x.charCodeAt(pos) : -1;
      if (phase === SP) {
        if (pos === e) break;
        if (isSpaceCode(ch)) continue;
        if (ch !== 45 || pos + 1 === e || x.charCodeAt(pos + 1) !== 45) return pos;
        phase = WORD;
        wordStart = pos;
        decoded = '';
        rawIdx = [];
        blankOK = false;
      }
      if (pos === e) {
        if (decoded !== '--' && (blankOK || decoded.length > 0)) out.push(this.flag(L, wordStart, e, decoded, rawIdx));
        break;
      }
      if (phase === WORD) {
        if (isSpaceCode(ch)) {
          phase = SP;
          if (decoded === '--') return pos;
          if (blankOK || decoded.length > 0) out.push(this.flag(L, wordStart, pos, decoded, rawIdx));
          continue;
        }
        if (ch === 39 || ch === 34) {
          quote = ch;
          blankOK = true;
          phase = QUOTE;
          continue;
        }
        if (ch === 92) {
          if (pos + 1 === e) continue;
          pos++;
          ch = x.charCodeAt(pos);
        }
        decoded += x[pos];
        rawIdx.push(pos);
        continue;
      }
      // QUOTE
      if (ch === quote) {
        phase = WORD;
        continue;
      }
      if (ch === 92) {
        if (pos + 1 === e) {
          phase = WORD;
          continue;
        }
        pos++;
      }
      decoded += x[pos];
      rawIdx.push(pos);
    }
    return e;
  }

  private flag(L: Logical, ws: number, we: number, decoded: string, rawIdx: number[]): Flag {
    const eq = decoded.indexOf('=');
    if (eq >= 2) {
      const rawEq = rawIdx[eq];
      return this.lat(
        L,
        {
          name: decoded.slice(2, eq).toLowerCase(),
          value: decoded.slice(eq + 1) as string | null,
          nameNode: this.lnode(L, ws, rawEq),
          valueNode: this.lnode(L, rawEq + 1, we) as Node | null,
        },
        ws,
        we,
      );
    }
    return this.lat(
      L,
      { name: decoded.slice(2).toLowerCase(), value: null, nameNode: this.lnode(L, ws, we), valueNode: null },
      ws,
      we,
    );
  }

  // ---- words -------------------------------------------------------------------

  word(L: Logical, a: number, b: number): Word {
    const x = L.text;
    const raw = x.slice(a, b);
    let value = raw;
    let variables: VariableRef[] = [];
    if (needsLex(raw, this.esc)) {
      const parts = lexWord(x, a, b, this.esc);
      value = partsValue(parts, x);
      const vars = partsVariables(parts);
      if (vars.length) variables = vars.map((v) => this.varRef(L, v, 0, null));
    }
    return this.lat(L, { raw, value, variables }, a, b);
  }

  /** `dmap` maps offsets of a decoded JSON string to logical offsets: [start, end) per unit. */
  private varRef(L: Logical, v: VarNode, base: number, dmap: { s: number[]; e: number[] } | null): VariableRef {
    let a: number;
    let b: number;
    if (dmap) {
      a = dmap.s[v.start];
      b = dmap.e[v.end - 1];
    } else {
      a = v.start + base;
      b = v.end + base;
    }
    return this.lat(L, { name: v.name, operator: v.operator, operand: v.operand, braced: v.braced }, a, b);
  }

  /** Quote-aware words of logical [a, b), split as the builder's parseWords does. */
  words(L: Logical, a: number, b: number): Word[] {
    if (a >= b) return [];
    return builderWordRanges(L.text, a, b, this.escCode).map((r) => this.word(L, r.s, r.e));
  }

  // ---- ENV / LABEL ------------------------------------------------------------------

  private nameVal(L: Logical, as: number, ae: number, key: string, argsOrKw: Node): KeyValue[] {
    const x = L.text;
    const ranges = builderWordRanges(x, as, ae, this.escCode);
    const pairs: KeyValue[] = [];
    if (ranges.length === 0) {
      this.errorAt(CHECK, `${key} requires at least one argument`, argsOrKw);
      return pairs;
    }
    const first = ranges[0];
    const firstEq = x.indexOf('=', first.s);
    if (firstEq < 0 || firstEq >= first.e) {
      // Legacy `KEY name value…`: the value is the rest of the line.
      let k = as;
      while (k < ae && !isReWs(x.charCodeAt(k))) k++;
      let v = k;
      while (v < ae && isReWs(x.charCodeAt(v))) v++;
      if (v >= ae) {
        this.errorAt(PARSE, `${key} must have two arguments`, argsOrKw);
        return pairs;
      }
      pairs.push(this.lat(L, { key: this.word(L, as, k), value: this.word(L, v, ae), legacy: true }, as, ae));
      return pairs;
    }
    for (const r of ranges) {
      const eq = x.indexOf('=', r.s);
      if (eq < 0 || eq >= r.e) {
        this.errorAt(
          PARSE,
          `Syntax error - can't find = in ${goQuote(x.slice(r.s, r.e))}. Must be of the form: name=value`,
          this.lnode(L, r.s, r.e),
        );
        continue;
      }
      if (eq === r.s) this.errorAt(CHECK, `${key} names can not be blank`, this.lnode(L, r.s, r.e));
      pairs.push(this.lat(L, { key: this.word(L, r.s, eq), value: this.word(L, eq + 1, r.e), legacy: false }, r.s, r.e));
    }
    return pairs;
  }

  // ---- exec / shell forms -------------------------------------------------------------

  private commandArgs(
    L: Logical,
    as: number,
    ae: number,
    withShell: boolean,
  ): { args: CommandArgs; words: Word[] | null; failed: boolean } {
    const args: CommandArgs = { exec: null, shell: null, malformedExec: null };
    if (as >= ae) return { args, words: [], failed: false };
    const x = L.text;
    if (x.charCodeAt(as) === 91 /* [ */) {
      const j = this.json(L, as, ae);
      if (j.exec) {
        args.exec = j.exec;
        return { args, words: j.words, failed: false };
      }
      if (j.notStrings) return { args, words: this.words(L, as, ae), failed: true };
      if (looksLikeExec(x, as, ae)) args.malformedExec = this.lnode(L, as, ae);
    }
    if (!withShell) return { args, words: this.words(L, as, ae), failed: false };
    args.shell = shellSource(L, as, ae);
    // Shell form: the words are split when first read (see defineLazyArgs).
    return { args, words: null, failed: false };
  }

  /**
   * The builder's parseJSON on logical [as, ae) (which starts with `[`): a JSON
   * array of strings, a JSON array with other values (an error), or not JSON.
   */
  private json(L: Logical, as: number, ae: number): { exec: ExecForm | null; words: Word[]; notStrings: boolean } {
    const x = L.text;
    const none = { exec: null, words: [], notStrings: false };
    const ws = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;
    let i = as + 1;
    const elements: JsonString[] = [];
    const words: Word[] = [];
    while (i < ae && ws(x.charCodeAt(i))) i++;
    let close = -1;
    if (i < ae && x.charCodeAt(i) === 93) {
      close = i;
      i++;
    } else {
      for (;;) {
        if (i >= ae) return none;
        if (x.charCodeAt(i) !== 34) {
          // Not a string: valid JSON means "not a string array" (an error).
          try {
            const v: unknown = JSON.parse(x.slice(as, ae));
            if (Array.isArray(v)) {
              this.error(
                PARSE,
                'when using JSON array syntax, arrays must be comprised of strings only',
                ...this.fspan(L, as, ae),
              );
              return { exec: null, words: [], notStrings: true };
            }
          } catch {
            /* not JSON */
          }
          return none;
        }
        const start = i;
        i++;
        let value = '';
        const ds: number[] = [];
        const de: number[] = [];
        let ok = false;
        // Most strings have no escapes: take them in one slice (the offsets map is then the identity).
        let plain = i;
        while (plain < ae) {
          const c = x.charCodeAt(plain);
          if (c === 34 || c === 92 || c < 0x20) break;
          plain++;
        }
        if (plain < ae && x.charCodeAt(plain) === 34) {
          value = x.slice(i, plain);
          if (value.includes('$')) {
            for (let k = i; k < plain; k++) {
              ds.push(k);
              de.push(k + 1);
            }
          }
          i = plain;
          ok = true;
        }
        while (!ok && i < ae) {
          const c = x.charCodeAt(i);
          if (c === 34) {
            ok = true;
            break;
          }
          if (c < 0x20) return none;
          if (c === 92) {
            if (i + 1 >= ae) return none;
            const e = x[i + 1];
            let out: string;
            let len = 2;
            switch (e) {
              case '"':
              case '\\':
              case '/':
                out = e;
                break;
              case 'b':
                out = '\b';
                break;
              case 'f':
                out = '\f';
                break;
              case 'n':
                out = '\n';
                break;
              case 'r':
                out = '\r';
                break;
              case 't':
                out = '\t';
                break;
              case 'u': {
                const cp = hex4(x, i + 2, ae);
                if (cp < 0) return none;
                len = 6;
                if (cp >= 0xd800 && cp <= 0xdbff) {
                  // A surrogate pair, or U+FFFD as Go decodes a lone surrogate.
                  if (x.charCodeAt(i + 6) === 92 && x[i + 7] === 'u') {
                    const lo = hex4(x, i + 8, ae);
                    if (lo >= 0xdc00 && lo <= 0xdfff) {
                      out = String.fromCharCode(cp, lo);
                      len = 12;
                      break;
                    }
                  }
                  out = '\ufffd';
                } else if (cp >= 0xdc00 && cp <= 0xdfff) out = '\ufffd';
                else out = String.fromCharCode(cp);
                break;
              }
              default:
                return none;
            }
            for (let k = 0; k < out.length; k++) {
              ds.push(i);
              de.push(i + len);
            }
            value += out;
            i += len;
            continue;
          }
          ds.push(i);
          de.push(i + 1);
          value += x[i];
          i++;
        }
        if (!ok) return none;
        i++;
        const el: JsonString = this.lat(L, { value }, start, i);
        elements.push(el);
        let variables: VariableRef[] = [];
        if (value.includes('$')) {
          const dmap = { s: ds, e: de };
          variables = partsVariables(lexWord(value, 0, value.length, this.esc)).map((v) => this.varRef(L, v, 0, dmap));
        }
        words.push(this.lat(L, { raw: x.slice(start, i), value, variables }, start, i));
        while (i < ae && ws(x.charCodeAt(i))) i++;
        if (i < ae && x.charCodeAt(i) === 44) {
          i++;
          while (i < ae && ws(x.charCodeAt(i))) i++;
          continue;
        }
        if (i < ae && x.charCodeAt(i) === 93) {
          close = i;
          i++;
          break;
        }
        return none;
      }
    }
    while (i < ae && ws(x.charCodeAt(i))) i++;
    if (i !== ae) return none;
    return { exec: this.lat(L, { elements }, as, close + 1), words, notStrings: false };
  }

  // ---- HEALTHCHECK --------------------------------------------------------------------

  private healthcheck(
    L: Logical,
    as: number,
    ae: number,
    base: Omit<HealthcheckInstruction, 'kind' | 'mode' | 'exec' | 'shell' | 'malformedExec'>,
  ): HealthcheckInstruction {
    const x = L.text;
    const inst: HealthcheckInstruction = Object.assign(base, {
      kind: 'HEALTHCHECK' as const,
      mode: null,
      exec: null,
      shell: null,
      malformedExec: null,
    });
    inst.args = this.words(L, as, ae);
    if (as >= ae) {
      this.errorAt(CHECK, 'HEALTHCHECK requires at least one argument', base.keywordNode);
      return inst;
    }
    let sep = as;
    while (sep < ae && !isSpaceCode(x.charCodeAt(sep))) sep++;
    let next = sep;
    while (next < ae && isSpaceCode(x.charCodeAt(next))) next++;
    const typ = x.slice(as, sep).toUpperCase();
    const cmd = this.commandArgs(L, next, ae, true);
    const typNode = this.lnode(L, as, sep);
    if (typ === 'NONE') {
      inst.mode = 'NONE';
      if (next < ae) this.errorAt(CHECK, 'HEALTHCHECK NONE takes no arguments', this.lnode(L, next, ae));
      return inst;
    }
    if (typ !== 'CMD') {
      this.errorAt(CHECK, `Unknown type ${goQuote(typ)} in HEALTHCHECK (try CMD)`, typNode);
      return inst;
    }
    inst.mode = 'CMD';
    inst.exec = cmd.args.exec;
    inst.shell = cmd.args.shell;
    inst.malformedExec = cmd.args.malformedExec;
    if (cmd.failed) return inst;
    if (next >= ae || (inst.exec && inst.exec.elements.length === 0)) {
      this.errorAt(CHECK, 'Missing command after HEALTHCHECK CMD', typNode);
      return inst;
    }
    for (const f of inst.flags) {
      if (f.name === 'interval' || f.name === 'timeout' || f.name === 'start-period' || f.name === 'start-interval') {
        if (f.value === null) {
          this.errorAt(CHECK, `missing a value on flag: ${f.name}`, f);
          continue;
        }
        if (f.value === '') continue;
        const d = parseGoDuration(f.value);
        if (typeof d === 'string') this.errorAt(CHECK, d, f.valueNode ?? f);
        else if (d < 1e6) this.errorAt(CHECK, `Interval ${goQuote(f.name)} cannot be less than 1ms`, f.valueNode ?? f);
      } else if (f.name === 'retries') {
        if (f.value === null) {
          this.errorAt(CHECK, 'missing a value on flag: retries', f);
          continue;
        }
        if (f.value === '') continue;
        if (!/^[+-]?\d+$/.test(f.value)) {
          this.errorAt(CHECK, `strconv.ParseInt: parsing ${goQuote(f.value)}: invalid syntax`, f.valueNode ?? f);
        } else {
          const r = Number(f.value);
          if (r > 2147483647 || r < -2147483648) {
            this.errorAt(CHECK, `strconv.ParseInt: parsing ${goQuote(f.value)}: value out of range`, f.valueNode ?? f);
          } else if (r < 1) this.errorAt(CHECK, `--retries must be at least 1 (not ${r})`, f.valueNode ?? f);
        }
      }
    }
    return inst;
  }

  // ---- heredocs -----------------------------------------------------------------------

  /** Heredoc markers of a logical line, as the builder's heredocsFromLine finds them. */
  private heredocMarkers(L: Logical): { delimiter: string; quoted: boolean; stripTabs: boolean; marker: Node }[] {
    const x = L.text;
    const out: { delimiter: string; quoted: boolean; stripTabs: boolean; marker: Node }[] = [];
    for (const r of builderWordRanges(x, 0, x.length, 92)) {
      const w = x.slice(r.s, r.e);
      if (!w.includes('<<')) continue;
      const h = heredocWord(w);
      if (h) out.push({ delimiter: h.delimiter, quoted: h.quoted, stripTabs: h.stripTabs, marker: this.lnode(L, r.s, r.e) });
    }
    return out;
  }

  // ---- stages -------------------------------------------------------------------------

  private assemble(): Dockerfile {
    const stages: Stage[] = [];
    const globalArgs: ArgInstruction[] = [];
    const stageNames = new Map<string, number>();
    let gscope: Map<string, string | null> | null = null;
    let noStageErrors = 0;
    for (const inst of this.instructions) {
      if (inst.kind === 'FROM') {
        const index = stages.length;
        if (!gscope) gscope = globalScopeOf(globalArgs, this.esc);
        const raw = inst.image ? inst.image.raw : '';
        const ex = inst.image ? expand(raw, gscope, this.esc) : { value: '', unresolved: [] };
        if (inst.image && ex.value === '' && ex.unresolved.length === 0) {
          this.errorAt(CHECK, `base name (${raw}) should not be blank`, inst.image);
        }
        const image = parseImageRef(raw, ex.value, ex.unresolved, stageNames);
        const name = inst.alias ? inst.alias.raw.toLowerCase() : null;
        stages.push({ index, name, from: inst, image, instructions: [] });
        if (name) stageNames.set(name, index);
        setStageIndex(inst, index);
      } else if (stages.length === 0) {
        setStageIndex(inst, -1);
        if (inst.kind === 'ARG') globalArgs.push(inst);
        else {
          noStageErrors++;
          if (!this.errored.has(inst)) this.errorAt(CHECK, 'no build stage in current context', inst.keywordNode);
        }
      } else {
        const st = stages[stages.length - 1];
        st.instructions.push(inst);
        setStageIndex(inst, st.index);
      }
    }
    if (this.instructions.length === 0) {
      this.error(CHECK, 'file with no instructions', 0, 0);
    } else if (stages.length === 0 && noStageErrors === 0) {
      this.error(CHECK, 'dockerfile contains no stages to build', 0, 0);
    }
    const errors = this.errors
      .map((e, i) => [e, i] as const)
      .sort((a, b) => a[0].span.start - b[0].span.start || a[1] - b[1])
      .map((p) => p[0]);
    return {
      source: this.source,
      directives: this.directives,
      escapeChar: this.esc === '`' ? '`' : '\\',
      comments: this.comments,
      instructions: this.instructions,
      globalArgs,
      stages,
      errors,
    };
  }
}

/** The fields every instruction kind shares; `args` is added by each kind (see parseInstruction). */
type InstructionFields = Omit<GenericInstruction, 'kind' | 'keyword' | 'exec'>;

/**
 * Words of shell-form commands are split on first read of `args`: they are
 * most of a Dockerfile's words, and rules read these instructions' shell
 * analysis instead. `args` stays an own enumerable property (spread, JSON and
 * deep equality see the words); the getter and setter are shared so every
 * such instruction keeps one fast V8 shape. The words, or the function that
 * splits them, live under a non-enumerable symbol (a WeakMap made the
 * garbage collector's work several times larger).
 */
const LAZY_ARGS = Symbol('args');
type LazyArgsHolder = { [LAZY_ARGS]: Word[] | (() => Word[]) };

function readLazyArgs(this: LazyArgsHolder): Word[] {
  const words = this[LAZY_ARGS];
  return typeof words === 'function' ? (this[LAZY_ARGS] = words()) : words;
}

function writeLazyArgs(this: LazyArgsHolder, words: Word[]): void {
  this[LAZY_ARGS] = words;
}

function defineLazyArgs(inst: object, split: () => Word[]): void {
  Object.defineProperty(inst, LAZY_ARGS, { value: split, writable: true, enumerable: false, configurable: true });
  Object.defineProperty(inst, 'args', { get: readLazyArgs, set: writeLazyArgs, enumerable: true, configurable: true });
}

function setStageIndex(inst: Instruction, index: number): void {
  inst.stageIndex = index;
  if (inst.kind === 'ONBUILD' && inst.trigger) setStageIndex(inst.trigger, index);
}

function canHaveHeredocs(inst: Instruction): boolean {
  if (inst.kind === 'RUN') return inst.exec === null;
  if (inst.kind === 'COPY' || inst.kind === 'ADD') return inst.exec === null;
  return false;
}

function needsLex(raw: string, esc: string): boolean {
  return raw.includes('$') || raw.includes('"') || raw.includes("'") || raw.includes(esc);
}

function hex4(x: string, i: number, end: number): number {
  if (i + 4 > end) return -1;
  let v = 0;
  for (let k = i; k < i + 4; k++) {
    const c = x.charCodeAt(k);
    let d: number;
    if (c >= 48 && c <= 57) d = c - 48;
    else if (c >= 65 && c <= 70) d = c - 55;
    else if (c >= 97 && c <= 102) d = c - 87;
    else return -1;
    v = v * 16 + d;
  }
  return v;
}

/** Splits [a, b) on runs of `[\t\v\f\r ]` (the builder's reWhitespace), as for FROM, COPY, EXPOSE. */
function wsSplit(x: string, a: number, b: number): Range2[] {
  const out: Range2[] = [];
  let i = a;
  while (i < b) {
    while (i < b && isReWs(x.charCodeAt(i))) i++;
    if (i >= b) break;
    const s = i;
    while (i < b && !isReWs(x.charCodeAt(i))) i++;
    out.push({ s, e: i });
  }
  return out;
}

/**
 * Word ranges as the builder's parseWords splits them: on whitespace outside
 * quotes; the escape character outside quotes (and inside double quotes) takes
 * the next character along.
 */
export function builderWordRanges(x: string, a: number, b: number, esc: number): Range2[] {
  const out: Range2[] = [];
  const SP = 0;
  const WORD = 1;
  const QUOTE = 2;
  let phase = SP;
  let ws = a;
  let len = 0;
  let blankOK = false;
  let quote = 0;
  for (let pos = a; pos <= b; pos++) {
    const ch = pos < b ? x.charCodeAt(pos) : -1;
    if (phase === SP) {
      if (pos === b) break;
      if (isSpaceCode(ch)) continue;
      phase = WORD;
      ws = pos;
      len = 0;
      blankOK = false;
    }
    if (pos === b) {
      if (blankOK || len > 0) out.push({ s: ws, e: b });
      break;
    }
    if (phase === WORD) {
      if (isSpaceCode(ch)) {
        phase = SP;
        if (blankOK || len > 0) out.push({ s: ws, e: pos });
        continue;
      }
      if (ch === 39 || ch === 34) {
        quote = ch;
        blankOK = true;
        phase = QUOTE;
      }
      if (ch === esc) {
        if (pos + 1 === b) continue;
        len++;
        pos++;
      }
      len++;
      continue;
    }
    // QUOTE
    if (ch === quote) phase = WORD;
    if (ch === esc && quote !== 39) {
      if (pos + 1 === b) {
        phase = WORD;
        continue;
      }
      pos++;
      len++;
    }
    len++;
  }
  return out;
}

/**
 * A heredoc marker word (`<<EOF`, `<<-EOF`, `<<"EOF"`, `2<<EOF`) as the
 * builder's ParseHeredoc reads it (`^(\d*)<<(-?)([^<]*)$`, the rest one word).
 */
export function heredocWord(w: string): { delimiter: string; quoted: boolean; stripTabs: boolean } | null {
  let k = 0;
  while (k < w.length && w.charCodeAt(k) >= 48 && w.charCodeAt(k) <= 57) k++;
  if (w.charCodeAt(k) !== 60 || w.charCodeAt(k + 1) !== 60) return null;
  k += 2;
  const stripTabs = w[k] === '-';
  if (stripTabs) k++;
  if (k >= w.length) return null;
  if (w.indexOf('<', k) >= 0) return null;
  const rest = w.slice(k);
  const ranges = builderWordRanges(rest, 0, rest.length, 92);
  if (ranges.length !== 1) return null;
  const name = partsValue(lexWord(rest, 0, rest.length, '\\'), rest);
  const count = (s: string) => {
    let c = 0;
    for (let i = 0; i < s.length; i++) if (s[i] === '"' || s[i] === "'") c++;
    return c;
  };
  return { delimiter: name, quoted: count(rest) !== count(name), stripTabs };
}

/**
 * Text that looks meant as an exec-form array but is not valid JSON: `[`, items
 * that are quoted strings (either quote) or bare tokens separated by commas (a
 * missing comma only between two quoted strings), an optional trailing comma,
 * `]`, and at least one quoted item. `[ -f x ]` (a shell test) does not match.
 */
function looksLikeExec(x: string, a: number, b: number): boolean {
  let i = a + 1;
  let quoted = 0;
  let needSep = false;
  let prevQuoted = false;
  for (;;) {
    while (i < b && isSpaceCode(x.charCodeAt(i))) i++;
    if (i >= b) return false;
    const c = x.charCodeAt(i);
    if (c === 93) {
      i++;
      while (i < b && isSpaceCode(x.charCodeAt(i))) i++;
      return i === b && quoted > 0;
    }
    if (c === 44) {
      i++;
      needSep = false;
      continue;
    }
    if (c === 34 || c === 39) {
      if (needSep && !prevQuoted) return false;
      i++;
      while (i < b && x.charCodeAt(i) !== c) i += x.charCodeAt(i) === 92 ? 2 : 1;
      if (i >= b) return false;
      i++;
      quoted++;
      needSep = true;
      prevQuoted = true;
      continue;
    }
    if (needSep) return false;
    while (i < b) {
      const d = x.charCodeAt(i);
      if (isSpaceCode(d) || d === 44 || d === 93 || d === 34 || d === 39) break;
      i++;
    }
    needSep = true;
    prevQuoted = false;
  }
}

function shellSource(L: Logical, as: number, ae: number): ShellSource {
  const segments: ShellSource['segments'] = [];
  for (let i = 0; i < L.pieces.length; i++) {
    const pc = L.pieces[i];
    const ps = pc.logStart;
    const pe = ps + pc.length;
    const a = Math.max(ps, as);
    const b = Math.min(pe, ae);
    if (a < b) segments.push({ textStart: a - as, fileStart: pc.fileStart + (a - ps), length: b - a });
  }
  return { text: L.text.slice(as, ae), segments };
}

function addSegment(sh: ShellSource, file: string, start: number, end: number): void {
  if (end <= start) return;
  const last = sh.segments[sh.segments.length - 1];
  const textStart = sh.text.length;
  if (last && last.fileStart + last.length === start && last.textStart + last.length === textStart) {
    last.length += end - start;
  } else sh.segments.push({ textStart, fileStart: start, length: end - start });
  sh.text += file.slice(start, end);
}

const DURATION_UNITS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  'µs': 1e3,
  'μs': 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

/** Go's time.ParseDuration: nanoseconds, or the error message. */
function parseGoDuration(orig: string): number | string {
  let s = orig;
  let neg = false;
  if (s[0] === '-' || s[0] === '+') {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') return `time: invalid duration ${goQuote(orig)}`;
  let total = 0;
  while (s !== '') {
    const m = /^(\d*)(?:\.(\d*))?/.exec(s)!;
    if ((m[1] ?? '') === '' && (m[2] ?? '') === '') return `time: invalid duration ${goQuote(orig)}`;
    s = s.slice(m[0].length);
    const u = /^[^0-9.]*/.exec(s)![0];
    if (u === '') return `time: missing unit in duration ${goQuote(orig)}`;
    const mult = DURATION_UNITS[u];
    if (mult === undefined) return `time: unknown unit ${goQuote(u)} in duration ${goQuote(orig)}`;
    total += Number((m[1] || '0') + '.' + (m[2] || '0')) * mult;
    s = s.slice(u.length);
  }
  return neg ? -total : total;
}

function emptyDockerfile(source: SourceText, message: string): Dockerfile {
  return {
    source,
    directives: [],
    escapeChar: '\\',
    comments: [],
    instructions: [],
    globalArgs: [],
    stages: [],
    errors: [{ message, span: { start: 0, end: 0 }, range: source.range(0, 0) }],
  };
}

/**
 * Parses a Dockerfile (text with any BOM removed, or the file's SourceText,
 * whose line index is then not built again). Never throws: what the builder
 * would reject is reported in `errors`, each with a range.
 */
export function parseDockerfile(text: string | SourceText): Dockerfile {
  let source: SourceText;
  try {
    source = text instanceof SourceText ? text : new SourceText(typeof text === 'string' ? text : String(text ?? ''));
  } catch (e) {
    source = new SourceText('');
    return emptyDockerfile(source, `internal parser error: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    return new Parser(source).parse();
  } catch (e) {
    return emptyDockerfile(source, `internal parser error: ${e instanceof Error ? e.message : String(e)}`);
  }
}
