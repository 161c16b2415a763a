/**
 * Splits the validators ajv's standalone mode generates for one Kubernetes
 * version into segments that load independently (build and test time only:
 * scripts/gen-k8s-validators.mjs writes them, test/k8s-validators.test.ts
 * checks them; the run time side is `PrecompiledVersion` in validator.ts).
 *
 * ajv's module is a flat list of top-level declarations (`const schema7 =
 * {…}`, `function validate24(…){…}`) and `exports[ref] = validateN;`. Each
 * declaration goes to the segment of the set of exported refs (kinds) that
 * reach it, so a kind loads exactly the code it needs (a Deployment about a
 * fifth of a version) and code shared by several kinds (the pod spec,
 * ObjectMeta) sits in a segment of its own, loaded once. A reference from one
 * declaration to another only goes to a segment reached by at least the same
 * kinds, so segments form an acyclic graph and load dependencies first.
 *
 * Inside a segment, declared names are renamed `_L0, _L1, …` and names from
 * other segments `_I0, _I1, …` in order of appearance, so the same code in
 * two Kubernetes versions is the same segment and is stored once.
 */

/** ajv's names for module-level values: validate functions, schema objects, formats, helpers. */
const AJV_NAME = /^(?:validate|schema|func|formats|wrapper|pattern|root)\d+$/;
const RENAMED = /^_[LI]\d+$/;

export interface Segment {
  /** The segment's declarations, names renamed; `require` and the imports `_I0…` are its free names. */
  code: string;
  /** What `_I0, _I1, …` are, in order: [index of a segment of the same version, name it exports]. */
  imports: Array<[number, string]>;
  /** The names other segments import or refs point to. */
  exports: string[];
}

export interface VersionSegments {
  /** Dependencies come before the segments that import them. */
  segments: Segment[];
  /** Exported ref → [segment, name] of its validate function. */
  refs: Record<string, [number, string]>;
}

type Token = { kind: 'string' | 'name' | 'other'; text: string };

/** The tokens of ajv's generated code: strings, identifiers, and single other characters. */
function tokenize(code: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < code.length) {
    const c = code[i];
    if (c === '"' || c === "'" || c === '`') {
      const start = i++;
      while (i < code.length && code[i] !== c) i += code[i] === '\\' ? 2 : 1;
      if (i >= code.length) throw new Error('segments: unterminated string in ajv code');
      tokens.push({ kind: 'string', text: code.slice(start, ++i) });
    } else if (/[A-Za-z_$]/.test(c)) {
      const start = i++;
      while (i < code.length && /[\w$]/.test(code[i])) i++;
      tokens.push({ kind: 'name', text: code.slice(start, i) });
    } else if (c === '/') {
      // ajv writes no comments and no division; a slash after an operator starts a regular expression
      // literal (`key.replace(/~/g, "~0")` in error paths). Anything else: refuse to guess.
      let previous: Token | undefined;
      for (let t = tokens.length - 1; t >= 0 && !previous; t--) if (!/^\s$/.test(tokens[t].text)) previous = tokens[t];
      if (!previous || previous.kind !== 'other' || !'(,=:[!&|?{};'.includes(previous.text)) throw new Error('segments: unexpected "/" in ajv code');
      const start = i++;
      let inClass = false;
      while (i < code.length && (code[i] !== '/' || inClass)) {
        if (code[i] === '\\') i++;
        else if (code[i] === '[') inClass = true;
        else if (code[i] === ']') inClass = false;
        i++;
      }
      i++;
      while (i < code.length && /[a-z]/.test(code[i])) i++;
      tokens.push({ kind: 'string', text: code.slice(start, i) });
    } else {
      tokens.push({ kind: 'other', text: c });
      i++;
    }
  }
  return tokens;
}

/** Top-level statements: up to `;` at depth 0, or the `}` that closes a function declaration. */
function statements(tokens: Token[]): Token[][] {
  const out: Token[][] = [];
  let current: Token[] = [];
  let depth = 0;
  for (const token of tokens) {
    if (current.length === 0 && token.kind === 'other' && /\s/.test(token.text)) continue;
    current.push(token);
    if (token.kind !== 'other') continue;
    if ('{(['.includes(token.text)) depth++;
    else if ('})]'.includes(token.text)) {
      depth--;
      if (depth === 0 && token.text === '}' && current[0].text === 'function') {
        out.push(current);
        current = [];
      }
    } else if (token.text === ';' && depth === 0) {
      out.push(current);
      current = [];
    }
  }
  if (current.some((token) => !/^\s$/.test(token.text))) throw new Error('segments: ajv code ends inside a statement');
  return out;
}

const text = (tokens: Token[]): string => tokens.map((token) => token.text).join('');

/** Splits the code `standaloneCode(ajv, refs)` generated (CommonJS, `code.source`) into segments. */
export function splitStandalone(code: string): VersionSegments {
  const declarations: Array<{ name: string; tokens: Token[]; refs: Set<string> }> = [];
  const byName = new Map<string, number>();
  const exported = new Map<string, string>();
  for (const statement of statements(tokenize(code))) {
    const [first, second] = statement;
    const source = text(statement);
    if (source === '"use strict";') continue;
    let match: RegExpExecArray | null;
    if ((match = /^exports\[("[^"]+")\] = (\w+);$/.exec(source))) {
      exported.set(JSON.parse(match[1]) as string, match[2]);
    } else if ((first.text === 'const' || first.text === 'function') && (match = /^(?:const|function) (\w+)/.exec(source))) {
      if (!AJV_NAME.test(match[1])) throw new Error(`segments: unexpected declaration ${match[1]}`);
      byName.set(match[1], declarations.length);
      declarations.push({ name: match[1], tokens: statement, refs: new Set() });
    } else if (first.kind === 'name' && byName.has(first.text) && second?.text === '.') {
      // `validate12.evaluated = …;` belongs with its function.
      declarations[byName.get(first.text)!].tokens.push(...statement);
    } else {
      throw new Error(`segments: unexpected statement ${source.slice(0, 80)}`);
    }
  }
  for (const declaration of declarations) {
    for (const token of declaration.tokens) {
      if (token.kind !== 'name') continue;
      if (RENAMED.test(token.text)) throw new Error(`segments: ajv code already uses the name ${token.text}`);
      if (!AJV_NAME.test(token.text) || token.text === declaration.name) continue;
      if (!byName.has(token.text)) throw new Error(`segments: ${token.text} is used but not declared`);
      declaration.refs.add(token.text);
    }
  }

  // Which exported refs reach each declaration (its "signature"); equal signatures share a segment.
  const reachedBy = declarations.map(() => [] as string[]);
  for (const [ref, name] of exported) {
    if (!byName.has(name)) throw new Error(`segments: ${ref} exports undeclared ${name}`);
    const seen = new Set<string>();
    const stack = [name];
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (seen.has(next)) continue;
      seen.add(next);
      reachedBy[byName.get(next)!].push(ref);
      stack.push(...declarations[byName.get(next)!].refs);
    }
  }
  const groups = new Map<string, number[]>();
  declarations.forEach((_, index) => {
    if (reachedBy[index].length === 0) return; // dead code: no export reaches it
    const key = reachedBy[index].join('\n');
    const members = groups.get(key) ?? [];
    members.push(index);
    groups.set(key, members);
  });

  // Order segments so that dependencies come first: a segment only depends on segments reached by more refs.
  const ordered = [...groups.entries()].sort((a, b) => b[0].split('\n').length - a[0].split('\n').length);
  const segmentOf = new Map<string, number>();
  ordered.forEach(([, members], segment) => {
    for (const index of members) segmentOf.set(declarations[index].name, segment);
  });

  const localName = new Map<string, string>();
  const segments: Segment[] = ordered.map(([, members], segment) => {
    const imports: Array<[string, string]> = [];
    const renames = new Map<string, string>();
    let own = 0;
    let code = '';
    for (const index of members) {
      for (const token of declarations[index].tokens) {
        if (token.kind !== 'name' || !AJV_NAME.test(token.text)) {
          code += token.text;
          continue;
        }
        let renamed = renames.get(token.text);
        if (renamed === undefined) {
          const from = segmentOf.get(token.text)!;
          if (from === segment) renamed = `_L${own++}`;
          else {
            if (from > segment) throw new Error('segments: a segment depends on a later one');
            renamed = `_I${imports.length}`;
            imports.push([token.text, renamed]);
          }
          renames.set(token.text, renamed);
        }
        if (segmentOf.get(token.text) === segment) localName.set(token.text, renamed);
        code += renamed;
      }
    }
    return { code, imports: imports.map(([name]) => [segmentOf.get(name)!, name] as [number, string]), exports: [] };
  });
  // Imports named by the original names until every segment's local names are known.
  const exportsOf = segments.map(() => new Set<string>());
  for (const segment of segments) {
    segment.imports = segment.imports.map(([from, name]) => {
      exportsOf[from].add(localName.get(name)!);
      return [from, localName.get(name)!];
    });
  }
  const refs: Record<string, [number, string]> = {};
  for (const [ref, name] of exported) {
    const segment = segmentOf.get(name)!;
    exportsOf[segment].add(localName.get(name)!);
    refs[ref] = [segment, localName.get(name)!];
  }
  segments.forEach((segment, index) => {
    segment.exports = [...exportsOf[index]].sort((a, b) => Number(a.slice(2)) - Number(b.slice(2)));
  });
  return { segments, refs };
}
