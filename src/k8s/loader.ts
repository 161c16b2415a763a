/**
 * Kubernetes YAML loader: YAML text -> documents -> Kubernetes objects with
 * our own YamlNode tree (exact ranges) and plain values.
 *
 * Two parsers produce the same node tree:
 *
 *  - a fast hand-written scanner for the YAML subset that manifests use (block
 *    maps/sequences, plain/quoted/block scalars, single- and multi-line flow
 *    collections, comments, `---`/`...`). It gives up ("bails") on anything
 *    outside that subset or anything it is not sure about: anchors, aliases,
 *    tags, merge keys, directives, complex keys, tabs in indentation, explicit
 *    block-scalar indentation, and every construct that would be a YAML error.
 *  - the `yaml` package (eemeli) Document API, used for a whole file whenever
 *    the fast scanner bails. It reports syntax errors with positions and
 *    handles the full language (anchors, aliases, tags, ...).
 *
 * Both give identical trees (spans, values) on everything the fast scanner
 * accepts; the tests check this on the whole corpus. One deliberate
 * difference: like libyaml (hence Kubernetes), the fast scanner accepts
 * continuation lines of a multi-line quoted scalar at any indentation, which
 * the yaml package rejects. Measured on the 15 MB corpus, the fast scanner
 * takes ~99% of the bytes and the loader runs 5-8x faster than through the
 * yaml package (~0.5 s warm vs ~4 s).
 *
 * The `yaml` package stays behind this module: nothing it defines leaks into
 * the model. Scalars are resolved by our own code (see `resolvePlain`) so that
 * both parsers type values the same way, the way Kubernetes does.
 *
 * ## Kubernetes semantics (sigs.k8s.io/yaml -> go-yaml v2, i.e. YAML 1.1-ish)
 *
 * kubectl and the API server decode YAML with sigs.k8s.io/yaml, which converts
 * YAML to JSON through go-yaml v2 (`sigs.k8s.io/yaml/goyaml.v2`). We copy its
 * scalar resolution for untagged plain scalars:
 *  - booleans: y Y yes Yes YES true True TRUE on On ON / n N no No NO false
 *    False FALSE off Off OFF (so `enabled: yes` is `true`, and a key `on:` is
 *    the string "true" once keys are converted to JSON strings);
 *  - null: empty, ~, null, Null, NULL;
 *  - integers via Go's strconv.ParseInt(s, 0, 64) after removing `_`:
 *    decimal, `0x` hex, `0o` and leading-zero octal (`0755` is 493), `0b`
 *    binary, optional sign; `08` is not octal and ends up as the float 8;
 *  - floats matching go-yaml's pattern (`1.5`, `1e3`, `.5`), `.inf`, `-.inf`,
 *    `.nan` (and their capitalised forms);
 *  - timestamps stay strings (go-yaml v2 keeps them as strings in
 *    interface{} values), sexagesimal numbers (`1:30`) stay strings;
 *  - quoted and block scalars are always strings. Tags `!!str`, `!!int`,
 *    `!!float`, `!!bool`, `!!null` are honoured; other tags are ignored
 *    (scalars keep their resolved value).
 * Mapping keys become JSON object keys the way sigs.k8s.io/yaml converts them:
 * booleans -> "true"/"false", numbers -> their decimal text, null -> "null".
 *
 * Merge keys (`<<`, plain and untagged) follow go-yaml v2: pairs are applied
 * in document order and a merge applies the merged mapping's entries at the
 * position of `<<`, so later pairs override earlier ones in both directions
 * (an explicit key *before* `<<` is overridden by the merged value; a key
 * after it wins). A sequence of mappings is applied last-to-first, so the
 * first mapping in the sequence wins. A merge value that is not a mapping or a
 * sequence of mappings is an error, as in go-yaml.
 *
 * Duplicate keys: the last value wins, as in Kubernetes' (non-strict) decoding;
 * each duplicate is reported as a `DUPLICATE_KEY` warning at the later key.
 *
 * Aliases: the resolved `value` shares one JS object per anchor (a DAG, not a
 * copy). To bound alias bombs, a document whose fully expanded form would
 * dereference more than `maxAliasCount` (default 1000) aliases is rejected
 * with an `ALIAS_LIMIT` error instead of being expanded.
 *
 * ## Detection
 * A document is a Kubernetes object when it is a mapping whose `apiVersion` and
 * `kind` are strings, except for the tool configuration kinds listed in
 * `TOOL_CONFIG_GROUPS` / `toolConfigReason` (kustomize, kind, skaffold, kubeadm,
 * component configs, kubeconfig, KRM function lists, ...). Everything else is
 * recorded in `skipped` with a reason. `List` and any `*List` kind with an
 * `items` sequence is expanded into one object per item (`listIndex` set;
 * paths of `locate` are relative to the item). Only one level is expanded.
 *
 * A file containing Go/Helm template syntax (`{{` outside quoted strings and
 * comments) is skipped entirely, without issues, when it is not valid YAML or
 * when the template syntax turned into complex mapping keys
 * (`name: {{ .Values.x }}` parses as a flow mapping used as a key).
 */
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import { SourceText } from '../core/source.js';
import type { Range, Span } from '../core/source.js';
import type {
  FieldLocation,
  K8sFile,
  K8sObject,
  PathSegment,
  YamlIssue,
  YamlMap,
  YamlNode,
  YamlPair,
  YamlScalar,
  YamlSeq,
} from './model.js';
import { isPlainObject } from './values.js';

export interface LoadK8sOptions {
  /** Also list empty documents in `skipped`. */
  verbose?: boolean;
  /** Maximum number of alias dereferences in one fully expanded document (default 1000; negative disables the check). */
  maxAliasCount?: number;
  /**
   * @internal Parser selection for tests and benchmarks: `auto` (default) tries
   * the fast scanner and falls back to `yaml`; `yaml` always uses the `yaml` package.
   */
  engine?: 'auto' | 'yaml';
}

const DEFAULT_MAX_ALIAS_COUNT = 1000;
/** YAML syntax errors reported per document (the rest are follow-ups of the first ones). */
const MAX_ERRORS_PER_DOCUMENT = 10;

// ---------------------------------------------------------------------------
// Node classes (our YamlNode implementation). `range` is computed lazily.

type AnyNode = MapNode | SeqNode | ScalarNode;

abstract class NodeBase {
  /** Set on an alias node: the anchor name it refers to. */
  declare alias?: string;
  /** Set on a node that carries an anchor (`&name`). */
  declare anchor?: string;
  /** @internal the anchored node an alias refers to. */
  declare _target?: AnyNode;
  /** @internal cached plain value of an anchored node. */
  declare _v?: unknown;
  /** @internal alias weight of an anchored node (see checkAliasBudget). */
  declare _w?: number;
  /** @internal lazily computed range. */
  declare _r?: Range;

  constructor(
    readonly span: Span,
    /** @internal */ readonly _src: SourceText,
  ) {}

  get range(): Range {
    return (this._r ??= this._src.range(this.span.start, this.span.end));
  }
}

class ScalarNode extends NodeBase implements YamlScalar {
  readonly kind = 'scalar' as const;
  /** @internal true for a plain, untagged `<<` (a merge key). */
  declare _merge?: boolean;
  constructor(
    span: Span,
    src: SourceText,
    public value: string | number | boolean | null,
  ) {
    super(span, src);
  }
  get source(): string {
    const s = this._target ? this._target.span : this.span;
    return this._src.text.slice(s.start, s.end);
  }
}

class MapNode extends NodeBase implements YamlMap {
  readonly kind = 'map' as const;
  constructor(
    span: Span,
    src: SourceText,
    public pairs: PairNode[],
  ) {
    super(span, src);
  }
}

class SeqNode extends NodeBase implements YamlSeq {
  readonly kind = 'seq' as const;
  constructor(
    span: Span,
    src: SourceText,
    public items: AnyNode[],
  ) {
    super(span, src);
  }
}

class PairNode implements YamlPair {
  /** @internal lazily computed range. */
  declare _r?: Range;
  constructor(
    public key: ScalarNode,
    public value: AnyNode | null,
    readonly span: Span,
    /** @internal */ readonly _src: SourceText,
  ) {}
  get range(): Range {
    return (this._r ??= this._src.range(this.span.start, this.span.end));
  }
}

function makeAliasNode(target: AnyNode, span: Span, src: SourceText, name: string): AnyNode {
  let node: AnyNode;
  if (target.kind === 'map') node = new MapNode(span, src, target.pairs);
  else if (target.kind === 'seq') node = new SeqNode(span, src, target.items);
  else {
    const s = new ScalarNode(span, src, target.value);
    node = s;
  }
  node.alias = name;
  node._target = target;
  return node;
}

// ---------------------------------------------------------------------------
// Scalar resolution (go-yaml v2 rules; see the module comment).

const YAML_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const DOT_FLOAT = /^\.[0-9]+(?:[eE][-+]?[0-9]+)?$/;

/** Resolves an untagged plain scalar the way go-yaml v2 does. */
export function resolvePlain(s: string): string | number | boolean | null {
  const len = s.length;
  if (len === 0) return null;
  const c = s.charCodeAt(0);
  if ((c >= 48 && c <= 57) || c === 43 || c === 45) {
    if (c === 45 || c === 43) {
      if (s === '-.inf' || s === '-.Inf' || s === '-.INF') return -Infinity;
      if (s === '+.inf' || s === '+.Inf' || s === '+.INF') return Infinity;
    }
    return resolveNumber(s);
  }
  if (len > 5) return s;
  switch (c) {
    case 126: // ~
      return len === 1 ? null : s;
    case 121: // y
    case 89: // Y
      return s === 'y' || s === 'Y' || s === 'yes' || s === 'Yes' || s === 'YES' ? true : s;
    case 110: // n
    case 78: // N
      if (s === 'n' || s === 'N' || s === 'no' || s === 'No' || s === 'NO') return false;
      if (s === 'null' || s === 'Null' || s === 'NULL') return null;
      return s;
    case 116: // t
    case 84: // T
      return s === 'true' || s === 'True' || s === 'TRUE' ? true : s;
    case 102: // f
    case 70: // F
      return s === 'false' || s === 'False' || s === 'FALSE' ? false : s;
    case 111: // o
    case 79: // O
      if (s === 'on' || s === 'On' || s === 'ON') return true;
      if (s === 'off' || s === 'Off' || s === 'OFF') return false;
      return s;
    case 46: // .
      if (s === '.nan' || s === '.NaN' || s === '.NAN') return NaN;
      if (s === '.inf' || s === '.Inf' || s === '.INF') return Infinity;
      if (DOT_FLOAT.test(s)) return Number(s);
      return s;
    default:
      return s;
  }
}

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;
const UINT64_MAX = 18446744073709551615n;

function resolveNumber(s: string): string | number {
  const plain = s.indexOf('_') >= 0 ? s.replace(/_/g, '') : s;
  const int = parseGoInt(plain);
  if (int !== null) return int;
  if (YAML_FLOAT.test(plain)) {
    const f = Number(plain);
    if (Number.isFinite(f)) return f;
  }
  return s;
}

/** strconv.ParseInt(s, 0, 64), falling back to ParseUint(s, 0, 64); null when neither accepts it. */
function parseGoInt(s: string): number | null {
  const len = s.length;
  let i = 0;
  let neg = false;
  const c0 = s.charCodeAt(0);
  if (c0 === 43 || c0 === 45) {
    neg = c0 === 45;
    i = 1;
  }
  if (i >= len) return null;
  let base = 10;
  if (s.charCodeAt(i) === 48 && i + 1 < len) {
    const p = s.charCodeAt(i + 1) | 0x20;
    if (p === 120) {
      base = 16;
      i += 2;
    } else if (p === 111) {
      base = 8;
      i += 2;
    } else if (p === 98) {
      base = 2;
      i += 2;
    } else {
      base = 8;
      i += 1;
    }
    if (i >= len) return null;
  }
  for (let j = i; j < len; j++) {
    const ch = s.charCodeAt(j);
    let d: number;
    if (ch >= 48 && ch <= 57) d = ch - 48;
    else if (ch >= 97 && ch <= 102) d = ch - 87;
    else if (ch >= 65 && ch <= 70) d = ch - 55;
    else return null;
    if (d >= base) return null;
  }
  const digits = s.slice(i);
  if (base === 10 && digits.length <= 15) {
    const v = Number(digits);
    return neg ? -v : v;
  }
  const prefix = base === 16 ? '0x' : base === 8 ? '0o' : base === 2 ? '0b' : '';
  let big = BigInt(prefix + digits);
  if (neg) big = -big;
  if (big > INT64_MAX || big < INT64_MIN) {
    // ParseUint accepts no sign.
    if (i > 0 && (c0 === 43 || c0 === 45)) return null;
    if (big > UINT64_MAX) return null;
  }
  return Number(big);
}

/** How sigs.k8s.io/yaml turns a YAML key into a JSON object key. */
function keyString(v: string | number | boolean | null): string {
  if (typeof v === 'string') return v;
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Number.isNaN(v)) return '.nan';
  if (v === Infinity) return '.inf';
  if (v === -Infinity) return '-.inf';
  return String(v);
}

// ---------------------------------------------------------------------------
// Fast scanner.

const BAIL: { bail: true } = { bail: true };
/** @internal set `trace` to record where the fast scanner last gave up (debugging aid). */
export const fastScannerDebug = { trace: false, last: '' };
function bail(): never {
  if (fastScannerDebug.trace) fastScannerDebug.last = new Error('bail').stack ?? '';
  throw BAIL;
}

const LF = 10;
const CR = 13;
const SP = 32;
const TAB = 9;
const HASH = 35;
const DASH = 45;
const DOT = 46;
const COLON = 58;
const DQUOTE = 34;
const SQUOTE = 39;
const LBRACKET = 91;
const RBRACKET = 93;
const LBRACE = 123;
const RBRACE = 125;
const COMMA = 44;
const BACKSLASH = 92;

/** Characters that cannot start a plain scalar (c-indicator), minus `- ? :` which are handled separately. */
function isIndicatorStart(c: number): boolean {
  switch (c) {
    case COMMA:
    case LBRACKET:
    case RBRACKET:
    case LBRACE:
    case RBRACE:
    case HASH:
    case 38: // &
    case 42: // *
    case 33: // !
    case 124: // |
    case 62: // >
    case SQUOTE:
    case DQUOTE:
    case 37: // %
    case 64: // @
    case 96: // `
      return true;
    default:
      return false;
  }
}

function isFlowIndicator(c: number): boolean {
  return c === COMMA || c === LBRACKET || c === RBRACKET || c === LBRACE || c === RBRACE;
}

/**
 * Characters the fast scanner leaves to the yaml package: control characters,
 * DEL, NEL, U+2028/2029, a BOM, or a CR not followed by LF. Matching the
 * allowed characters in one anchored greedy run is the fastest scan V8 offers
 * (about twice a charCodeAt loop); lone CRs are looked for only when a CR occurs.
 */
const ONLY_SAFE_CHARS = /^[\t\n\r\x20-\x7e\x80-\x84\x86-\u2027\u202a-\ufefe\uff00-\uffff]*$/;
const LONE_CR = /\r(?!\n)/;

function hasSuspiciousChars(t: string): boolean {
  return !ONLY_SAFE_CHARS.test(t) || (t.indexOf('\r') >= 0 && LONE_CR.test(t));
}

interface RawDoc {
  root: AnyNode | null;
  errors: YamlIssue[];
  hasAliases: boolean;
  /** A collection used as a mapping key (typical of unrendered templates). */
  complexKey: boolean;
}

class FastParser {
  private readonly t: string;
  private readonly n: number;
  /** Line start of the most recent content line found by skipToContent. */
  private cls = 0;
  /** Indentation of that line. */
  private ci = 0;
  /** Line start after the last parsed node. */
  private pos = 0;
  /** End offset of the last parsed flow node / quoted scalar. */
  private fe = 0;
  /** Colon offset of the last key found by tryParseKey. */
  private kColon = 0;
  /** Set when the input relied on libyaml leniency that the yaml package rejects. */
  lenient = false;
  /** Nesting depth of flow collections being parsed. */
  private flowDepth = 0;

  constructor(private readonly src: SourceText) {
    this.t = src.text;
    this.n = src.text.length;
  }

  parseStream(): RawDoc[] {
    const t = this.t;
    if (hasSuspiciousChars(t)) bail();
    const docs: RawDoc[] = [];
    const push = (root: AnyNode | null) => docs.push({ root, errors: [], hasAliases: false, complexKey: false });
    let pos = 0;
    let open = false; // a `---` was seen and its document has no content yet
    let needSep = false; // a document with content just ended
    for (;;) {
      const p = this.skipToContent(pos);
      if (p < 0) {
        if (open) push(null);
        break;
      }
      if (this.ci === 0 && this.isMarker(p, DASH)) {
        if (open) push(null);
        open = true;
        needSep = false;
        let i = p + 3;
        while (t.charCodeAt(i) === SP) i++;
        const c = t.charCodeAt(i);
        if (i >= this.n || c === LF || c === CR || (c === HASH && i > p + 3)) {
          pos = this.finishLine(p + 3);
          continue;
        }
        if (i === p + 3 || c === TAB) bail();
        // Content on the `---` line: only scalars and flow collections.
        if ((c === DASH && this.isWsOrEnd(i + 1)) || this.tryParseKey(i)) bail();
        const root = this.parseInlineValue(i, -1);
        push(root);
        open = false;
        needSep = true;
        pos = this.pos;
        continue;
      }
      if (this.ci === 0 && this.isMarker(p, DOT)) {
        if (open) {
          push(null);
          open = false;
        } else if (!needSep) bail();
        needSep = false;
        pos = this.finishLine(p + 3);
        continue;
      }
      if (needSep) bail();
      const root = this.parseNodeAtLineStart(p, this.ci, -1);
      push(root);
      open = false;
      needSep = true;
      pos = this.pos;
    }
    return docs;
  }

  private isMarker(p: number, ch: number): boolean {
    const t = this.t;
    return (
      t.charCodeAt(p) === ch &&
      t.charCodeAt(p + 1) === ch &&
      t.charCodeAt(p + 2) === ch &&
      this.isWsOrEnd(p + 3)
    );
  }

  /** True at end of text or at a space, tab or line break. */
  private isWsOrEnd(i: number): boolean {
    if (i >= this.n) return true;
    const c = this.t.charCodeAt(i);
    return c === SP || c === LF || c === CR || c === TAB;
  }

  /**
   * From a line start, skips blank and comment-only lines. Returns the offset
   * of the first content character (setting `cls` and `ci`), or -1 at the end.
   */
  private skipToContent(pos: number): number {
    const t = this.t;
    const n = this.n;
    for (;;) {
      let i = pos;
      while (i < n && t.charCodeAt(i) === SP) i++;
      if (i >= n) return -1;
      const c = t.charCodeAt(i);
      if (c === LF) {
        pos = i + 1;
        continue;
      }
      if (c === CR) {
        pos = i + 2;
        continue;
      }
      if (c === HASH) {
        const e = t.indexOf('\n', i);
        if (e < 0) return -1;
        pos = e + 1;
        continue;
      }
      if (c === TAB) bail();
      this.ci = i - pos;
      this.cls = pos;
      return i;
    }
  }

  /** After a node: only spaces and a comment may follow on the line. Returns the next line start. */
  private finishLine(i: number): number {
    const t = this.t;
    const s = i;
    while (t.charCodeAt(i) === SP) i++;
    if (i >= this.n) return this.n;
    const c = t.charCodeAt(i);
    if (c === LF) return i + 1;
    if (c === CR) return i + 2;
    if (c === HASH && i > s) {
      const e = t.indexOf('\n', i);
      return e < 0 ? this.n : e + 1;
    }
    bail();
  }

  private parseNodeAtLineStart(q: number, indent: number, parentIndent: number): AnyNode {
    const t = this.t;
    const c = t.charCodeAt(q);
    if (c === DASH && this.isWsOrEnd(q + 1)) return this.parseBlockSeq(q, indent);
    const key = this.tryParseKey(q);
    if (key) return this.parseBlockMap(indent, key);
    return this.parseInlineValue(q, parentIndent);
  }

  /**
   * If a single-line implicit key followed by `:` starts at p, returns its
   * scalar node (and sets kColon); else null. No other side effects.
   */
  private tryParseKey(p: number): ScalarNode | null {
    const t = this.t;
    const n = this.n;
    const c = t.charCodeAt(p);
    if (c === DQUOTE || c === SQUOTE) {
      // Single-line quoted key.
      let i = p + 1;
      for (;;) {
        if (i >= n) return null;
        const ch = t.charCodeAt(i);
        if (ch === LF || ch === CR) return null;
        if (c === DQUOTE) {
          if (ch === BACKSLASH) {
            i += 2;
            continue;
          }
          if (ch === DQUOTE) break;
        } else if (ch === SQUOTE) {
          if (t.charCodeAt(i + 1) === SQUOTE) {
            i += 2;
            continue;
          }
          break;
        }
        i++;
      }
      const end = i + 1;
      let j = end;
      while (t.charCodeAt(j) === SP) j++;
      if (t.charCodeAt(j) !== COLON || !this.isWsOrEnd(j + 1)) return null;
      const value = c === DQUOTE ? this.decodeDouble(p, -2) : this.decodeSingle(p, -2);
      if (this.fe !== end) bail();
      this.kColon = j;
      return new ScalarNode({ start: p, end }, this.src, value);
    }
    if (isIndicatorStart(c)) return null;
    if ((c === DASH || c === 63 /* ? */ || c === COLON) && this.isWsOrEnd(p + 1)) return null;
    let i = p;
    let end = p;
    for (;;) {
      if (i >= n) return null;
      const ch = t.charCodeAt(i);
      if (ch === LF || ch === CR) return null;
      if (ch === COLON && this.isWsOrEnd(i + 1)) break;
      if (ch === HASH && i > p) {
        const prev = t.charCodeAt(i - 1);
        if (prev === SP || prev === TAB) return null;
      }
      if (ch !== SP && ch !== TAB) end = i + 1;
      i++;
    }
    const text = t.slice(p, end);
    if (text === '<<') bail(); // merge keys: leave to the yaml path
    this.kColon = i;
    return new ScalarNode({ start: p, end }, this.src, resolvePlain(text));
  }

  private parseBlockMap(indent: number, firstKey: ScalarNode): MapNode {
    const pairs: PairNode[] = [];
    let key = firstKey;
    let q: number;
    for (;;) {
      const colon = this.kColon;
      const value = this.parseMapValue(colon, indent);
      pairs.push(
        new PairNode(key, value, { start: key.span.start, end: value ? value.span.end : colon + 1 }, this.src),
      );
      q = this.skipToContent(this.pos);
      if (q < 0) break;
      if (this.ci !== indent) {
        if (this.ci < indent) break;
        bail();
      }
      if (indent === 0 && (this.isMarker(q, DASH) || this.isMarker(q, DOT))) break;
      const k = this.tryParseKey(q);
      if (!k) bail();
      key = k;
    }
    this.pos = q < 0 ? this.n : this.cls;
    return new MapNode({ start: firstKey.span.start, end: pairs[pairs.length - 1].span.end }, this.src, pairs);
  }

  private parseMapValue(colon: number, mapIndent: number): AnyNode | null {
    const t = this.t;
    let i = colon + 1;
    while (t.charCodeAt(i) === SP) i++;
    const c = t.charCodeAt(i);
    if (i >= this.n || c === LF || c === CR || c === HASH) {
      const next = this.finishLine(colon + 1);
      const q = this.skipToContent(next);
      if (q < 0) {
        this.pos = this.n;
        return null;
      }
      if (this.ci > mapIndent) {
        const valueLine = this.cls;
        const node = this.parseNodeAtLineStart(q, this.ci, mapIndent);
        if (node.kind === 'scalar' && valueLine > next) {
          // The yaml package rejects a plain scalar on its own line after a
          // comment line indented no more than the mapping when another key
          // follows; libyaml (Kubernetes) accepts it. Follow Kubernetes.
          const c = t.charCodeAt(q);
          if (c !== DQUOTE && c !== SQUOTE && c !== 124 && c !== 62 && this.hasShallowComment(next, valueLine, mapIndent)) {
            this.lenient = true;
          }
        }
        return node;
      }
      if (this.ci === mapIndent && t.charCodeAt(q) === DASH && this.isWsOrEnd(q + 1) && !this.isMarker(q, DASH)) {
        return this.parseBlockSeq(q, mapIndent);
      }
      this.pos = this.cls;
      return null;
    }
    if (c === TAB) bail();
    if (c === DASH && this.isWsOrEnd(i + 1)) bail();
    return this.parseInlineValue(i, mapIndent);
  }

  /** Whether a comment line indented at most `indent` lies between the line starts `from` and `to`. */
  private hasShallowComment(from: number, to: number, indent: number): boolean {
    const t = this.t;
    let j = from;
    while (j < to) {
      let k = j;
      while (k < to && t.charCodeAt(k) === SP) k++;
      if (t.charCodeAt(k) === HASH && k - j <= indent) return true;
      const e = t.indexOf('\n', k);
      if (e < 0) break;
      j = e + 1;
    }
    return false;
  }

  private parseBlockSeq(p: number, indent: number): SeqNode {
    const t = this.t;
    const items: AnyNode[] = [];
    let q = p;
    for (;;) {
      const ls = this.cls;
      let i = q + 1;
      while (t.charCodeAt(i) === SP) i++;
      const c = t.charCodeAt(i);
      let item: AnyNode;
      if (i >= this.n || c === LF || c === CR || c === HASH) {
        const r = this.skipToContent(this.finishLine(q + 1));
        if (r >= 0 && this.ci > indent) item = this.parseNodeAtLineStart(r, this.ci, indent);
        else {
          item = new ScalarNode({ start: i, end: i }, this.src, null);
          this.pos = r < 0 ? this.n : this.cls;
        }
      } else {
        if (c === TAB) bail();
        const col = i - ls;
        if (c === DASH && this.isWsOrEnd(i + 1)) item = this.parseBlockSeq(i, col);
        else {
          const k = this.tryParseKey(i);
          item = k ? this.parseBlockMap(col, k) : this.parseInlineValue(i, indent);
        }
      }
      items.push(item);
      q = this.skipToContent(this.pos);
      if (q < 0) break;
      if (this.ci !== indent) {
        if (this.ci < indent) break;
        bail();
      }
      if (t.charCodeAt(q) !== DASH || !this.isWsOrEnd(q + 1) || this.isMarker(q, DASH)) break;
    }
    this.pos = q < 0 ? this.n : this.cls;
    return new SeqNode({ start: p, end: items[items.length - 1].span.end }, this.src, items);
  }

  /** A node that starts mid-line (or at line start) and is not a block collection. Sets `pos`. */
  private parseInlineValue(p: number, n: number): AnyNode {
    const t = this.t;
    const c = t.charCodeAt(p);
    let node: AnyNode;
    switch (c) {
      case 124: // |
      case 62: // >
        return this.parseBlockScalar(p, n);
      case DQUOTE:
        node = new ScalarNode({ start: p, end: 0 }, this.src, this.decodeDouble(p, n));
        node.span.end = this.fe;
        break;
      case SQUOTE:
        node = new ScalarNode({ start: p, end: 0 }, this.src, this.decodeSingle(p, n));
        node.span.end = this.fe;
        break;
      case LBRACKET:
      case LBRACE:
        node = this.parseFlowNode(p, n);
        break;
      default:
        if (isIndicatorStart(c)) bail();
        if ((c === 63 || c === COLON || c === DASH) && this.isWsOrEnd(p + 1)) bail();
        return this.parsePlainBlock(p, n);
    }
    this.pos = this.finishLine(this.fe);
    return node;
  }

  /** A plain scalar in block context; continuation lines must be indented more than n. */
  /** Set by scanPlainLine: offset past the line's last non-space character, and whether a comment ends the line. */
  private plainLineEnd = 0;
  private plainLineComment = false;

  /**
   * Scans one line of a plain scalar from `start` to its line break or its
   * ` #` comment; returns where it stopped (fields, not an object: this runs
   * once per line of every manifest).
   */
  private scanPlainLine(start: number): number {
    const t = this.t;
    const len = this.n;
    let i = start;
    let end = start;
    let comment = false;
    for (;;) {
      if (i >= len) break;
      const ch = t.charCodeAt(i);
      if (ch === LF || ch === CR) break;
      if (ch === COLON && this.isWsOrEnd(i + 1)) bail();
      if (ch === HASH) {
        const prev = t.charCodeAt(i - 1);
        if (prev === SP || prev === TAB) {
          comment = true;
          break;
        }
      }
      if (ch !== SP && ch !== TAB) end = i + 1;
      i++;
    }
    this.plainLineEnd = end;
    this.plainLineComment = comment;
    return i;
  }

  private parsePlainBlock(p: number, n: number): ScalarNode {
    const t = this.t;
    const len = this.n;
    const i = this.scanPlainLine(p);
    let end = this.plainLineEnd;
    const comment = this.plainLineComment;
    let value: string | null = null; // built only for multi-line scalars
    if (comment) {
      const e = t.indexOf('\n', i);
      this.pos = e < 0 ? len : e + 1;
    } else {
      // Continuation lines (more indented than n); blank lines between them fold to newlines.
      let j = i >= len ? len : t.charCodeAt(i) === CR ? i + 2 : i + 1;
      let empties = 0;
      for (;;) {
        this.pos = j;
        if (j >= len) break;
        let k = j;
        while (k < len && t.charCodeAt(k) === SP) k++;
        if (k >= len) {
          this.pos = len;
          break;
        }
        const c = t.charCodeAt(k);
        if (c === LF || c === CR) {
          empties++;
          j = c === CR ? k + 2 : k + 1;
          continue;
        }
        if (c === TAB) bail();
        const ind = k - j;
        if (ind <= n || c === HASH) break;
        if (n < 0) {
          if (ind === 0 && (this.isMarker(k, DASH) || this.isMarker(k, DOT))) break;
          bail();
        }
        // Any non-space character may start a continuation line except `#`
        // (handled above) and `: ` (caught by the scan below).
        const m = this.scanPlainLine(k);
        const lend = this.plainLineEnd;
        const lcomment = this.plainLineComment;
        if (value === null) value = t.slice(p, end);
        value += empties === 0 ? ' ' : '\n'.repeat(empties);
        value += t.slice(k, lend);
        empties = 0;
        end = lend;
        if (lcomment) {
          const e = t.indexOf('\n', m);
          this.pos = e < 0 ? len : e + 1;
          break;
        }
        j = m >= len ? len : t.charCodeAt(m) === CR ? m + 2 : m + 1;
      }
    }
    const v = value === null ? resolvePlain(t.slice(p, end)) : resolvePlain(value);
    return new ScalarNode({ start: p, end }, this.src, v);
  }

  /**
   * Line folding inside a quoted scalar: `i` is at the line break. Returns the
   * offset of the next line's first content character and sets `foldEmpties`.
   * A negative n (top level, or a single-line key) does not allow line breaks.
   */
  private foldEmpties = 0;
  private quotedNextLine(i: number, n: number): number {
    if (n < 0) bail();
    const t = this.t;
    const len = this.n;
    let empties = 0;
    let j = t.charCodeAt(i) === CR ? i + 2 : i + 1;
    for (;;) {
      let k = j;
      while (k < len && t.charCodeAt(k) === SP) k++;
      if (k >= len) bail();
      const c = t.charCodeAt(k);
      if (c === TAB) bail();
      if (c === LF || c === CR) {
        empties++;
        j = c === CR ? k + 2 : k + 1;
        continue;
      }
      if (k - j <= n) {
        // YAML 1.2 (and the yaml package) want continuation lines of a quoted
        // scalar indented more than the parent; libyaml, hence go-yaml and
        // Kubernetes, accepts any indentation except a document marker at
        // column 0. Follow Kubernetes.
        if (k === j && (this.isMarker(k, DASH) || this.isMarker(k, DOT))) bail();
        this.lenient = true;
      }
      this.foldEmpties = empties;
      return k;
    }
  }

  /** Decodes a double-quoted scalar starting at p; sets fe to the offset after the closing quote. */
  private decodeDouble(p: number, n: number): string {
    const t = this.t;
    const len = this.n;
    let out = '';
    let i = p + 1;
    let seg = i;
    let keep = 0;
    for (;;) {
      if (i >= len) bail();
      const c = t.charCodeAt(i);
      if (c === DQUOTE) {
        out += t.slice(seg, i);
        this.fe = i + 1;
        return out;
      }
      if (c === BACKSLASH) {
        out += t.slice(seg, i);
        const e = t.charCodeAt(i + 1);
        let adv = 2;
        switch (e) {
          case 48: out += '\0'; break;
          case 97: out += '\x07'; break;
          case 98: out += '\b'; break;
          case 116: case TAB: out += '\t'; break;
          case 110: out += '\n'; break;
          case 118: out += '\v'; break;
          case 102: out += '\f'; break;
          case 114: out += '\r'; break;
          case 101: out += '\x1b'; break;
          case SP: out += ' '; break;
          case DQUOTE: out += '"'; break;
          case 47: out += '/'; break;
          case BACKSLASH: out += '\\'; break;
          case 78: out += '\x85'; break;
          case 95: out += '\xa0'; break;
          case 76: out += '\u2028'; break;
          case 80: out += '\u2029'; break;
          case 120: out += this.hexEscape(i + 2, 2); adv = 4; break;
          case 117: out += this.hexEscape(i + 2, 4); adv = 6; break;
          case 85: out += this.hexEscape(i + 2, 8); adv = 10; break;
          case LF:
          case CR: {
            // Escaped line break: joined without a space.
            const k = this.quotedNextLine(i + 1, n);
            if (this.foldEmpties > 0) bail();
            i = k;
            seg = k;
            keep = out.length;
            continue;
          }
          default:
            bail();
        }
        i += adv;
        seg = i;
        keep = out.length;
        continue;
      }
      if (c === LF || c === CR) {
        const folded = this.foldQuotedBreak(out, keep, seg, i, n);
        out = folded.out;
        keep = out.length;
        i = seg = folded.next;
        continue;
      }
      i++;
    }
  }

  /**
   * A line break inside a quoted scalar: trailing spaces before it are dropped
   * (not escaped ones, before `keep`), then it folds to one space, or to the
   * empty lines that follow it.
   */
  private foldQuotedBreak(out: string, keep: number, seg: number, i: number, n: number): { out: string; next: number } {
    // Trimmed in the text first: reading the end of `out` would flatten the whole
    // concatenation on every line, quadratic in the length of a long quoted scalar.
    const t = this.t;
    let e = i;
    while (e > seg) {
      const ch = t.charCodeAt(e - 1);
      if (ch !== SP && ch !== TAB) break;
      e--;
    }
    if (e > seg) out += t.slice(seg, e);
    else {
      // The line's segment is blank: the spaces to drop may end what came before it.
      let o = out.length;
      while (o > keep) {
        const ch = out.charCodeAt(o - 1);
        if (ch !== SP && ch !== TAB) break;
        o--;
      }
      if (o < out.length) out = out.slice(0, o);
    }
    const next = this.quotedNextLine(i, n);
    return { out: out + (this.foldEmpties === 0 ? ' ' : '\n'.repeat(this.foldEmpties)), next };
  }

  private hexEscape(i: number, count: number): string {
    const h = this.t.slice(i, i + count);
    if (h.length !== count || !/^[0-9a-fA-F]+$/.test(h)) bail();
    const cp = parseInt(h, 16);
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) bail();
    return String.fromCodePoint(cp);
  }

  private decodeSingle(p: number, n: number): string {
    const t = this.t;
    const len = this.n;
    let out = '';
    let i = p + 1;
    let seg = i;
    let keep = 0;
    for (;;) {
      if (i >= len) bail();
      const c = t.charCodeAt(i);
      if (c === SQUOTE) {
        if (t.charCodeAt(i + 1) === SQUOTE) {
          out += t.slice(seg, i + 1);
          i += 2;
          seg = i;
          keep = out.length;
          continue;
        }
        out += t.slice(seg, i);
        this.fe = i + 1;
        return out;
      }
      if (c === LF || c === CR) {
        const folded = this.foldQuotedBreak(out, keep, seg, i, n);
        out = folded.out;
        keep = out.length;
        i = seg = folded.next;
        continue;
      }
      i++;
    }
  }

  /** `|` / `>` block scalar; n is the parent block indentation. Sets `pos`. */
  private parseBlockScalar(p: number, n: number): ScalarNode {
    if (n < 0) bail();
    const t = this.t;
    const len = this.n;
    const literal = t.charCodeAt(p) === 124;
    let chomp = 0; // 0 clip, 1 keep, -1 strip
    // An indentation indicator (`|2-`, as kubectl prints text that starts with spaces) fixes the
    // content's indentation at the parent's plus the digit instead of taking the first line's.
    let indicator = 0;
    let i = p + 1;
    for (let k = 0; k < 2; k++) {
      const c = t.charCodeAt(i);
      if (c === 43 && chomp === 0) {
        chomp = 1;
        i++;
      } else if (c === DASH && chomp === 0) {
        chomp = -1;
        i++;
      } else if (c >= 49 && c <= 57 && indicator === 0) {
        indicator = c - 48;
        i++;
      } else if (c >= 48 && c <= 57) bail();
      else break;
    }
    const headerEnd = i;
    let j = this.finishLine(i);
    if (j < len && t.charCodeAt(j - 1) !== LF) bail();
    let contentIndent = indicator > 0 ? n + indicator : -1;
    let maxLead = 0;
    let pending = 0;
    let out = '';
    let first = true;
    let prevMore = false;
    let lastEnd = headerEnd;
    let lastHadBreak = true;
    let lineStart = j;
    for (;;) {
      lineStart = j;
      if (j >= len) break;
      let k = j;
      while (k < len && t.charCodeAt(k) === SP) k++;
      if (k >= len) {
        // Trailing spaces at the end of the text, without a line break.
        if (contentIndent >= 0 && k - j > contentIndent) bail();
        break;
      }
      const c = t.charCodeAt(k);
      const sp = k - j;
      // A line of spaces only is empty up to the content's indentation; beyond it, the spaces are
      // the line's text (a content line like any other).
      if ((c === LF || c === CR) && (contentIndent < 0 || sp <= contentIndent)) {
        if (contentIndent < 0 && sp > maxLead) maxLead = sp;
        pending++;
        j = c === CR ? k + 2 : k + 1;
        continue;
      }
      if (contentIndent < 0) {
        if (sp <= n) break;
        if (maxLead > sp) bail();
        contentIndent = sp;
      } else if (sp < contentIndent) break;
      // A tab after the indentation is text, as in a Makefile kept in a ConfigMap; a tab where the
      // indentation is still being told apart is left to the yaml package.
      if (c === TAB && sp !== contentIndent) bail();
      let e = t.indexOf('\n', k);
      let next: number;
      if (e < 0) {
        e = len;
        next = len;
        lastHadBreak = false;
      } else {
        next = e + 1;
        if (t.charCodeAt(e - 1) === CR) e--;
        lastHadBreak = true;
      }
      const lineText = t.slice(j + contentIndent, e);
      const fc = lineText.charCodeAt(0);
      const more = fc === SP || fc === TAB;
      if (first) {
        out = pending > 0 ? '\n'.repeat(pending) + lineText : lineText;
        first = false;
      } else if (literal || prevMore || more) {
        out += '\n'.repeat(pending + 1) + lineText;
      } else {
        out += (pending === 0 ? ' ' : '\n'.repeat(pending)) + lineText;
      }
      prevMore = more;
      pending = 0;
      let le = e;
      while (le > k) {
        const ch = t.charCodeAt(le - 1);
        if (ch !== SP && ch !== TAB) break;
        le--;
      }
      // The scalar's range ends at its last text that is not spaces alone (as the yaml package has it).
      if (k < e) lastEnd = le;
      j = next;
    }
    let value: string;
    if (first) {
      // No text: keeping gives the empty lines' breaks, clipping and stripping the empty string.
      value = chomp === 1 ? '\n'.repeat(pending) : '';
    } else if (chomp === -1) value = out;
    else if (chomp === 0) value = out + '\n';
    else {
      if (!lastHadBreak) bail();
      value = out + '\n'.repeat(pending + 1);
    }
    this.pos = lineStart;
    return new ScalarNode({ start: p, end: lastEnd }, this.src, value);
  }

  // -- flow collections ----------------------------------------------------

  /** Skips spaces, line breaks and comments inside a flow collection. */
  private skipFlowWs(i: number, n: number): number {
    const t = this.t;
    const len = this.n;
    let lineStart = -1;
    for (;;) {
      if (i >= len) bail();
      const c = t.charCodeAt(i);
      if (c === SP) {
        i++;
        continue;
      }
      if (c === LF || c === CR) {
        i = c === CR ? i + 2 : i + 1;
        lineStart = i;
        continue;
      }
      if (c === TAB) bail();
      if (c === HASH) {
        const prev = t.charCodeAt(i - 1);
        if (i !== lineStart && prev !== SP) bail();
        const e = t.indexOf('\n', i);
        if (e < 0) bail();
        i = e + 1;
        lineStart = i;
        continue;
      }
      if (lineStart >= 0) {
        const ind = i - lineStart;
        if (n >= 0) {
          // yaml accepts (with a warning) the outermost closing bracket at the parent's indentation.
          if (ind < n || (ind === n && (this.flowDepth !== 1 || (c !== RBRACKET && c !== RBRACE)))) bail();
        } else if (ind === 0 && (this.isMarker(i, DASH) || this.isMarker(i, DOT))) bail();
      }
      return i;
    }
  }

  private parseFlowNode(p: number, n: number): AnyNode {
    const t = this.t;
    const c = t.charCodeAt(p);
    if (c === LBRACKET) return this.parseFlowSeq(p, n);
    if (c === LBRACE) return this.parseFlowMap(p, n);
    if (c === DQUOTE || c === SQUOTE) {
      const v = c === DQUOTE ? this.decodeDouble(p, n) : this.decodeSingle(p, n);
      return new ScalarNode({ start: p, end: this.fe }, this.src, v);
    }
    return this.parseFlowPlain(p);
  }

  private parseFlowPlain(p: number): ScalarNode {
    const t = this.t;
    const len = this.n;
    const c = t.charCodeAt(p);
    if (isIndicatorStart(c)) bail();
    if (c === DASH || c === 63 || c === COLON) {
      const nx = t.charCodeAt(p + 1);
      if (this.isWsOrEnd(p + 1) || isFlowIndicator(nx)) bail();
    }
    let i = p;
    let end = p;
    for (;;) {
      if (i >= len) bail();
      const ch = t.charCodeAt(i);
      if (ch === LF || ch === CR || isFlowIndicator(ch)) break;
      if (ch === COLON) {
        const nx = t.charCodeAt(i + 1);
        if (this.isWsOrEnd(i + 1) || isFlowIndicator(nx)) break;
      }
      if (ch === HASH) {
        const prev = t.charCodeAt(i - 1);
        if (prev === SP || prev === TAB) break;
      }
      if (ch !== SP && ch !== TAB) end = i + 1;
      i++;
    }
    this.fe = end;
    return new ScalarNode({ start: p, end }, this.src, resolvePlain(t.slice(p, end)));
  }

  private parseFlowSeq(p: number, n: number): SeqNode {
    const t = this.t;
    const items: AnyNode[] = [];
    let i = p + 1;
    this.flowDepth++;
    for (;;) {
      i = this.skipFlowWs(i, n);
      const c = t.charCodeAt(i);
      if (c === RBRACKET) break;
      const node = this.parseFlowNode(i, n);
      i = this.skipFlowWs(this.fe, n);
      const d = t.charCodeAt(i);
      items.push(node);
      if (d === COMMA) {
        i++;
        continue;
      }
      if (d === RBRACKET) break;
      bail();
    }
    this.flowDepth--;
    this.fe = i + 1;
    return new SeqNode({ start: p, end: i + 1 }, this.src, items);
  }

  private parseFlowMap(p: number, n: number): MapNode {
    const t = this.t;
    const pairs: PairNode[] = [];
    let i = p + 1;
    this.flowDepth++;
    for (;;) {
      i = this.skipFlowWs(i, n);
      const c = t.charCodeAt(i);
      if (c === RBRACE) break;
      if (c === LBRACKET || c === LBRACE) bail();
      const key = this.parseFlowNode(i, n) as ScalarNode;
      const keyEnd = this.fe;
      if (c !== DQUOTE && c !== SQUOTE && key.source === '<<') bail();
      let j = keyEnd;
      while (t.charCodeAt(j) === SP) j++;
      let value: AnyNode | null = null;
      let pairEnd = keyEnd;
      let k: number;
      if (t.charCodeAt(j) === COLON) {
        pairEnd = j + 1;
        k = this.skipFlowWs(j + 1, n);
        const d = t.charCodeAt(k);
        if (d !== COMMA && d !== RBRACE) {
          value = this.parseFlowNode(k, n);
          pairEnd = this.fe;
          k = this.skipFlowWs(this.fe, n);
        }
      } else {
        k = this.skipFlowWs(keyEnd, n);
        const d = t.charCodeAt(k);
        if (d !== COMMA && d !== RBRACE) bail();
        pairEnd = keyEnd;
      }
      pairs.push(new PairNode(key, value, { start: key.span.start, end: pairEnd }, this.src));
      const d = t.charCodeAt(k);
      if (d === COMMA) {
        i = k + 1;
        continue;
      }
      if (d === RBRACE) {
        i = k;
        break;
      }
      bail();
    }
    this.flowDepth--;
    this.fe = i + 1;
    return new MapNode({ start: p, end: i + 1 }, this.src, pairs);
  }
}

// ---------------------------------------------------------------------------
// `yaml` package path.

interface YRangeNode {
  range?: [number, number, number] | null;
}

class YamlConverter {
  anchors = new Map<string, AnyNode>();
  errors: YamlIssue[] = [];
  hasAliases = false;
  complexKey = false;
  constructor(
    private readonly src: SourceText,
    private readonly reportErrors: boolean,
  ) {}

  private err(code: string, message: string, start: number, end: number): void {
    if (this.reportErrors) this.errors.push({ code, message, range: this.src.range(start, end), severity: 'error' });
  }

  convert(node: unknown): AnyNode {
    const src = this.src;
    const text = src.text;
    const r = (node as YRangeNode).range ?? [0, 0, 0];
    let out: AnyNode;
    if (isScalar(node)) {
      const type = node.type;
      const raw = typeof node.value === 'string' ? node.value : String(node.value ?? '');
      const tag = node.tag;
      let value: string | number | boolean | null;
      let end = r[1];
      if (type === 'BLOCK_LITERAL' || type === 'BLOCK_FOLDED') {
        // Span: header through the last non-blank content character.
        let h = r[0] + 1;
        while (h < r[1]) {
          const c = text.charCodeAt(h);
          if (c === 43 || c === DASH || (c >= 48 && c <= 57)) h++;
          else break;
        }
        const nl = text.indexOf('\n', r[0]);
        let e = r[1];
        if (nl >= 0 && nl < r[1]) {
          while (e > nl) {
            const c = text.charCodeAt(e - 1);
            if (c !== SP && c !== TAB && c !== LF && c !== CR) break;
            e--;
          }
          end = e > nl ? e : h;
        } else end = h;
      }
      if (type === 'PLAIN' || type === undefined) {
        value = tag ? resolveTagged(tag, raw) : resolvePlain(raw);
      } else {
        value = tag && tag !== '!' ? resolveTagged(tag, raw, true) : raw;
      }
      const s = new ScalarNode({ start: r[0], end }, src, value);
      if (type === 'PLAIN' && !tag && raw === '<<') s._merge = true;
      out = s;
    } else if (isAlias(node)) {
      this.hasAliases = true;
      const name = node.source;
      const target = this.anchors.get(name);
      if (!target) {
        this.err('UNKNOWN_ALIAS', `Unknown alias *${name}`, r[0], r[1]);
        return new ScalarNode({ start: r[0], end: r[1] }, src, null);
      }
      return makeAliasNode(target, { start: r[0], end: r[1] }, src, name);
    } else if (isMap(node)) {
      const pairs: PairNode[] = [];
      for (const p of node.items) {
        const k = p.key as unknown;
        const v = p.value as unknown;
        let key: AnyNode;
        if (k === null || k === undefined) {
          const at = v && (v as YRangeNode).range ? (v as YRangeNode).range![0] : r[0];
          this.err('EMPTY_KEY', 'Mapping key is empty', at, at);
          key = new ScalarNode({ start: at, end: at }, src, null);
        } else key = this.convert(k);
        if (key.kind !== 'scalar') {
          this.complexKey = true;
          this.err('COMPLEX_KEY', 'Collections as mapping keys are not supported (Kubernetes rejects them)', key.span.start, key.span.end);
          continue;
        }
        let value: AnyNode | null = null;
        if (v !== null && v !== undefined) {
          const isEmpty =
            isScalar(v) && v.type === 'PLAIN' && !v.tag && !v.anchor && v.range && v.range[0] === v.range[1];
          if (!isEmpty) value = this.convert(v);
        }
        let colonEnd = key.span.end;
        let j = key.span.end;
        while (j < text.length) {
          const c = text.charCodeAt(j);
          if (c === SP || c === TAB) j++;
          else break;
        }
        if (text.charCodeAt(j) === COLON) colonEnd = j + 1;
        pairs.push(
          new PairNode(key, value, { start: key.span.start, end: value ? value.span.end : colonEnd }, src),
        );
      }
      const flow = text.charCodeAt(r[0]) === LBRACE;
      const end = flow || pairs.length === 0 ? r[1] : pairs[pairs.length - 1].span.end;
      out = new MapNode({ start: r[0], end }, src, pairs);
    } else if (isSeq(node)) {
      const items: AnyNode[] = [];
      for (const it of node.items) {
        if (it === null || it === undefined) items.push(new ScalarNode({ start: r[0], end: r[0] }, src, null));
        else items.push(this.convert(it));
      }
      const flow = text.charCodeAt(r[0]) === LBRACKET;
      const end = flow || items.length === 0 ? r[1] : items[items.length - 1].span.end;
      out = new SeqNode({ start: r[0], end }, src, items);
    } else {
      // Pair or unknown: should not happen.
      out = new ScalarNode({ start: r[0], end: r[1] }, src, null);
    }
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor) {
      out.anchor = anchor;
      this.anchors.set(anchor, out);
    }
    return out;
  }
}

function resolveTagged(tag: string, raw: string, quoted = false): string | number | boolean | null {
  switch (tag) {
    case 'tag:yaml.org,2002:str':
      return raw;
    case 'tag:yaml.org,2002:null':
      return null;
    case 'tag:yaml.org,2002:bool':
    case 'tag:yaml.org,2002:int':
    case 'tag:yaml.org,2002:float': {
      const v = resolvePlain(raw);
      const want = tag.endsWith('bool') ? 'boolean' : 'number';
      return typeof v === want ? v : raw;
    }
    default:
      return quoted ? raw : resolvePlain(raw);
  }
}

function parseWithYaml(src: SourceText): RawDoc[] {
  // YAMLError extends Error: broken files (unrendered templates) create
  // hundreds of them, and capturing their stack traces dominates the cost.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  let docs: ReturnType<typeof parseAllDocuments>;
  try {
    docs = parseAllDocuments(src.text, {
      schema: 'failsafe',
      uniqueKeys: false,
      prettyErrors: false,
      strict: true,
    });
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  const out: RawDoc[] = [];
  for (const doc of docs as unknown as Array<{
    contents: unknown;
    errors: Array<{ code: string; message: string; pos: [number, number] }>;
  }>) {
    // Error recovery can produce hundreds of follow-up errors; the first few say it all.
    const errors: YamlIssue[] = doc.errors.slice(0, MAX_ERRORS_PER_DOCUMENT).map((e) => ({
      code: 'YAML_SYNTAX',
      message: e.message,
      range: src.range(e.pos[0], Math.max(e.pos[1], e.pos[0])),
      severity: 'error' as const,
    }));
    const conv = new YamlConverter(src, errors.length === 0);
    let root: AnyNode | null = null;
    const c = doc.contents as unknown;
    if (c !== null && c !== undefined) {
      const empty = isScalar(c) && c.type === 'PLAIN' && !c.tag && !c.anchor && c.range && c.range[0] === c.range[1];
      if (!empty) root = conv.convert(c);
    }
    out.push({ root, errors: errors.concat(conv.errors), hasAliases: conv.hasAliases, complexKey: conv.complexKey });
  }
  return out;
}

// ---------------------------------------------------------------------------
// Values, merges, duplicates, alias budget.

class ValueBuilder {
  issues: YamlIssue[] = [];
  fatal = false;

  constructor(private readonly src: SourceText) {}

  private issue(code: string, message: string, node: { span: Span }, severity: 'error' | 'warning'): void {
    this.issues.push({ code, message, range: this.src.range(node.span.start, node.span.end), severity });
    if (severity === 'error') this.fatal = true;
  }

  value(node: AnyNode): unknown {
    const target = node._target;
    if (target) return this.value(target);
    if (node.anchor !== undefined) {
      if (node._v === undefined) node._v = this.compute(node);
      return node._v;
    }
    return this.compute(node);
  }

  private compute(node: AnyNode): unknown {
    if (node.kind === 'scalar') return node.value;
    if (node.kind === 'seq') {
      const items = node.items;
      const arr = new Array<unknown>(items.length);
      for (let i = 0; i < items.length; i++) arr[i] = this.value(items[i]);
      return arr;
    }
    const pairs = node.pairs;
    const out: Record<string, unknown> = {};
    let hasMerge = false;
    for (let i = 0; i < pairs.length; i++) {
      if (pairs[i].key._merge) {
        hasMerge = true;
        break;
      }
    }
    const explicit = hasMerge ? new Set<string>() : null;
    for (let i = 0; i < pairs.length; i++) {
      const p = pairs[i];
      if (p.key._merge) {
        this.merge(out, p);
        continue;
      }
      const k = keyString(p.key.value);
      const dup = explicit ? explicit.has(k) : Object.prototype.hasOwnProperty.call(out, k);
      if (dup) this.issue('DUPLICATE_KEY', `Duplicate key "${k}"; the last value wins`, p.key, 'warning');
      if (explicit) explicit.add(k);
      setProp(out, k, p.value ? this.value(p.value) : null);
    }
    return out;
  }

  private merge(out: Record<string, unknown>, p: PairNode): void {
    const v = p.value;
    const bad = () =>
      this.issue('MERGE_INVALID', 'A merge key (<<) needs a mapping or a sequence of mappings', v ?? p.key, 'error');
    if (!v) return bad();
    if (v.kind === 'map') {
      Object.assign(out, this.value(v));
      return;
    }
    if (v.kind === 'seq') {
      for (const it of v.items) if (it.kind !== 'map') return bad();
      for (let i = v.items.length - 1; i >= 0; i--) Object.assign(out, this.value(v.items[i]));
      return;
    }
    bad();
  }
}

function setProp(obj: Record<string, unknown>, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(obj, k, { value: v, enumerable: true, writable: true, configurable: true });
  else obj[k] = v;
}

/** Number of alias dereferences when the node is fully expanded. */
function aliasWeight(node: AnyNode, limit: number): number {
  const target = node._target;
  if (target) {
    if (target._w === undefined) target._w = aliasWeight(target, limit);
    return 1 + target._w;
  }
  if (node.kind === 'scalar') return 0;
  let w = 0;
  if (node.kind === 'seq') {
    for (const it of node.items) {
      w += aliasWeight(it, limit);
      if (w > limit) return w;
    }
  } else {
    for (const p of node.pairs) {
      w += aliasWeight(p.key, limit);
      if (p.value) w += aliasWeight(p.value, limit);
      if (w > limit) return w;
    }
  }
  return w;
}

function firstAlias(node: AnyNode): AnyNode | null {
  if (node._target) return node;
  if (node.kind === 'seq') {
    for (const it of node.items) {
      const a = firstAlias(it);
      if (a) return a;
    }
  } else if (node.kind === 'map') {
    for (const p of node.pairs) {
      const a = firstAlias(p.key) ?? (p.value ? firstAlias(p.value) : null);
      if (a) return a;
    }
  }
  return null;
}

// ---------------------------------------------------------------------------
// Paths and locate.

const pathCache = new Map<string, PathSegment[]>();

/** Parses `a.b[0].c` / `a["x.y/z"]` / `a['x']` into segments. */
export function parsePath(path: string): PathSegment[] {
  const cached = pathCache.get(path);
  if (cached) return cached;
  const segs: PathSegment[] = [];
  let cur = '';
  let has = false;
  let i = 0;
  const len = path.length;
  while (i < len) {
    const c = path[i];
    if (c === '.') {
      if (has) segs.push(cur);
      cur = '';
      has = false;
      i++;
    } else if (c === '[') {
      if (has) segs.push(cur);
      cur = '';
      has = false;
      const q = path[i + 1];
      if (q === '"' || q === "'") {
        let j = i + 2;
        let s = '';
        while (j < len && path[j] !== q) {
          if (path[j] === '\\' && j + 1 < len) j++;
          s += path[j];
          j++;
        }
        segs.push(s);
        i = j + 1;
        while (i < len && path[i] !== ']') i++;
        i++;
      } else {
        const j = path.indexOf(']', i);
        const inner = j < 0 ? path.slice(i + 1) : path.slice(i + 1, j);
        segs.push(/^\d+$/.test(inner) ? Number(inner) : inner);
        i = j < 0 ? len : j + 1;
      }
    } else {
      cur += c;
      has = true;
      i++;
    }
  }
  if (has) segs.push(cur);
  if (pathCache.size > 2000) pathCache.clear();
  pathCache.set(path, segs);
  return segs;
}

/** The pair that provides `key` in a mapping (last wins; merges as in go-yaml v2). */
function findPair(map: MapNode, key: string): PairNode | null {
  let found: PairNode | null = null;
  const pairs = map.pairs;
  for (let i = 0; i < pairs.length; i++) {
    const p = pairs[i];
    if (p.key._merge) {
      const v = p.value;
      if (!v) continue;
      if (v.kind === 'map') {
        const r = findPair(v, key);
        if (r) found = r;
      } else if (v.kind === 'seq') {
        for (let j = v.items.length - 1; j >= 0; j--) {
          const it = v.items[j];
          if (it.kind === 'map') {
            const r = findPair(it, key);
            if (r) found = r;
          }
        }
      }
      continue;
    }
    const kv = p.key.value;
    if (kv === key || (typeof kv !== 'string' && keyString(kv) === key)) found = p;
  }
  return found;
}

function firstLineRange(node: AnyNode): Range {
  const src = node._src;
  const start = node.span.start;
  const line = src.position(start).line;
  const end = Math.min(node.span.end, src.lineEnd(line));
  return src.range(start, Math.max(start, end));
}

/**
 * Locates a path inside `root`. Found: `value` is the node's range (for
 * `key:` with no value, the pair's range), `key` the key scalar's range (the
 * node itself for sequence items and the root), `pair` key through value.
 * Missing: the nearest existing parent, `exact: false` — the parent's key
 * when the parent is a mapping value, else the first line of the parent node
 * (e.g. the `- name: …` line of a container).
 */
export function locateIn(root: YamlNode, path: string | PathSegment[], part: 'value' | 'key' | 'pair' = 'value'): FieldLocation {
  const segs = typeof path === 'string' ? parsePath(path) : path;
  let node = root as AnyNode;
  let pair: PairNode | null = null;
  const matched: PathSegment[] = [];
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i];
    let nextPair: PairNode | null = null;
    let next: AnyNode | null = null;
    if (node.kind === 'map') {
      nextPair = findPair(node, typeof seg === 'number' ? String(seg) : seg);
      if (nextPair) {
        if (!nextPair.value) {
          matched.push(seg);
          if (i === segs.length - 1) {
            const r = part === 'key' ? nextPair.key.range : nextPair.range;
            return { range: r, exact: true, node: null, matched };
          }
          return { range: nextPair.key.range, exact: false, node: nextPair.key, matched };
        }
        next = nextPair.value;
      }
    } else if (node.kind === 'seq') {
      const idx = typeof seg === 'number' ? seg : /^\d+$/.test(seg) ? Number(seg) : -1;
      if (idx >= 0 && idx < node.items.length) next = node.items[idx];
    }
    if (!next) {
      return { range: pair ? pair.key.range : firstLineRange(node), exact: false, node, matched };
    }
    matched.push(seg);
    node = next;
    pair = nextPair;
  }
  let range: Range;
  if (part === 'value' || !pair) range = node.range;
  else if (part === 'key') range = pair.key.range;
  else range = pair.range;
  return { range, exact: true, node, matched };
}

// ---------------------------------------------------------------------------
// Objects.

class K8sObjectImpl implements K8sObject {
  constructor(
    readonly file: string,
    readonly documentIndex: number,
    readonly listIndex: number | null,
    readonly apiVersion: string,
    readonly kind: string,
    readonly name: string | null,
    readonly namespace: string | null,
    readonly value: Record<string, unknown>,
    readonly node: YamlMap,
  ) {}

  locate(path: string | PathSegment[], part: 'value' | 'key' | 'pair' = 'value'): FieldLocation {
    return locateIn(this.node, path, part);
  }
}

function metaString(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}


/** API groups of tool configuration files: apiVersion/kind-shaped, but not objects sent to a cluster. */
const TOOL_CONFIG_GROUPS: Record<string, string> = {
  'kustomize.config.k8s.io': 'kustomize configuration',
  'kind.x-k8s.io': 'kind cluster configuration',
  'kubeadm.k8s.io': 'kubeadm configuration',
  'kubelet.config.k8s.io': 'kubelet configuration file',
  'kubeproxy.config.k8s.io': 'kube-proxy configuration file',
  'kubescheduler.config.k8s.io': 'kube-scheduler configuration file',
  'kubecontrollermanager.config.k8s.io': 'kube-controller-manager configuration file',
  'cloudcontrollermanager.config.k8s.io': 'cloud-controller-manager configuration file',
  'apiserver.config.k8s.io': 'API server configuration file',
  'apiserver.k8s.io': 'API server configuration file',
  'audit.k8s.io': 'audit policy file',
  'client.authentication.k8s.io': 'client credential plugin configuration',
  'kubectl.config.k8s.io': 'kubectl preferences (kuberc)',
  'eventratelimit.admission.k8s.io': 'admission plugin configuration',
  'podsecurity.admission.config.k8s.io': 'admission plugin configuration',
  'config.kubernetes.io': 'KRM function configuration',
  'kpt.dev': 'kpt configuration',
  'fn.kpt.dev': 'kpt function configuration',
  'k3d.io': 'k3d cluster configuration',
  'ctlptl.dev': 'ctlptl configuration',
  'kwok.x-k8s.io': 'kwok configuration',
  'config.kwok.x-k8s.io': 'kwok configuration',
  builtin: 'kustomize builtin plugin configuration',
};

function toolConfigReason(apiVersion: string, kind: string): string | null {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const r = TOOL_CONFIG_GROUPS[group];
  if (r) return `${r} (${apiVersion} ${kind}), not a Kubernetes API object`;
  if (group === 'skaffold' || apiVersion.startsWith('skaffold/')) {
    return `Skaffold configuration (${apiVersion} ${kind}), not a Kubernetes API object`;
  }
  if (apiVersion === 'v1' && kind === 'Config') return 'kubeconfig file (v1 Config), not a Kubernetes API object';
  if (apiVersion === 'builtin') return `kustomize builtin plugin configuration (${kind}), not a Kubernetes API object`;
  return null;
}

function nonObjectReason(v: unknown): string {
  if (v === null || v === undefined) return 'empty document';
  if (Array.isArray(v)) return 'not a Kubernetes object: the document is a sequence';
  if (!isPlainObject(v)) return 'not a Kubernetes object: the document is a scalar';
  const has = (k: string) => Object.prototype.hasOwnProperty.call(v, k);
  if (has('jobs') && (has('on') || has('true'))) return 'not a Kubernetes object: GitHub Actions workflow';
  if (has('jobs') && has('version') && (has('workflows') || has('orbs') || has('executors'))) {
    return 'not a Kubernetes object: CircleCI configuration';
  }
  if (has('services') && !has('apiVersion')) return 'not a Kubernetes object: Docker Compose file';
  if (has('apiVersion') && has('name') && has('version') && !has('kind')) {
    return 'not a Kubernetes object: Helm Chart.yaml';
  }
  if (has('steps') && !has('apiVersion')) return 'not a Kubernetes object: Cloud Build configuration';
  if (!has('apiVersion') && (has('resources') || has('bases') || has('patches') || has('components'))) {
    return 'not a Kubernetes object: kustomization without apiVersion/kind';
  }
  if (has('apiVersion') && has('kind')) return 'not a Kubernetes object: apiVersion and kind must be strings';
  if (has('apiVersion')) return 'not a Kubernetes object: no kind';
  if (has('kind')) return 'not a Kubernetes object: no apiVersion';
  return 'not a Kubernetes object: no apiVersion/kind';
}

/** `{{` outside quoted strings and comments, as in Helm / Go templates. */
export function hasTemplateSyntax(text: string): boolean {
  let from = 0;
  for (;;) {
    const at = text.indexOf('{{', from);
    if (at < 0) return false;
    const ls = text.lastIndexOf('\n', at - 1) + 1;
    // Scan the line up to `at`, tracking quotes and comments.
    let quote = 0;
    let comment = false;
    for (let i = ls; i < at; i++) {
      const c = text.charCodeAt(i);
      if (quote) {
        if (c === quote) {
          if (quote === SQUOTE && text.charCodeAt(i + 1) === SQUOTE) i++;
          else quote = 0;
        } else if (c === BACKSLASH && quote === DQUOTE) i++;
      } else if (c === HASH && (i === ls || text.charCodeAt(i - 1) === SP || text.charCodeAt(i - 1) === TAB)) {
        comment = true;
        break;
      } else if ((c === DQUOTE || c === SQUOTE) && (i === ls || !/[A-Za-z0-9]/.test(text[i - 1]))) quote = c;
    }
    if (!comment && !quote) return true;
    const nl = text.indexOf('\n', at);
    if (nl < 0) return false;
    from = nl + 1;
  }
}

// ---------------------------------------------------------------------------
// Entry point.

/** @internal parses into per-document trees; exposed for tests and benchmarks. */
export function parseDocuments(
  src: SourceText,
  engine: 'auto' | 'yaml' | 'fast' = 'auto',
): { docs: RawDoc[]; fast: boolean; lenient?: boolean } | null {
  if (engine !== 'yaml') {
    try {
      const fp = new FastParser(src);
      const docs = fp.parseStream();
      return { docs, fast: true, lenient: fp.lenient };
    } catch (e) {
      if (engine === 'fast') {
        if (e !== BAIL) throw e;
        return null;
      }
    }
  }
  return { docs: parseWithYaml(src), fast: false };
}

/** Loads a YAML file (its text, or the engine's `SourceText` of it) and returns its Kubernetes objects. Never throws. */
export function loadK8sFile(file: string, text: string | SourceText, options: LoadK8sOptions = {}): K8sFile {
  const source = typeof text === 'string' ? new SourceText(text) : text;
  const result: K8sFile = { file, source, documentCount: 0, objects: [], issues: [], skipped: [] };
  try {
    load(result, options);
  } catch (e) {
    // Deep nesting (stack overflow) or a bug: report instead of throwing.
    result.objects = [];
    result.issues.push({
      code: 'LOAD_FAILED',
      message: `Could not load the file: ${e instanceof Error ? e.message : String(e)}`,
      range: source.range(0, 0),
      severity: 'error',
    });
  }
  return result;
}

function load(result: K8sFile, options: LoadK8sOptions): void {
  const source = result.source;
  const file = result.file;
  const maxAlias = options.maxAliasCount ?? DEFAULT_MAX_ALIAS_COUNT;
  const { docs } = parseDocuments(source, options.engine ?? 'auto')!;
  result.documentCount = docs.length;

  const broken = docs.some((d) => d.errors.length > 0);
  if ((broken || docs.some((d) => d.complexKey)) && hasTemplateSyntax(source.text)) {
    const reason = 'Helm/Go template ({{ }} outside quoted strings), not a Kubernetes manifest';
    for (let i = 0; i < docs.length; i++) result.skipped.push({ documentIndex: i, reason });
    if (docs.length === 0) result.skipped.push({ documentIndex: 0, reason });
    return;
  }

  for (let di = 0; di < docs.length; di++) {
    const doc = docs[di];
    if (doc.errors.length > 0) {
      result.issues.push(...doc.errors);
      result.skipped.push({ documentIndex: di, reason: 'invalid YAML' });
      continue;
    }
    const root = doc.root;
    if (!root) {
      if (options.verbose) result.skipped.push({ documentIndex: di, reason: 'empty document' });
      continue;
    }
    if (doc.hasAliases && maxAlias >= 0) {
      const w = aliasWeight(root, maxAlias);
      if (w > maxAlias) {
        const at = firstAlias(root) ?? root;
        result.issues.push({
          code: 'ALIAS_LIMIT',
          message: `Too many aliases: expanding this document dereferences more than ${maxAlias} aliases`,
          range: source.range(at.span.start, at.span.end),
          severity: 'error',
        });
        result.skipped.push({ documentIndex: di, reason: 'excessive aliasing' });
        continue;
      }
    }
    const vb = new ValueBuilder(source);
    const value = vb.value(root);
    result.issues.push(...vb.issues);
    if (vb.fatal) {
      result.skipped.push({ documentIndex: di, reason: 'invalid YAML' });
      continue;
    }
    addObjects(result, file, di, root, value, options);
  }
}

function addObjects(
  result: K8sFile,
  file: string,
  di: number,
  root: AnyNode,
  value: unknown,
  options: LoadK8sOptions,
): void {
  const skip = (reason: string): void => {
    result.skipped.push({ documentIndex: di, reason });
  };
  if (!isPlainObject(value) || root.kind !== 'map') {
    if (value !== null || options.verbose) skip(nonObjectReason(value));
    return;
  }
  const apiVersion = value.apiVersion;
  const kind = value.kind;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return skip(nonObjectReason(value));
  const tool = toolConfigReason(apiVersion, kind);
  if (tool) return skip(tool);

  if (kind.endsWith('List') && Array.isArray(value.items)) {
    const itemsPair = findPair(root, 'items');
    const seq = itemsPair?.value;
    if (seq && seq.kind === 'seq') {
      const items = value.items as unknown[];
      for (let i = 0; i < items.length; i++) {
        const item = items[i];
        const node = seq.items[i];
        if (!isPlainObject(item) || !node || node.kind !== 'map') {
          skip(`item ${i} of ${kind}: ${nonObjectReason(item)}`);
          continue;
        }
        const av = item.apiVersion;
        const k = item.kind;
        if (typeof av !== 'string' || typeof k !== 'string') {
          skip(`item ${i} of ${kind}: ${nonObjectReason(item)}`);
          continue;
        }
        result.objects.push(makeObject(file, di, i, av, k, item, node));
      }
      return;
    }
  }
  result.objects.push(makeObject(file, di, null, apiVersion, kind, value, root));
}

function makeObject(
  file: string,
  di: number,
  listIndex: number | null,
  apiVersion: string,
  kind: string,
  value: Record<string, unknown>,
  node: MapNode,
): K8sObject {
  const meta = value.metadata;
  const name = isPlainObject(meta) ? metaString(meta.name) : null;
  const namespace = isPlainObject(meta) ? metaString(meta.namespace) : null;
  return new K8sObjectImpl(file, di, listIndex, apiVersion, kind, name, namespace, value, node);
}
