/**
 * Syntax trees of shell scripts, as plain data in tree-sitter-bash's shape.
 *
 * Two parsers produce them:
 * - `commonShellTree` is our own recursive-descent parser for the shell that
 *   most RUN lines are made of: simple commands with assignments, words,
 *   quotes, `$VAR`, `${VAR}` and `$(…)`, redirects, pipes, `&&`/`||` lists and
 *   `;`/`&`/newline separators. It builds exactly the tree tree-sitter-bash
 *   builds (quirks included: see `parseString`), and gives up with `null` on
 *   anything else. It exists because tree-sitter costs most of shell analysis
 *   — a WebAssembly parse plus a cursor walk to copy each tree — on the
 *   scripts that least need it (docs/performance.md, "Fourth round").
 * - tree-sitter-bash (WebAssembly, loaded lazily by `loadShellParser()`)
 *   parses everything else, including scripts with syntax errors.
 *
 * test/shell-syntax.test.ts holds the first to the second on every script of
 * the corpus it accepts.
 */
import { createRequire } from 'node:module';
import type { Language as TSLanguage, Parser as TSParser, Tree as TSTree } from 'web-tree-sitter';

/**
 * A syntax node as plain JS. Each read of a web-tree-sitter `Node` property
 * is a call into WebAssembly (and `children` allocates new wrappers every
 * time); the extractor reads most nodes several times, so trees are copied
 * once, in one cursor walk, and read from JS.
 */
export interface SyntaxNode {
  type: string;
  isNamed: boolean;
  isMissing: boolean;
  /** The node is an ERROR or MISSING node, or contains one. */
  hasError: boolean;
  /** Offsets into the script text. */
  startIndex: number;
  endIndex: number;
  children: SyntaxNode[];
  /** The node's field name in its parent, recorded only where the extractor asks for it. */
  field: string | null;
}

/** The children of every leaf (most nodes): one shared array, never written to. */
const NO_CHILDREN: SyntaxNode[] = [];

// ---------------------------------------------------------------------------
// tree-sitter-bash

let loading: Promise<void> | null = null;
let parser: TSParser | null = null;
let bashLanguage: TSLanguage | null = null;

/**
 * Loads web-tree-sitter and the bash grammar once. Call before `analyzeShell`;
 * concurrent and repeated calls share the same load.
 */
export function loadShellParser(): Promise<void> {
  if (!loading) {
    loading = (async () => {
      const ts = await import('web-tree-sitter');
      await ts.Parser.init();
      const require = createRequire(import.meta.url);
      const wasmPath = require.resolve('tree-sitter-bash/tree-sitter-bash.wasm');
      const language: TSLanguage = await ts.Language.load(wasmPath);
      const instance = new ts.Parser();
      instance.setLanguage(language);
      bashLanguage = language;
      parser = instance;
    })();
    loading.catch(() => {
      loading = null;
    });
  }
  return loading;
}

export function shellParserReady(): boolean {
  return parser !== null;
}

/** Parents whose children's field names are read (`childForField`). */
const FIELD_PARENTS = new Set(['function_definition', 'subscript']);
const typeIsNamed: boolean[] = [];

function copyTree(tree: TSTree, language: TSLanguage): SyntaxNode {
  const types = language.types;
  const fields = language.fields;
  const hasAnyError = tree.rootNode.hasError;
  const cursor = tree.walk();
  const read = (parent: SyntaxNode | null): SyntaxNode => {
    const typeId = cursor.nodeTypeId;
    let named = typeIsNamed[typeId];
    if (named === undefined) named = typeIsNamed[typeId] = language.nodeTypeIsNamed(typeId);
    const type = types[typeId] || 'ERROR';
    const isMissing = hasAnyError && cursor.nodeIsMissing;
    return {
      type,
      isNamed: named,
      isMissing,
      hasError: isMissing || type === 'ERROR',
      startIndex: cursor.startIndex,
      endIndex: cursor.endIndex,
      children: NO_CHILDREN,
      field: parent !== null && FIELD_PARENTS.has(parent.type) ? fields[cursor.currentFieldId] ?? null : null,
    };
  };
  try {
    const root = read(null);
    const stack: SyntaxNode[] = [root];
    let atChild = cursor.gotoFirstChild();
    while (stack.length > 0) {
      if (atChild) {
        const parent = stack[stack.length - 1];
        const node = read(parent);
        if (parent.children === NO_CHILDREN) parent.children = [node];
        else parent.children.push(node);
        if (node.hasError) for (let i = stack.length - 1; i >= 0 && !stack[i].hasError; i--) stack[i].hasError = true;
        if (cursor.gotoFirstChild()) {
          stack.push(node);
          continue;
        }
        atChild = cursor.gotoNextSibling();
        if (atChild) continue;
      }
      stack.pop();
      if (stack.length === 0) break;
      cursor.gotoParent();
      atChild = cursor.gotoNextSibling();
    }
    return root;
  } finally {
    cursor.delete();
  }
}

/** A script needed tree-sitter-bash before `loadShellParser()` completed. */
export class ShellParserNotLoaded extends Error {
  constructor() {
    super('drydock: the shell parser is not loaded; await loadShellParser() before analyzeShell()');
  }
}

/** tree-sitter-bash's tree of a script. `loadShellParser()` must have completed. */
export function treeSitterTree(text: string): SyntaxNode {
  if (!parser || !bashLanguage) throw new ShellParserNotLoaded();
  const tree = parser.parse(text);
  if (!tree) throw new Error('drydock: tree-sitter failed to parse a shell script');
  try {
    return copyTree(tree, bashLanguage);
  } finally {
    tree.delete();
  }
}

/**
 * Trees by script text. Real Dockerfiles repeat their RUN scripts (variants
 * of one image, ONBUILD copies), and a tree holds no file offsets, so one
 * parse serves every identical script. Bounded by the text it holds (a tree
 * takes about 25 bytes per character, so at most ~12 MB): cleared when full.
 */
const treeCache = new Map<string, SyntaxNode>();
const TREE_CACHE_CHARS = 500_000;
let treeCacheChars = 0;

/** The tree of a script: ours when the script is common shell, tree-sitter's otherwise. */
export function syntaxTree(text: string): SyntaxNode {
  const cached = treeCache.get(text);
  if (cached) return cached;
  const root = commonShellTree(text) ?? treeSitterTree(text);
  if (treeCacheChars + text.length > TREE_CACHE_CHARS) {
    treeCache.clear();
    treeCacheChars = 0;
  }
  treeCache.set(text, root);
  treeCacheChars += text.length;
  return root;
}

// ---------------------------------------------------------------------------
// Common shell

/** Thrown inside the parser when the script leaves the common subset; never escapes. */
const NOT_COMMON = new Error('not common shell');

/** Words that start compound commands or are parsed as other statements by tree-sitter-bash. */
const RESERVED = new Set([
  'if', 'then', 'elif', 'else', 'fi', 'for', 'select', 'while', 'until', 'do', 'done', 'case', 'esac', 'in',
  'function', 'declare', 'typeset', 'export', 'readonly', 'local', 'unset', 'unsetenv', '!', '[', '[[', ']]', '{', '}',
]);

// Character classes, by char code.
const WORD_END = new Uint8Array(128);
for (const c of '\'"<>{}[]()`$|&;\\ \t\n\r\v\f') WORD_END[c.charCodeAt(0)] = 1;
const DECLARATIONS = new Set(['export', 'local', 'declare', 'typeset', 'readonly']);
const THEN = new Set(['then']);
const AFTER_THEN = new Set(['elif', 'else', 'fi']);
const FI = new Set(['fi']);
const DO = new Set(['do']);
const ESAC = new Set(['esac']);
const CLOSE_BRACE = new Set(['}']);
const CASE_PATTERN_CHAR = /[A-Za-z0-9_.*?-]/;
const DONE = new Set(['done']);
const BINARY_TEST_OPERATORS = new Set(['-eq', '-ne', '-lt', '-le', '-gt', '-ge', '-nt', '-ot', '-ef']);
/** Patterns of `${NAME#P}` and the like that tree-sitter-bash makes one `regex` node of. */
const EXPANSION_PATTERN = /^[A-Za-z0-9_.*?+\-[\]/:@,]+$/;
/** Defaults of `${NAME:-W}` and the like that are one `word` node. */
const EXPANSION_DEFAULT = /^[A-Za-z_./][A-Za-z0-9_./:@+,=-]*$/;
/** A command name that tree-sitter-bash's scanner may read as a variable name (see `command`). */
const VARIABLE_NAME_LIKE = /[-_0-9*@?!]|[A-Za-z0-9_]+[:%#@?+]/y;
const BLANK_TO_END = /\s*$/y;
/** ASCII characters that neither end a word nor need a closer look (see WORD_END). */
const PLAIN_WORD_RUN = /[!#%*+,\-./0-9:=?@A-Z^_a-z~]+/y;
/** Characters of a double-quoted string's content that need no closer look. */
const STRING_CONTENT_RUN = /[^"`$\\\r\n]+/y;
const ASSIGNMENT_LIKE = /[A-Za-z0-9_]+(?:[=[:%#@?]|\+=)/y;
const CONTINUATION_AHEAD = /[ \t]*\\\n/y;
const DESCRIPTOR_AFTER_BLANKS = /(?:[ \t]|\\\n)*[0-9]+[<>]/y;
const SPECIAL_WORD = /[[\]{}]/;
const SPECIAL_AFTER_BLANKS = /(?:[ \t]|\\\n)*[[\]{}]/y;
const NUMBER = /^-?(?:0x)?[0-9]+(?:#[0-9A-Za-z@_]+)?$/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const SPECIAL_VARIABLES = '*@?!#-$';

/** Whether the sticky pattern `re` matches at `at` in `text`. */
function matchesAt(re: RegExp, text: string, at: number): boolean {
  re.lastIndex = at;
  return re.test(text);
}

/** Where a match of the sticky pattern `re` at `at` ends (`at` when there is none). */
function runEnd(re: RegExp, text: string, at: number): number {
  re.lastIndex = at;
  return re.test(text) ? re.lastIndex : at;
}

const isAlpha = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
const isAlnum = (c: string): boolean => isAlpha(c) || (c >= '0' && c <= '9');

/**
 * Where tree-sitter-bash's external scanner ends an `extglob_pattern` that
 * starts at `start`, or -1 when it declines and the pattern is lexed as a
 * word. A port of the EXTGLOB_PATTERN branch of its scanner.c for patterns
 * of letters, digits and `_ . * ? -` followed by `|` or `)` and a blank
 * (the only ones `casePattern` passes): the branches for quotes, `$`,
 * backslashes and brackets are left out.
 */
function extglobPatternEnd(text: string, start: number): number {
  // The scanner's `mark_end` always falls where the cursor is for these patterns: the end is `i`.
  let i = start;
  const at = (): string => (i < text.length ? text[i] : '\0');
  const wasNonAlpha = !isAlpha(at());
  i++;
  if (at() === '-') {
    i++;
    while (isAlnum(at())) i++;
    if (at() === ')' || at() === '\\' || at() === '.') return -1;
  }
  // `casePattern` passes only patterns whose `)` is followed by a blank.
  if (at() === ')') return wasNonAlpha ? i : -1;
  if (at() === '|') return i;
  if (!isAlnum(at()) && at() !== '?' && at() !== '/' && at() !== '_' && at() !== '*') return -1;
  let sawNonAlphaDot = wasNonAlpha;
  for (;;) {
    const c = at();
    if (c === '\0') return -1;
    if (c === ')') break;
    if (c === '|') return i;
    if (!isAlpha(c) && c !== '.') sawNonAlphaDot = true;
    i++;
  }
  return sawNonAlphaDot ? i : -1;
}

function node(type: string, startIndex: number, endIndex: number, children: SyntaxNode[] = NO_CHILDREN): SyntaxNode {
  return { type, isNamed: true, isMissing: false, hasError: false, startIndex, endIndex, children, field: null };
}

function token(type: string, startIndex: number, endIndex: number): SyntaxNode {
  return { type, isNamed: false, isMissing: false, hasError: false, startIndex, endIndex, children: NO_CHILDREN, field: null };
}

function parent(type: string, children: SyntaxNode[]): SyntaxNode {
  return node(type, children[0].startIndex, children[children.length - 1].endIndex, children);
}

/**
 * tree-sitter-bash's tree of `text` when the script is common shell (see the
 * module comment), or null.
 */
export function commonShellTree(text: string): SyntaxNode | null {
  try {
    return new CommonShellParser(text).program();
  } catch (error) {
    if (error === NOT_COMMON) return null;
    // A script nested thousands of levels deep: tree-sitter copes.
    if (error instanceof RangeError) return null;
    throw error;
  }
}

class CommonShellParser {
  private pos = 0;
  /** Inside `…` (which cannot nest without escapes): a backquote closes. */
  private inBackquotes = false;

  constructor(private readonly text: string) {}

  program(): SyntaxNode {
    const children = this.statements(-1, null);
    if (this.pos < this.text.length) throw NOT_COMMON;
    const start = children.length > 0 ? children[0].startIndex : this.text.length;
    return node('program', start, this.text.length, children);
  }

  private code(at = this.pos): number {
    return at < this.text.length ? this.text.charCodeAt(at) : -1;
  }

  /** Skips spaces, tabs and line continuations (tree-sitter's extras), not newlines. */
  private blank(): void {
    const text = this.text;
    for (;;) {
      const c = text.charCodeAt(this.pos);
      if (c === 32 || c === 9) this.pos++;
      else if (c === 92 && text.charCodeAt(this.pos + 1) === 10) {
        this.pos += 2;
        // A script that ends in a line continuation is an error to tree-sitter-bash.
        if (matchesAt(BLANK_TO_END, text, this.pos)) throw NOT_COMMON;
      }
      else if (c === 92 && (text.charCodeAt(this.pos + 1) === 32 || text.charCodeAt(this.pos + 1) === 9)) throw NOT_COMMON;
      else if (c === 13 || c === 11 || c === 12) throw NOT_COMMON;
      else return;
    }
  }

  /**
   * Statements and their terminators (newlines have no node), up to the end of
   * the script, the `)` of a command substitution, or one of `closers` — the
   * keywords that end a compound command's part (`then`, `fi`, `done`…). A
   * statement before a closer needs a terminator, as in the shell.
   */
  private statements(close: number, closers: ReadonlySet<string> | null, inCaseItem = false): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    const text = this.text;
    let newlineEnd = -1;
    const done = (): SyntaxNode[] => {
      this.lastNewlineEnd = newlineEnd;
      return out;
    };
    for (;;) {
      this.blank();
      while (this.code() === 10) {
        this.pos++;
        // A line continuation right after a newline undoes it as a terminator in tree-sitter-bash.
        if (matchesAt(CONTINUATION_AHEAD, text, this.pos)) throw NOT_COMMON;
        this.blank();
      }
      const c = this.code();
      if (c === -1) {
        if (close !== -1 || closers) throw NOT_COMMON;
        return done();
      }
      if (c === close) {
        if (closers) throw NOT_COMMON;
        return done();
      }
      if (c === 35 /* # */) {
        // Inside compound commands, comments attach to nodes in ways not worth copying.
        if (close !== -1 || closers) throw NOT_COMMON;
        const end = text.indexOf('\n', this.pos);
        const stop = end === -1 ? text.length : end;
        out.push(node('comment', this.pos, stop));
        this.pos = stop;
        continue;
      }
      if (closers) {
        const keyword = this.keywordAt();
        if (keyword !== null && closers.has(keyword)) return done();
      }
      if (inCaseItem && c === 59 && this.code(this.pos + 1) === 59) return done();
      // A newline before `\(` becomes part of that word in tree-sitter-bash's tree.
      if (c === 92) throw NOT_COMMON;
      out.push(this.chain(close));
      newlineEnd = -1;
      this.blank();
      const t = this.code();
      if (t === 59 /* ; */) {
        const next = this.code(this.pos + 1);
        if (inCaseItem && next === 59 && this.code(this.pos + 2) !== 38) return done(); // the item's `;;`
        if (next === 59 || next === 38) throw NOT_COMMON; // ;; ;& outside a case item
        out.push(token(';', this.pos, this.pos + 1));
        this.pos++;
      } else if (t === 38 /* & */) {
        out.push(token('&', this.pos, this.pos + 1));
        this.pos++;
      } else if (t === 10) {
        // A newline terminator has no node, but the clause that ends with it covers it.
        newlineEnd = this.pos + 1;
      } else if (t !== -1 && t !== close) {
        throw NOT_COMMON;
      }
    }
  }

  /** Where the newline that ended the last `statements()` list ends, or -1. */
  private lastNewlineEnd = -1;

  /** A clause node (`elif`, `else`, a case item) that covers the newline ending its last statement. */
  private clause(type: string, children: SyntaxNode[], newlineEnd: number): SyntaxNode {
    const clause = parent(type, children);
    if (newlineEnd > clause.endIndex) clause.endIndex = newlineEnd;
    return clause;
  }

  private isBlankAt(at: number): boolean {
    const c = this.code(at);
    return c === 32 || c === 9 || c === 10 || (c === 92 && this.code(at + 1) === 10);
  }

  /** The reserved word at the cursor (`if`, `done`, `}`…), or null. */
  private keywordAt(): string | null {
    const text = this.text;
    let i = this.pos;
    if (text.charCodeAt(i) === 125 /* } */) {
      const after = this.code(i + 1);
      return after === -1 || (after < 128 && WORD_END[after] === 1) ? '}' : null;
    }
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c < 97 || c > 122) break;
      i++;
    }
    if (i === this.pos || i - this.pos > 8) return null;
    const after = this.code(i);
    if (after !== -1 && (after >= 128 || WORD_END[after] !== 1)) return null;
    const word = text.slice(this.pos, i);
    if (!RESERVED.has(word)) return null;
    // `if{`, `done"x"`, `fi$x`: not worth guessing what tree-sitter-bash makes of them.
    if (!(after === -1 || after === 32 || after === 9 || after === 10 || after === 59 || after === 38 || after === 124 || after === 41)) {
      if (!(after === 92 && this.code(i + 1) === 10)) throw NOT_COMMON;
    }
    return word;
  }

  private keyword(word: string): SyntaxNode {
    if (this.keywordAt() !== word) throw NOT_COMMON;
    const start = this.pos;
    this.pos += word.length;
    return token(word, start, this.pos);
  }

  /** `if …; then …; [elif …; then …;] [else …;] fi` */
  private ifStatement(close: number): SyntaxNode {
    const children = [this.keyword('if'), ...this.nonEmpty(this.statements(close, THEN))];
    children.push(this.keyword('then'), ...this.statements(close, AFTER_THEN));
    for (;;) {
      const keyword = this.keywordAt();
      if (keyword === 'elif') {
        const clause = [this.keyword('elif'), ...this.nonEmpty(this.statements(close, THEN))];
        const body = this.keyword('then');
        const statements = this.statements(close, AFTER_THEN);
        children.push(this.clause('elif_clause', [...clause, body, ...statements], statements.length > 0 ? this.lastNewlineEnd : -1));
      } else if (keyword === 'else') {
        const clause = [this.keyword('else'), ...this.statements(close, FI)];
        children.push(this.clause('else_clause', clause, clause.length > 1 ? this.lastNewlineEnd : -1));
      } else {
        children.push(this.keyword('fi'));
        return parent('if_statement', children);
      }
    }
  }

  /** `for NAME [in WORDS]; do …; done` */
  private forStatement(close: number): SyntaxNode {
    const children = [this.keyword('for')];
    this.blank();
    const nameStart = this.pos;
    while (this.pos < this.text.length && NAME_CHAR.test(this.text[this.pos])) this.pos++;
    if (this.pos === nameStart || !this.atBoundary()) throw NOT_COMMON;
    children.push(node('variable_name', nameStart, this.pos));
    this.blank();
    if (this.keywordAt() === 'in') {
      children.push(this.keyword('in'));
      const values = children.length;
      for (;;) {
        this.blank();
        if (!this.atWord()) break;
        children.push(this.literal());
      }
      if (children.length === values) throw NOT_COMMON;
    }
    this.blank();
    const c = this.code();
    if (c === 59) {
      children.push(token(';', this.pos, this.pos + 1));
      this.pos++;
    } else if (c !== 10) throw NOT_COMMON;
    this.blank();
    while (this.code() === 10) {
      this.pos++;
      this.blank();
    }
    children.push(this.doGroup(close));
    return parent('for_statement', children);
  }

  /** `while …; do …; done`, `until …; do …; done` */
  private whileStatement(close: number, word: 'while' | 'until'): SyntaxNode {
    const children = [this.keyword(word), ...this.nonEmpty(this.statements(close, DO))];
    children.push(this.doGroup(close));
    return parent('while_statement', children);
  }

  /** `case WORD in PATTERN[|PATTERN]) …;; … esac`, with plain patterns. */
  private caseStatement(close: number): SyntaxNode {
    const children = [this.keyword('case')];
    this.blank();
    if (!this.atWord()) throw NOT_COMMON;
    children.push(this.literal());
    this.blankLines();
    children.push(this.keyword('in'));
    for (;;) {
      const gap = this.pos;
      this.blankLines();
      if (this.keywordAt() === 'esac') {
        children.push(this.keyword('esac'));
        return parent('case_statement', children);
      }
      // The scanner gives up on a pattern right after a line continuation: it is a word then.
      const afterContinuation = this.text.slice(gap, this.pos).includes('\\\n');
      children.push(this.caseItem(close, afterContinuation));
    }
  }

  private caseItem(close: number, afterContinuation: boolean): SyntaxNode {
    const children: SyntaxNode[] = [];
    for (;;) {
      children.push(this.casePattern(afterContinuation && children.length === 0));
      const c = this.code();
      if (c === 124 /* | */) {
        children.push(token('|', this.pos, this.pos + 1));
        this.pos++;
      } else if (c === 41 /* ) */) {
        children.push(token(')', this.pos, this.pos + 1));
        this.pos++;
        break;
      } else {
        throw NOT_COMMON;
      }
    }
    const statements = this.statements(close, ESAC, true);
    const newlineEnd = statements.length > 0 ? this.lastNewlineEnd : -1;
    children.push(...statements);
    if (this.code() === 59 && this.code(this.pos + 1) === 59) {
      children.push(token(';;', this.pos, this.pos + 2));
      this.pos += 2;
      return parent('case_item', children);
    }
    if (this.keywordAt() !== 'esac') throw NOT_COMMON;
    return this.clause('case_item', children, newlineEnd);
  }

  /**
   * A case pattern of letters, digits and `_ . * ? -`. tree-sitter-bash's
   * scanner decides whether it is an `extglob_pattern` or a `word`:
   * `extglobPatternEnd` follows its steps for these characters.
   */
  private casePattern(afterContinuation: boolean): SyntaxNode {
    const text = this.text;
    const start = this.pos;
    if (text[start] === "'" || text[start] === '"') {
      const quoted = this.literal();
      if (quoted.type !== 'raw_string' && quoted.type !== 'string') throw NOT_COMMON;
      return quoted;
    }
    let end = start;
    while (end < text.length && CASE_PATTERN_CHAR.test(text[end])) end++;
    const first = text[start];
    if (end === start || !/[A-Za-df-z*?.]/.test(first)) throw NOT_COMMON;
    const after = this.code(end);
    if (after === 41) {
      const next = this.code(end + 1);
      if (!(next === 32 || next === 9 || next === 10)) throw NOT_COMMON;
    } else if (after !== 124) {
      throw NOT_COMMON;
    }
    if (RESERVED.has(text.slice(start, end))) throw NOT_COMMON;
    const globEnd = afterContinuation ? -1 : extglobPatternEnd(text, start);
    this.pos = end;
    if (globEnd === -1) return node('word', start, end);
    if (globEnd !== end) throw NOT_COMMON;
    return node('extglob_pattern', start, end);
  }

  /** Blanks and newlines (which are terminators without a node where they may stand). */
  private blankLines(): void {
    this.blank();
    while (this.code() === 10) {
      this.pos++;
      this.blank();
    }
  }

  private doGroup(close: number): SyntaxNode {
    const children = [this.keyword('do'), ...this.statements(close, DONE)];
    children.push(this.keyword('done'));
    return parent('do_group', children);
  }

  private nonEmpty(statements: SyntaxNode[]): SyntaxNode[] {
    if (statements.length === 0) throw NOT_COMMON;
    return statements;
  }

  /** Whether the cursor is at the end of a word: a blank, an operator or the end. */
  private atBoundary(): boolean {
    const c = this.code();
    return c === -1 || (c < 128 && WORD_END[c] === 1 && c !== 92) || (c === 92 && this.code(this.pos + 1) === 10);
  }

  /** `export A=1 B -n`: assignments, names and options. */
  private declaration(word: string): SyntaxNode {
    const children = [this.keyword(word)];
    for (;;) {
      this.blank();
      if (!this.atWord()) break;
      const assignment = this.assignment();
      if (assignment) {
        children.push(assignment);
        continue;
      }
      const start = this.pos;
      const c = this.code();
      if (c === 45 /* - */) {
        const option = this.literal();
        // A lone `-` vanishes from tree-sitter-bash's tree.
        if (option.type !== 'word' || option.endIndex - option.startIndex < 2) throw NOT_COMMON;
        children.push(option);
        continue;
      }
      while (this.pos < this.text.length && NAME_CHAR.test(this.text[this.pos])) this.pos++;
      if (this.pos === start || !this.atBoundary()) throw NOT_COMMON;
      const first = this.text.charCodeAt(start);
      if (first >= 48 && first <= 57) throw NOT_COMMON;
      children.push(node('variable_name', start, this.pos));
    }
    return parent('declaration_command', children);
  }

  /** `[ -f FILE ]`, `[ A = B ]`, `[ A -eq B ]`: one test, no `!`, `-a`/`-o` or patterns. */
  private testCommand(): SyntaxNode {
    const open = token('[', this.pos, this.pos + 1);
    this.pos++;
    if (this.code() !== 32 && this.code() !== 9) throw NOT_COMMON;
    this.blank();
    const operand = (): SyntaxNode => {
      const c = this.code();
      if (c === 93 || c === 91 || c === 123 || c === 125 || c === 33 /* ! */ || c === 61 /* = */) throw NOT_COMMON;
      // `x=1` in a test is an assignment to tree-sitter-bash's scanner.
      if (matchesAt(ASSIGNMENT_LIKE, this.text, this.pos)) throw NOT_COMMON;
      const start = this.pos;
      const value = this.literal();
      if (!this.atBoundary()) throw NOT_COMMON;
      const text = this.text.slice(start, this.pos);
      if (value.type === 'word' && (text === '(' || text === ')' || text.startsWith('-') || text === '=' || text === '!=')) throw NOT_COMMON;
      return value;
    };
    let expression: SyntaxNode;
    const testOperator = (): SyntaxNode | null => {
      const match = /^-[a-z]{1,2}(?=[ \t])/.exec(this.text.slice(this.pos, this.pos + 4));
      if (!match) return null;
      const op = node('test_operator', this.pos, this.pos + match[0].length);
      this.pos += match[0].length;
      this.blank();
      return op;
    };
    let negation: SyntaxNode | null = null;
    if (this.code() === 33 /* ! */ && (this.code(this.pos + 1) === 32 || this.code(this.pos + 1) === 9)) {
      negation = token('!', this.pos, this.pos + 1);
      this.pos++;
      this.blank();
    }
    const unary = testOperator();
    if (unary) {
      if (unary.endIndex - unary.startIndex !== 2) throw NOT_COMMON;
      if (this.text[unary.startIndex + 1] === 'a' || this.text[unary.startIndex + 1] === 'o') throw NOT_COMMON;
      expression = parent('unary_expression', [unary, operand()]);
      if (negation) expression = parent('unary_expression', [negation, expression]);
    } else if (negation) {
      throw NOT_COMMON;
    } else {
      const left = operand();
      this.blank();
      let op: SyntaxNode | null;
      const equality = /^(?:!=|==|=)(?=[ \t])/.exec(this.text.slice(this.pos, this.pos + 3))?.[0];
      if (equality) {
        op = token(equality, this.pos, this.pos + equality.length);
        this.pos += equality.length;
        this.blank();
        // After `!=` and `==` an unquoted word is a pattern, which tree-sitter-bash's scanner lexes.
        if (equality !== '=' && this.code() !== 34 && this.code() !== 39) throw NOT_COMMON;
      } else {
        op = testOperator();
        if (!op || !BINARY_TEST_OPERATORS.has(this.text.slice(op.startIndex, op.endIndex))) throw NOT_COMMON;
      }
      expression = parent('binary_expression', [left, op, operand()]);
    }
    this.blank();
    if (this.code() !== 93 || !(this.code(this.pos + 1) === -1 || WORD_END[this.code(this.pos + 1)] === 1)) throw NOT_COMMON;
    if (this.code(this.pos + 1) === 93) throw NOT_COMMON;
    const close = token(']', this.pos, this.pos + 1);
    this.pos++;
    return parent('test_command', [open, expression, close]);
  }

  /**
   * Commands joined by `|`, `&&` and `||`. Pipes bind tighter than lists, but
   * tree-sitter-bash applies a trailing redirect to everything before it in
   * the chain (`a && b > f` is `(a && b) > f`), which then becomes one unit.
   */
  private chain(close: number): SyntaxNode {
    let listLeft: SyntaxNode | null = null;
    let listOperator: SyntaxNode | null = null;
    let pipeline: SyntaxNode[] = [];
    const joined = (): SyntaxNode => {
      const right = pipeline.length === 1 ? pipeline[0] : parent('pipeline', pipeline);
      return listLeft && listOperator ? parent('list', [listLeft, listOperator, right]) : right;
    };
    for (;;) {
      const command = this.command(close);
      pipeline.push(command);
      const redirects = this.redirects();
      if (redirects.length > 0) {
        // A redirect after `a | b | c` is as unpredictable as `&&` (see below).
        if (pipeline.length >= 5) throw NOT_COMMON;
        if (command.type === 'variable_assignment' || command.type === 'variable_assignments' || command.type === 'declaration_command') throw NOT_COMMON;
        const unit = parent('redirected_statement', [joined(), ...redirects]);
        listLeft = listOperator = null;
        pipeline = [unit];
      }
      this.blank();
      const c = this.code();
      const next = this.code(this.pos + 1);
      if ((c === 124 && next === 124) || (c === 38 && next === 38)) {
        // tree-sitter-bash's GLR parse of `a | b | c && d` is sometimes `a | ((b | c) && d)`,
        // depending on what came before (a redirect, a quoted command name…): leave a
        // pipeline of three or more commands before `&&` or `||` to it.
        if (pipeline.length >= 5) throw NOT_COMMON;
      }
      if (c === 124 /* | */) {
        const length = next === 124 ? 2 : next === 38 ? 2 : 1;
        const operator = this.text.slice(this.pos, this.pos + length);
        if (operator === '||') {
          listLeft = joined();
          listOperator = token('||', this.pos, this.pos + 2);
          pipeline = [];
        } else {
          pipeline.push(token(operator, this.pos, this.pos + length));
        }
        this.pos += length;
      } else if (c === 38 && next === 38) {
        listLeft = joined();
        listOperator = token('&&', this.pos, this.pos + 2);
        pipeline = [];
        this.pos += 2;
      } else {
        // … and a newline after such a pipeline does not always end it.
        if (c === 10 && pipeline.length >= 5) throw NOT_COMMON;
        return joined();
      }
      this.blank();
      if (this.code() === 10 || this.code() === 35) throw NOT_COMMON;
    }
  }

  /** A simple command, or bare assignments; the redirects after it are `redirects()`'s. */
  private command(close: number): SyntaxNode {
    this.blank();
    const keyword = this.keywordAt();
    if (keyword !== null) {
      if (keyword === 'if') return this.ifStatement(close);
      if (keyword === 'for') return this.forStatement(close);
      if (keyword === 'while' || keyword === 'until') return this.whileStatement(close, keyword);
      if (keyword === 'case') return this.caseStatement(close);
      if (DECLARATIONS.has(keyword)) return this.declaration(keyword);
      throw NOT_COMMON;
    }
    if (this.code() === 91 /* [ */ && this.code(this.pos + 1) !== 91) return this.testCommand();
    if (this.code() === 123 /* { */ && this.isBlankAt(this.pos + 1)) {
      const open = token('{', this.pos, this.pos + 1);
      this.pos++;
      const inner = this.nonEmpty(this.statements(close, CLOSE_BRACE));
      const end = token('}', this.pos, this.pos + 1);
      this.pos++;
      return parent('compound_statement', [open, ...inner, end]);
    }
    if (this.code() === 40 /* ( */) {
      if (this.code(this.pos + 1) === 40) throw NOT_COMMON; // (( arithmetic
      const open = token('(', this.pos, this.pos + 1);
      this.pos++;
      const inner = this.nonEmpty(this.statements(41, null));
      const end = token(')', this.pos, this.pos + 1);
      this.pos++;
      return parent('subshell', [open, ...inner, end]);
    }
    const children: SyntaxNode[] = [];
    for (;;) {
      const assignment = this.assignment();
      if (!assignment) break;
      children.push(assignment);
      this.blank();
    }
    if (!this.atWord()) {
      if (children.length === 0) throw NOT_COMMON;
      if (children.length === 1) return children[0];
      // tree-sitter-bash reads `A=1 B=2` newline `cmd` as one command.
      if (this.code() === 10) throw NOT_COMMON;
      return parent('variable_assignments', children);
    }
    const start = this.pos;
    // Where an assignment may stand, tree-sitter-bash's scanner takes `--prefix=/usr`,
    // `name@host`, `a:b`, `a%b`… for variable names: leave those to it.
    if (matchesAt(VARIABLE_NAME_LIKE, this.text, this.pos)) throw NOT_COMMON;
    const first = this.code();
    if (first === 123 || first === 125 || first === 91 || first === 93) throw NOT_COMMON; // `{a`, `[x`
    const name = this.literal();
    if (name.type === 'word' && RESERVED.has(this.text.slice(start, this.pos))) throw NOT_COMMON;
    if (this.code() === 40 /* ( */) throw NOT_COMMON; // a function definition
    children.push(parent('command_name', [name]));
    for (;;) {
      this.blank();
      if (!this.atWord()) break;
      children.push(this.literal());
    }
    return parent('command', children);
  }

  /** `NAME=value` at the cursor, or null (the cursor stays). */
  private assignment(): SyntaxNode | null {
    const text = this.text;
    const start = this.pos;
    let i = start;
    const first = this.code(i);
    if (!((first >= 65 && first <= 90) || (first >= 97 && first <= 122) || first === 95)) return null;
    i++;
    while (i < text.length && NAME_CHAR.test(text[i])) i++;
    const c = this.code(i);
    if (c === 43 /* + */ && this.code(i + 1) === 61) throw NOT_COMMON; // +=
    if (c === 91 /* [ */) throw NOT_COMMON; // a subscript
    if (c !== 61 /* = */) return null;
    const children = [node('variable_name', start, i), token('=', i, i + 1)];
    this.pos = i + 1;
    const v = this.code();
    if (v === 35 /* # */ || v === 40 /* ( */) throw NOT_COMMON;
    if (this.atWord()) children.push(this.literal());
    else if (!(v === -1 || v === 32 || v === 9 || v === 10 || v === 59)) throw NOT_COMMON;
    return parent('variable_assignment', children);
  }

  /** Whether a word (an argument) starts at the cursor: not an operator, a redirect, a comment or the end. */
  private atWord(): boolean {
    const c = this.code();
    if (c === 32 || c === 9 || (c === 92 && this.code(this.pos + 1) === 10)) return false;
    if (c === 96 && this.inBackquotes) return false;
    if (c === -1 || c === 10 || c === 59 || c === 38 || c === 124 || c === 41 || c === 60 || c === 62 || c === 35) {
      if (c === 35) throw NOT_COMMON; // a comment after words
      return false;
    }
    if (c === 40) throw NOT_COMMON;
    if (c >= 48 && c <= 57) {
      // `2>file`: a file descriptor starts a redirect.
      let i = this.pos + 1;
      while (this.code(i) >= 48 && this.code(i) <= 57) i++;
      const after = this.code(i);
      if (after === 60 || after === 62) return false;
    }
    return true;
  }

  /** Redirects after a command: `> f`, `2>&1`, `&>> log`; each takes every word after it. */
  private redirects(): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    for (;;) {
      this.blank();
      const start = this.pos;
      const text = this.text;
      let i = start;
      while (this.code(i) >= 48 && this.code(i) <= 57) i++;
      const c = this.code(i);
      if (!(c === 60 || c === 62 || (i === start && c === 38 && this.code(i + 1) === 62))) return out;
      const children: SyntaxNode[] = [];
      if (i > start) children.push(node('file_descriptor', start, i));
      let operator: string;
      const rest = text.slice(i, i + 3);
      if (rest.startsWith('&>>')) operator = '&>>';
      else if (rest.startsWith('&>')) operator = '&>';
      else if (rest.startsWith('>>')) operator = '>>';
      else if (rest.startsWith('>&')) operator = '>&';
      else if (rest.startsWith('>|')) operator = '>|';
      else if (rest.startsWith('<&')) operator = '<&';
      else if (rest.startsWith('<<') || rest.startsWith('<(') || rest.startsWith('>(') || rest.startsWith('<>')) throw NOT_COMMON;
      else operator = text[i];
      if ((operator === '>&' || operator === '<&') && text[i + 2] === '-') throw NOT_COMMON;
      children.push(token(operator, i, i + operator.length));
      this.pos = i + operator.length;
      this.blank();
      while (this.atWord()) {
        children.push(this.literal());
        this.blank();
      }
      if (children[children.length - 1].isNamed === false) throw NOT_COMMON;
      out.push(parent('file_redirect', children));
    }
  }

  /** One shell word: adjacent words, quotes and expansions make a concatenation. */
  private literal(): SyntaxNode {
    const pieces: SyntaxNode[] = [];
    const text = this.text;
    for (;;) {
      const c = this.code();
      if (c === 34 /* " */) pieces.push(this.string());
      else if (c === 39 /* ' */) {
        const end = text.indexOf("'", this.pos + 1);
        if (end === -1) throw NOT_COMMON;
        pieces.push(node('raw_string', this.pos, end + 1));
        this.pos = end + 1;
      } else if (c === 36 /* $ */) {
        const expansion = this.dollar(this.pos);
        pieces.push(expansion);
        // tree-sitter-bash ends the word at a bare `$` when an unbraced `$NAME` third or later
        // in a word has word characters after it (`a$B/$C.rpm`): leave those to it.
        if (pieces.length >= 3 && expansion.type === 'simple_expansion' && this.wordCharAt(this.pos)) throw NOT_COMMON;
      }
      else if (c === 92 /* \ */ && this.code(this.pos + 1) === 10) {
        // A line continuation ends the word unless a word goes on right after it.
        const after = this.code(this.pos + 2);
        if (after === 32 || after === 9 || after === 10 || after === -1) break;
        throw NOT_COMMON;
      } else if (c === 96 /* ` */) {
        if (this.inBackquotes) break;
        if (pieces.length > 0) throw NOT_COMMON; // `a`b`` splits into two words in tree-sitter-bash
        pieces.push(this.backquoted());
      } else if (c === 91 || c === 93 || c === 123 || c === 125) {
        // `[ ] { }` are words of their own inside a word (`pkg[extra]`, `{}`), not brace expansion.
        if (c === 123 && /^\{[^}\s]*\.\./.test(text.slice(this.pos, this.pos + 40))) throw NOT_COMMON;
        pieces.push(node('word', this.pos, this.pos + 1));
        this.pos++;
      } else if (c === -1 || (c < 128 && WORD_END[c] === 1 && c !== 92)) {
        if (c === 40) throw NOT_COMMON;
        break;
      } else {
        if (c === 35 /* # */) throw NOT_COMMON; // a comment word after an expansion
        if (c === 92 && pieces.length > 0) throw NOT_COMMON; // `'a'\tb` is two words to tree-sitter-bash
        pieces.push(this.word(pieces.length === 0));
      }
    }
    if (pieces.length === 0) throw NOT_COMMON;
    if (pieces.length === 1) {
      const only = pieces[0];
      // Lone `{ } [ ]` words separated by blanks are one word to tree-sitter-bash (`} }`).
      if (only.type === 'word' && only.endIndex - only.startIndex === 1 && SPECIAL_WORD.test(text[only.startIndex])) {
        if (matchesAt(SPECIAL_AFTER_BLANKS, text, this.pos)) throw NOT_COMMON;
      }
      return only;
    }
    if (pieces[0].type === 'number') throw NOT_COMMON;
    return parent('concatenation', pieces);
  }

  private wordCharAt(at: number): boolean {
    const c = this.code(at);
    if (c === -1 || c === 36 || c === 34 || c === 39) return false;
    if (c === 92) return this.code(at + 1) !== 10;
    if (c === 91 || c === 93 || c === 123 || c === 125 || c === 96) return true;
    return c >= 128 || WORD_END[c] !== 1;
  }

  /** `…` command substitution; a backslash inside (escapes that nest) is left to tree-sitter. */
  private backquoted(): SyntaxNode {
    const start = this.pos;
    const end = this.text.indexOf('`', start + 1);
    if (end === -1 || this.text.slice(start + 1, end).includes('\\')) throw NOT_COMMON;
    // Backquotes with only blanks between them join words (`a`  `b` is one substitution to tree-sitter-bash).
    if (/^\s*$/.test(this.text.slice(start + 1, end)) || /^\s*`/.test(this.text.slice(end + 1, end + 40)) || /`\s*$/.test(this.text.slice(Math.max(0, start - 40), start))) {
      throw NOT_COMMON;
    }
    this.pos++;
    this.inBackquotes = true;
    const inner = this.nonEmpty(this.statements(96, null));
    this.inBackquotes = false;
    if (this.pos !== end) throw NOT_COMMON;
    this.pos++;
    return node('command_substitution', start, this.pos, [token('`', start, start + 1), ...inner, token('`', end, end + 1)]);
  }

  /** A bare word token: escapes included, `number` when the whole token is one. */
  private word(alone: boolean): SyntaxNode {
    const text = this.text;
    const start = this.pos;
    let i = start;
    for (;;) {
      // Runs of plain ASCII word characters in one regular-expression step (cheap while the JIT is cold).
      i = runEnd(PLAIN_WORD_RUN, text, i);
      const c = text.charCodeAt(i);
      if (c === 92 /* \ */) {
        const next = text.charCodeAt(i + 1);
        if (Number.isNaN(next) || next === 10) break;
        if (next === 32 || next === 9 || next === 13 || next === 11 || next === 12) {
          // `\ ` continues a word but cannot start one.
          if (i === start) throw NOT_COMMON;
          if (next !== 32) throw NOT_COMMON;
        }
        i += 2;
        continue;
      }
      if (Number.isNaN(c) || (c < 128 && WORD_END[c] === 1)) break;
      if (c >= 128 && /\s/.test(text[i])) throw NOT_COMMON; // Unicode blanks end words too
      i++;
    }
    if (i === start) throw NOT_COMMON;
    this.pos = i;
    if (i === start + 1 && text.charCodeAt(start) === 45) {
      // tree-sitter-bash drops a `-` word before `2>…` from the tree.
      if (matchesAt(DESCRIPTOR_AFTER_BLANKS, text, i)) throw NOT_COMMON;
    }
    const first = text.charCodeAt(start);
    const end = text.charCodeAt(i);
    // `-p1<file`: the scanner takes the digit for a file descriptor and the word vanishes.
    if ((end === 60 || end === 62) && text.charCodeAt(i - 1) >= 48 && text.charCodeAt(i - 1) <= 57) throw NOT_COMMON;
    // `== x`, `=~ re` start an argument of their own in tree-sitter-bash.
    if (alone && first === 61 && (text.charCodeAt(start + 1) === 61 || text.charCodeAt(start + 1) === 126)) throw NOT_COMMON;
    const numeric = (first >= 48 && first <= 57) || first === 45;
    const isNumber = numeric && NUMBER.test(text.slice(start, i));
    if (numeric && !isNumber && text.slice(start, i).includes('#')) throw NOT_COMMON; // `1#`: a broken number
    if (isNumber && !alone) throw NOT_COMMON;
    if (isNumber) {
      const c = this.code();
      if (c === 34 || c === 39 || c === 36) throw NOT_COMMON; // a number joined to more
    }
    return node(isNumber ? 'number' : 'word', start, i);
  }

  /**
   * `$NAME`, `${NAME}` or `$(…)`. The `$` token starts at `tokenStart`, which
   * is before the cursor when a string's blanks are folded into it.
   */
  private dollar(tokenStart: number): SyntaxNode {
    const text = this.text;
    const at = this.pos;
    const next = this.code(at + 1);
    if (next === 40 /* ( */) {
      if (this.code(at + 2) === 40) throw NOT_COMMON; // $(( arithmetic
      const open = token('$(', tokenStart, at + 2);
      this.pos = at + 2;
      const inner = this.statements(41, null);
      if (this.code() !== 41) throw NOT_COMMON;
      if (inner.length === 0) throw NOT_COMMON;
      const close = token(')', this.pos, this.pos + 1);
      this.pos++;
      return node('command_substitution', tokenStart, this.pos, [open, ...inner, close]);
    }
    if (next === 123 /* { */) {
      let i = at + 2;
      while (i < text.length && NAME_CHAR.test(text[i])) i++;
      if (i === at + 2 || text.slice(at + 2, i) === '_') throw NOT_COMMON;
      const children = [token('${', tokenStart, at + 2), node('variable_name', at + 2, i)];
      this.pos = i;
      if (this.code() !== 125) children.push(...this.expansionOperation());
      if (this.code() !== 125) throw NOT_COMMON;
      children.push(token('}', this.pos, this.pos + 1));
      this.pos++;
      return node('expansion', tokenStart, this.pos, children);
    }
    if (next >= 0 && next < 128 && NAME_CHAR.test(text[at + 1])) {
      let i = at + 2;
      while (i < text.length && NAME_CHAR.test(text[i])) i++;
      if (text.slice(at + 1, i) === '_') throw NOT_COMMON;
      // `$2>&1`: the scanner reads `2>` as a file descriptor.
      if (next >= 48 && next <= 57 && (this.code(i) === 60 || this.code(i) === 62)) throw NOT_COMMON;
      this.pos = i;
      return node('simple_expansion', tokenStart, i, [token('$', tokenStart, at + 1), node('variable_name', at + 1, i)]);
    }
    if (next >= 0 && SPECIAL_VARIABLES.includes(text[at + 1])) {
      if (next === 36) throw NOT_COMMON; // `$$` ends words oddly in tree-sitter-bash
      if (at + 2 < text.length && NAME_CHAR.test(text[at + 2])) throw NOT_COMMON; // `$-sf` is one name to tree-sitter-bash
      this.pos = at + 2;
      return node('simple_expansion', tokenStart, at + 2, [token('$', tokenStart, at + 1), node('special_variable_name', at + 1, at + 2)]);
    }
    throw NOT_COMMON;
  }

  /**
   * What follows the name in `${NAME…}`: `#P`, `##P`, `%P`, `%%P` (P a plain
   * glob, a `regex` node), `:-W`, `-W`, `:=W`, `:+W` (W a plain word or
   * `$NAME`), or `:N` / `:N:M`.
   */
  private expansionOperation(): SyntaxNode[] {
    const text = this.text;
    const at = this.pos;
    const c = text[at];
    if (c === '#' || c === '%') {
      const length = text[at + 1] === c ? 2 : 1;
      const close = text.indexOf('}', at + length);
      const pattern = close === -1 ? '' : text.slice(at + length, close);
      if (!EXPANSION_PATTERN.test(pattern)) throw NOT_COMMON;
      this.pos = close;
      return [token(text.slice(at, at + length), at, at + length), node('regex', at + length, close)];
    }
    const operator = /^(?::-|:=|:\+|-)/.exec(text.slice(at, at + 2))?.[0];
    if (operator) {
      const out = [token(operator, at, at + operator.length)];
      this.pos = at + operator.length;
      if (this.code() === 125) return out;
      if (this.code() === 36) {
        const expansion = this.dollar(this.pos);
        if (expansion.type !== 'simple_expansion') throw NOT_COMMON;
        out.push(expansion);
        return out;
      }
      const close = text.indexOf('}', this.pos);
      const value = close === -1 ? '' : text.slice(this.pos, close);
      if (!EXPANSION_DEFAULT.test(value)) throw NOT_COMMON;
      out.push(node('word', this.pos, close));
      this.pos = close;
      return out;
    }
    const slice = /^:([0-9]+)(?::([0-9]+))?(?=\})/.exec(text.slice(at, at + 24));
    if (slice) {
      const out = [token(':', at, at + 1), node('number', at + 1, at + 1 + slice[1].length)];
      if (slice[2] !== undefined) {
        const second = at + 1 + slice[1].length;
        out.push(token(':', second, second + 1), node('number', second + 1, second + 1 + slice[2].length));
      }
      this.pos = at + slice[0].length;
      return out;
    }
    throw NOT_COMMON;
  }

  /**
   * A double-quoted string. tree-sitter-bash folds the blanks after the
   * opening quote or an expansion into the next token when that token is an
   * expansion or the closing quote (`"$a $b"`: the second `$` token is ` $`).
   */
  private string(): SyntaxNode {
    const text = this.text;
    const start = this.pos;
    const children: SyntaxNode[] = [token('"', start, start + 1)];
    this.pos++;
    let afterContent = false;
    for (;;) {
      let c = this.code();
      if (!afterContent) {
        let i = this.pos;
        while (this.code(i) === 32 || this.code(i) === 9) i++;
        const after = this.code(i);
        if (after === 10 || (after === 92 && this.code(i + 1) === 10)) throw NOT_COMMON;
        if (after === 34 || after === 36) {
          const tokenStart = this.pos;
          this.pos = i;
          if (after === 34) {
            children.push(token('"', tokenStart, i + 1));
            this.pos = i + 1;
            return node('string', start, this.pos, children);
          }
          children.push(this.dollar(tokenStart));
          continue;
        }
        c = this.code();
      }
      if (c === 34) {
        children.push(token('"', this.pos, this.pos + 1));
        this.pos++;
        return node('string', start, this.pos, children);
      }
      if (c === 36) {
        children.push(this.dollar(this.pos));
        afterContent = false;
        continue;
      }
      if (c === -1 || c === 96 || c === 10 || c === 13) throw NOT_COMMON;
      const contentStart = this.pos;
      let i = contentStart;
      for (;;) {
        i = runEnd(STRING_CONTENT_RUN, text, i);
        const d = text.charCodeAt(i);
        if (d === 92) {
          if (i + 1 >= text.length || text.charCodeAt(i + 1) === 13) throw NOT_COMMON;
          i += 2;
          continue;
        }
        if (Number.isNaN(d) || d === 34 || d === 36 || d === 96 || d === 10 || d === 13) break;
        i++;
      }
      children.push(node('string_content', contentStart, i));
      this.pos = i;
      afterContent = true;
    }
  }
}
