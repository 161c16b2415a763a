/**
 * Variable references inside Dockerfile words, their expansion, and the
 * ARG/ENV scope visible at an instruction.
 *
 * The lexer follows the builder's shell lexer (moby/buildkit
 * frontend/dockerfile/shell/lex.go): single quotes are literal, double quotes
 * allow `$` and escape only `"`, `$` and the escape character, the escape
 * character outside quotes takes the next character literally, and `$NAME`,
 * `${NAME}`, `${NAME:-w}`, `${NAME-w}`, `${NAME:+w}`, `${NAME+w}`,
 * `${NAME:?w}`, `${NAME?w}`, `${NAME#p}`, `${NAME##p}`, `${NAME%p}`,
 * `${NAME%%p}`, `${NAME/p/r}` and `${NAME//p/r}` are references. A malformed
 * reference (`${}`, `${X`, `${X!}`) is kept as literal text.
 */
import type { ArgInstruction, Dockerfile, Instruction, KeyValue, Stage } from './ast.js';

/** A variable reference found by the lexer; offsets index the lexed string. */
export interface VarNode {
  start: number;
  end: number;
  name: string;
  operator: string | null;
  /** The operand as written (for `/` and `//`: `pattern/replacement`). */
  operand: string | null;
  braced: boolean;
  /** The operand lexed (for `/` and `//`: the pattern). */
  word: Part[] | null;
  /** For `/` and `//`: the replacement lexed. */
  replacement: Part[] | null;
}

/** A lexed word: literal text (quotes and escapes already removed) and references. */
export type Part = string | VarNode;

/** Build args the builder defines itself: known in FROM lines, valueless here (null). */
export const PREDEFINED_ARGS: readonly string[] = [
  'TARGETPLATFORM',
  'TARGETOS',
  'TARGETARCH',
  'TARGETVARIANT',
  'BUILDPLATFORM',
  'BUILDOS',
  'BUILDARCH',
  'BUILDVARIANT',
];
const PREDEFINED = new Set(PREDEFINED_ARGS);

const C_DOLLAR = 36;
const C_SQUOTE = 39;
const C_DQUOTE = 34;
const C_LBRACE = 123;
const C_RBRACE = 125;

/** Go's unicode.IsSpace. */
export function isSpaceCode(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0x85) return false;
  return (
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

const LETTER_RE = /\p{L}/u;
const DIGIT_RE = /\p{Nd}/u;

function isDigitCode(c: number, s: string, i: number): boolean {
  if (c >= 48 && c <= 57) return true;
  if (c < 128) return false;
  return DIGIT_RE.test(String.fromCodePoint(s.codePointAt(i) ?? c));
}
function isLetterCode(c: number, s: string, i: number): boolean {
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return true;
  if (c < 128) return false;
  return LETTER_RE.test(String.fromCodePoint(s.codePointAt(i) ?? c));
}
function isSpecialParam(c: number): boolean {
  // @ * # ? - $ ! 0
  return c === 64 || c === 42 || c === 35 || c === 63 || c === 45 || c === 36 || c === 33 || c === 48;
}

class Lexer {
  i: number;
  constructor(
    readonly s: string,
    start: number,
    readonly end: number,
    readonly esc: number,
  ) {
    this.i = start;
  }

  /** Reads a word up to one of `stops` (consumed; returns true) or the end (false). */
  seq(stops: string, rawEscapes: boolean, parts: Part[]): boolean {
    const s = this.s;
    const end = this.end;
    const esc = this.esc;
    let lit = '';
    let litStart = this.i;
    while (this.i < end) {
      const c = s.charCodeAt(this.i);
      if (stops.length > 0 && stops.indexOf(s[this.i]) >= 0) {
        if (this.i > litStart) lit += s.slice(litStart, this.i);
        this.i++;
        if (lit) parts.push(lit);
        return true;
      }
      if (c === C_DOLLAR) {
        if (this.i > litStart) lit += s.slice(litStart, this.i);
        const v = this.dollar();
        if (typeof v === 'string') lit += v;
        else {
          if (lit) parts.push(lit);
          lit = '';
          parts.push(v);
        }
        litStart = this.i;
        continue;
      }
      if (c === C_SQUOTE) {
        if (this.i > litStart) lit += s.slice(litStart, this.i);
        let j = this.i + 1;
        while (j < end && s.charCodeAt(j) !== C_SQUOTE) j++;
        lit += s.slice(this.i + 1, j);
        this.i = j < end ? j + 1 : end;
        litStart = this.i;
        continue;
      }
      if (c === C_DQUOTE) {
        if (this.i > litStart) lit += s.slice(litStart, this.i);
        lit = this.doubleQuoted(parts, lit);
        litStart = this.i;
        continue;
      }
      if (c === esc) {
        if (this.i > litStart) lit += s.slice(litStart, this.i);
        if (rawEscapes) lit += s[this.i];
        this.i++;
        if (this.i >= end) {
          litStart = this.i;
          break;
        }
        lit += s[this.i];
        this.i++;
        litStart = this.i;
        continue;
      }
      this.i++;
    }
    if (this.i > litStart) lit += s.slice(litStart, this.i);
    if (lit) parts.push(lit);
    return false;
  }

  /** At `"`: reads to the closing quote. Returns the pending literal text. */
  private doubleQuoted(parts: Part[], lit: string): string {
    const s = this.s;
    const end = this.end;
    const esc = this.esc;
    this.i++;
    while (this.i < end) {
      const c = s.charCodeAt(this.i);
      if (c === C_DQUOTE) {
        this.i++;
        return lit;
      }
      if (c === C_DOLLAR) {
        const v = this.dollar();
        if (typeof v === 'string') lit += v;
        else {
          if (lit) parts.push(lit);
          lit = '';
          parts.push(v);
        }
        continue;
      }
      this.i++;
      if (c === esc) {
        if (this.i >= end) break;
        const n = s.charCodeAt(this.i);
        if (n === C_DQUOTE || n === C_DOLLAR || n === esc) {
          lit += s[this.i];
          this.i++;
          continue;
        }
      }
      lit += s[this.i - 1];
    }
    return lit;
  }

  private name(): string {
    const s = this.s;
    const end = this.end;
    const start = this.i;
    if (this.i >= end) return '';
    const c0 = s.charCodeAt(this.i);
    if (isDigitCode(c0, s, this.i)) {
      while (this.i < end && isDigitCode(s.charCodeAt(this.i), s, this.i)) this.i++;
      return s.slice(start, this.i);
    }
    if (isSpecialParam(c0)) {
      this.i++;
      return s[start];
    }
    while (this.i < end) {
      const c = s.charCodeAt(this.i);
      if (c === 95 || isLetterCode(c, s, this.i) || isDigitCode(c, s, this.i)) {
        // Surrogate pairs: step over both halves.
        this.i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
      } else break;
    }
    return s.slice(start, this.i);
  }

  /** At `$`: a reference, or literal text when it is not a (well-formed) one. */
  private dollar(): VarNode | string {
    const s = this.s;
    const end = this.end;
    const start = this.i;
    this.i++;
    if (this.i >= end || s.charCodeAt(this.i) !== C_LBRACE) {
      const name = this.name();
      if (name === '') return '$';
      return { start, end: this.i, name, operator: null, operand: null, braced: false, word: null, replacement: null };
    }
    this.i++;
    const bad = (): string => s.slice(start, this.i);
    if (this.i >= end) return bad();
    const c0 = s.charCodeAt(this.i);
    if (c0 === C_LBRACE || c0 === C_RBRACE || c0 === 58 /* : */) return bad();
    const name = this.name();
    if (this.i >= end) return bad();
    const ch = s[this.i];
    this.i++;
    const node = (operator: string | null, opStart: number, word: Part[] | null, replacement: Part[] | null): VarNode => ({
      start,
      end: this.i,
      name,
      operator,
      operand: operator === null ? null : s.slice(opStart, this.i - 1),
      braced: true,
      word,
      replacement,
    });
    if (name === '') return bad();
    switch (ch) {
      case '}':
        return node(null, this.i, null, null);
      case ':': {
        if (this.i >= end) return bad();
        const mod = s[this.i];
        if (mod !== '-' && mod !== '+' && mod !== '?') return bad();
        this.i++;
        const opStart = this.i;
        const word: Part[] = [];
        if (!this.seq('}', false, word)) return bad();
        return node(':' + mod, opStart, word, null);
      }
      case '-':
      case '+':
      case '?': {
        const opStart = this.i;
        const word: Part[] = [];
        if (!this.seq('}', false, word)) return bad();
        return node(ch, opStart, word, null);
      }
      case '#':
      case '%': {
        let op = ch;
        if (this.i < end && s[this.i] === ch) {
          op += ch;
          this.i++;
        }
        const opStart = this.i;
        const word: Part[] = [];
        if (!this.seq('}', true, word)) return bad();
        return node(op, opStart, word, null);
      }
      case '/': {
        let op = '/';
        if (this.i < end && s[this.i] === '/') {
          op = '//';
          this.i++;
        }
        const opStart = this.i;
        const pattern: Part[] = [];
        if (!this.seq('/', false, pattern)) return bad();
        const replacement: Part[] = [];
        if (!this.seq('}', false, replacement)) return bad();
        return node(op, opStart, pattern, replacement);
      }
      default:
        return bad();
    }
  }
}

/**
 * Lexes `text[start, end)` as one word (no splitting on whitespace), the way the
 * builder's ProcessWord reads it. Offsets in the result index `text`.
 */
export function lexWord(text: string, start = 0, end = text.length, escapeChar = '\\'): Part[] {
  const parts: Part[] = [];
  const lx = new Lexer(text, start, end, escapeChar.charCodeAt(0));
  lx.seq('', false, parts);
  return parts;
}

/** The word with quotes and escapes removed and references left as written. */
export function partsValue(parts: Part[], text: string): string {
  let out = '';
  for (const p of parts) out += typeof p === 'string' ? p : text.slice(p.start, p.end);
  return out;
}

/** All references of a lexed word, outer before nested (operands), in text order. */
export function partsVariables(parts: Part[], out: VarNode[] = []): VarNode[] {
  for (const p of parts) {
    if (typeof p === 'string') continue;
    out.push(p);
    if (p.word) partsVariables(p.word, out);
    if (p.replacement) partsVariables(p.replacement, out);
  }
  return out;
}

/** References in `text` (a single word), with offsets into `text`. */
export function findVariables(text: string, escapeChar = '\\'): VarNode[] {
  if (text.indexOf('$') < 0) return [];
  return partsVariables(lexWord(text, 0, text.length, escapeChar));
}

// ---------------------------------------------------------------------------
// Expansion

/**
 * Expands a word as the builder does for FROM, ENV, ARG, LABEL, COPY… (quotes
 * and escapes removed, references replaced). A name that is missing from the
 * scope or has a null value is unset: it expands to '' (or per its operator)
 * and is listed in `unresolved`, because its value cannot be known here.
 * `${X:?msg}` on an unset name expands to '' instead of failing.
 */
export function expand(
  text: string,
  scope: Map<string, string | null>,
  escapeChar: string = '\\',
): { value: string; unresolved: string[] } {
  const unresolved: string[] = [];
  if (text.indexOf('$') < 0 && text.indexOf('"') < 0 && text.indexOf("'") < 0 && text.indexOf(escapeChar) < 0) {
    return { value: text, unresolved };
  }
  const parts = lexWord(text, 0, text.length, escapeChar);
  const value = evalParts(parts, scope, unresolved);
  return { value, unresolved };
}

function evalParts(parts: Part[], scope: Map<string, string | null>, unresolved: string[]): string {
  let out = '';
  for (const p of parts) out += typeof p === 'string' ? p : evalVar(p, scope, unresolved);
  return out;
}

function evalVar(v: VarNode, scope: Map<string, string | null>, unresolved: string[]): string {
  const raw = scope.get(v.name);
  const set = typeof raw === 'string';
  if (!set && !unresolved.includes(v.name)) unresolved.push(v.name);
  const value = set ? raw : '';
  const word = (): string => (v.word ? evalParts(v.word, scope, unresolved) : '');
  switch (v.operator) {
    case null:
      return value;
    case ':-':
      return value === '' ? word() : value;
    case '-':
      return set ? value : word();
    case ':+':
      return value !== '' ? word() : '';
    case '+':
      return set ? word() : '';
    case ':?':
    case '?':
      return value;
    case '#':
    case '##':
      return trimPrefix(word(), value, v.operator === '##');
    case '%':
    case '%%':
      return trimSuffix(word(), value, v.operator === '%%');
    case '/':
    case '//': {
      const pattern = word();
      const repl = v.replacement ? evalParts(v.replacement, scope, unresolved) : '';
      return replacePattern(value, pattern, repl, v.operator === '//');
    }
    default:
      return value;
  }
}

/** A shell glob as a regular expression source (`*` greedy or lazy). */
function globToRegex(pattern: string, greedy: boolean): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') out += greedy ? '[\\s\\S]*' : '[\\s\\S]*?';
    else if (c === '?') out += '[\\s\\S]';
    else if (c === '\\' && i + 1 < pattern.length) {
      i++;
      out += escapeRegex(pattern[i]);
    } else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close < 0) {
        out += '\\[';
        continue;
      }
      let body = pattern.slice(i + 1, close);
      let neg = '';
      if (body[0] === '!' || body[0] === '^') {
        neg = '^';
        body = body.slice(1);
      }
      out += '[' + neg + body.replace(/[\\\]\[]/g, (m) => '\\' + m) + ']';
      i = close;
    } else out += escapeRegex(c);
  }
  return out;
}

function escapeRegex(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? '\\' + c : c;
}

function compile(source: string): RegExp | null {
  try {
    return new RegExp(source);
  } catch {
    return null;
  }
}

function trimPrefix(pattern: string, value: string, greedy: boolean): string {
  const re = compile('^(?:' + globToRegex(pattern, greedy) + ')');
  if (!re) return value;
  const m = re.exec(value);
  return m ? value.slice(m[0].length) : value;
}

function trimSuffix(pattern: string, value: string, greedy: boolean): string {
  const re = compile('^(?:' + globToRegex(pattern, true) + ')$');
  if (!re) return value;
  const n = value.length;
  if (greedy) {
    for (let k = 0; k <= n; k++) if (re.test(value.slice(k))) return value.slice(0, k);
  } else {
    for (let k = n; k >= 0; k--) if (re.test(value.slice(k))) return value.slice(0, k);
  }
  return value;
}

function replacePattern(value: string, pattern: string, repl: string, all: boolean): string {
  const re = compile(globToRegex(pattern, true));
  if (!re) return value;
  if (!all) {
    const m = re.exec(value);
    if (!m) return value;
    return value.slice(0, m.index) + repl + value.slice(m.index + m[0].length);
  }
  let out = '';
  let last = 0;
  const g = new RegExp(re.source, 'g');
  let m: RegExpExecArray | null;
  while ((m = g.exec(value)) !== null) {
    out += value.slice(last, m.index) + repl;
    last = m.index + m[0].length;
    if (m[0].length === 0) {
      if (g.lastIndex < value.length) out += value[g.lastIndex];
      g.lastIndex++;
      last = g.lastIndex;
      if (last > value.length) break;
    }
  }
  return out + value.slice(Math.min(last, value.length));
}

// ---------------------------------------------------------------------------
// Scope

interface ScopeState {
  vars: Map<string, string | null>;
  /** Names set by ENV (ENV wins over ARG of the same name). */
  env: Set<string>;
}

interface ScopeCache {
  global: Map<string, string | null>;
  /** Scope visible at each instruction. */
  at: Map<Instruction, Map<string, string | null>>;
  /** Scope at the end of each stage. */
  stageEnd: ScopeState[];
}

const cache = new WeakMap<Dockerfile, ScopeCache>();

function pairName(kv: KeyValue, scope: Map<string, string | null>, esc: string): string {
  if (kv.key.variables.length === 0) return kv.key.value;
  return expand(kv.key.raw, scope, esc).value;
}

function valueOf(word: KeyValue['value'], scope: Map<string, string | null>, esc: string): string | null {
  if (!word) return null;
  const r = expand(word.raw, scope, esc);
  return r.unresolved.length > 0 ? null : r.value;
}

/**
 * The scope of FROM lines: the predefined args (null) and the given global ARGs,
 * each default expanded with the ARGs before it. `at` receives the scope seen by
 * each ARG instruction.
 */
export function globalScopeOf(
  args: readonly ArgInstruction[],
  escapeChar: string = '\\',
  at?: Map<Instruction, Map<string, string | null>>,
): Map<string, string | null> {
  const scope = new Map<string, string | null>();
  for (const name of PREDEFINED_ARGS) scope.set(name, null);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const before = copyMap(scope);
    if (at) at.set(arg, before);
    for (const kv of arg.pairs) {
      const name = pairName(kv, before, escapeChar);
      if (!name) continue;
      scope.set(name, PREDEFINED.has(name) ? null : valueOf(kv.value, before, escapeChar));
    }
  }
  return scope;
}

/**
 * A copy of a map. `new Map(map)` goes through the iteration protocol, which until V8
 * optimizes the caller allocates an entry array and a result object per entry.
 */
function copyMap<K, V>(map: ReadonlyMap<K, V>): Map<K, V> {
  const copy = new Map<K, V>();
  map.forEach((value, key) => copy.set(key, value));
  return copy;
}

function build(df: Dockerfile): ScopeCache {
  const at = new Map<Instruction, Map<string, string | null>>();
  const global = globalScopeOf(df.globalArgs, df.escapeChar, at);
  const stageEnd: ScopeState[] = [];
  const esc = df.escapeChar;
  for (const inst of df.instructions) {
    if (inst.stageIndex < 0 && !at.has(inst)) at.set(inst, global);
  }
  df.stages.forEach((stage: Stage, si: number) => {
    at.set(stage.from, global);
    let st: ScopeState;
    const ref = stage.image.stageRef;
    if (ref !== null && ref >= 0 && ref < si && stageEnd[ref]) {
      st = { vars: copyMap(stageEnd[ref].vars), env: new Set(stageEnd[ref].env) };
    } else st = { vars: new Map(), env: new Set() };
    // The scope before each instruction, shared by the instructions between two ARG/ENV (never
    // mutated: scopeAt hands out copies).
    let before = copyMap(st.vars);
    for (let i = 0; i < stage.instructions.length; i++) {
      const inst = stage.instructions[i];
      at.set(inst, before);
      setTrigger(inst, before, at);
      if (inst.kind !== 'ARG' && inst.kind !== 'ENV') continue;
      if (inst.kind === 'ARG') {
        for (const kv of inst.pairs) {
          const name = pairName(kv, before, esc);
          if (!name || st.env.has(name)) continue;
          let v: string | null;
          if (PREDEFINED.has(name)) v = null;
          else if (kv.value) v = valueOf(kv.value, before, esc);
          else if (global.has(name)) v = global.get(name) ?? null;
          else if (st.vars.has(name)) continue; // `ARG A=1` then `ARG A` keeps 1
          else v = null;
          st.vars.set(name, v);
        }
      } else if (inst.kind === 'ENV') {
        for (const kv of inst.pairs) {
          const name = pairName(kv, before, esc);
          if (!name) continue;
          st.vars.set(name, kv.value ? valueOf(kv.value, before, esc) : '');
          st.env.add(name);
        }
      }
      before = copyMap(st.vars);
    }
    stageEnd[si] = st;
  });
  return { global, at, stageEnd };
}

function setTrigger(inst: Instruction, scope: Map<string, string | null>, at: Map<Instruction, Map<string, string | null>>) {
  let cur: Instruction = inst;
  while (cur.kind === 'ONBUILD' && cur.trigger) {
    at.set(cur.trigger, scope);
    cur = cur.trigger;
  }
}

/**
 * The ARG and ENV names visible at an instruction, with their values (null when
 * the value cannot be known: no default, a predefined platform arg, or a value
 * built from such a name). The scope is the one the builder uses to expand the
 * instruction's words, i.e. before the instruction takes effect:
 * - FROM lines and global ARGs see the predefined args and the global ARGs (before them);
 * - in a stage, a global ARG is visible only after `ARG NAME` redeclares it;
 * - ARG and ENV take effect for the next instructions; ENV wins over ARG;
 * - a stage `FROM <earlier stage>` starts with that stage's ARG/ENV values;
 * - an ONBUILD trigger gets the scope of its ONBUILD.
 */
export function scopeAt(df: Dockerfile, instruction: Instruction): Map<string, string | null> {
  let c = cache.get(df);
  if (!c) {
    c = build(df);
    cache.set(df, c);
  }
  const s = c.at.get(instruction);
  return copyMap(s ?? c.global);
}

/** The scope the builder uses for FROM lines: predefined args and all global ARGs. */
export function globalArgScope(df: Dockerfile): Map<string, string | null> {
  return globalScopeOf(df.globalArgs, df.escapeChar);
}
