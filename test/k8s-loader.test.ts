/**
 * The Kubernetes YAML loader and workload model: documents, values (go-yaml v2
 * semantics), exact ranges from `locate`, detection of non-Kubernetes YAML,
 * List expansion, and the whole corpus (counts against MANIFEST.tsv, and the
 * fast scanner against the `yaml` package, tree for tree).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Range } from '../src/core/source.js';
import { SourceText } from '../src/core/source.js';
import { containersOf, loadK8sFile, podSpecOf, resolvePlain } from '../src/k8s/index.js';
import type { K8sFile, K8sObject, YamlNode } from '../src/k8s/index.js';
import { parseDocuments } from '../src/k8s/loader.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, 'fixtures', 'k8s');
const corpus = path.resolve(here, '..', '..', 'shared', 'corpus');
const corpusPresent = existsSync(path.join(corpus, 'k8s'));

function fixture(name: string): string {
  return readFileSync(path.join(fixtures, name), 'utf8');
}

type Engine = 'auto' | 'yaml';
const ENGINES: Engine[] = ['auto', 'yaml'];

function load(text: string, options: Parameters<typeof loadK8sFile>[2] = {}): K8sFile {
  return loadK8sFile('test.yaml', text, options);
}

/** The text a range covers. */
function slice(file: K8sFile, r: Range): string {
  return file.source.text.slice(r.start.offset, r.end.offset);
}

/** [startLine, startColumn, endLine, endColumn] */
function lc(r: Range): [number, number, number, number] {
  return [r.start.line, r.start.column, r.end.line, r.end.column];
}

function only(file: K8sFile): K8sObject {
  expect(file.objects).toHaveLength(1);
  return file.objects[0];
}

// ---------------------------------------------------------------------------

describe('documents', () => {
  it.each(ENGINES)('loads every document of a multi-document file (%s)', (engine) => {
    const f = load(
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  namespace: ns\ndata:\n  key: value\n',
      { engine },
    );
    expect(f.documentCount).toBe(2);
    expect(f.issues).toEqual([]);
    expect(f.objects.map((o) => [o.documentIndex, o.listIndex, o.apiVersion, o.kind, o.name, o.namespace])).toEqual([
      [0, null, 'v1', 'Namespace', 'ns', null],
      [1, null, 'v1', 'ConfigMap', 'cm', 'ns'],
    ]);
    expect(f.objects[1].value).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cm', namespace: 'ns' },
      data: { key: 'value' },
    });
    expect(f.objects[0].node.kind).toBe('map');
  });

  it.each(ENGINES)('handles `...` document-end markers, with and without a following `---` (%s)', (engine) => {
    const f = load('apiVersion: v1\nkind: A\n...\n---\napiVersion: v1\nkind: B\n...\napiVersion: v1\nkind: C\n...\n', {
      engine,
    });
    expect(f.documentCount).toBe(3);
    expect(f.issues).toEqual([]);
    expect(f.objects.map((o) => [o.kind, o.documentIndex])).toEqual([
      ['A', 0],
      ['B', 1],
      ['C', 2],
    ]);
  });

  it.each(ENGINES)('counts empty and trailing documents, listing them in skipped only when verbose (%s)', (engine) => {
    const text = '---\n---\napiVersion: v1\nkind: A\n---\n# just a comment\n---\n';
    const f = load(text, { engine });
    expect(f.documentCount).toBe(4);
    expect(f.objects.map((o) => [o.kind, o.documentIndex])).toEqual([['A', 1]]);
    expect(f.skipped).toEqual([]);
    const v = load(text, { engine, verbose: true });
    expect(v.skipped).toEqual([
      { documentIndex: 0, reason: 'empty document' },
      { documentIndex: 2, reason: 'empty document' },
      { documentIndex: 3, reason: 'empty document' },
    ]);
    expect(load('# nothing but a comment\n', { engine }).documentCount).toBe(0);
    expect(load('', { engine }).documentCount).toBe(0);
  });

  it.each(ENGINES)('reports duplicate keys as warnings at the later key; the last value wins (%s)', (engine) => {
    const text =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  selector:\n    matchLabels: {a: "1"}\n  selector:\n    matchLabels: {b: "2"}\n';
    const f = load(text, { engine });
    const o = only(f);
    expect(f.issues).toHaveLength(1);
    const issue = f.issues[0];
    expect(issue.code).toBe('DUPLICATE_KEY');
    expect(issue.severity).toBe('warning');
    expect(lc(issue.range)).toEqual([8, 3, 8, 11]);
    expect(slice(f, issue.range)).toBe('selector');
    expect(o.value.spec).toEqual({ selector: { matchLabels: { b: '2' } } });
    expect(lc(o.locate('spec.selector', 'key').range)).toEqual([8, 3, 8, 11]);
  });

  it.each(ENGINES)('reports invalid YAML with its position and still loads the other documents (%s)', (engine) => {
    const text = 'apiVersion: v1\nkind: A\n---\napiVersion: v1\nkind: B\nmetadata:\n  name: x\n bad: 1\n---\napiVersion: v1\nkind: C\n';
    const f = load(text, { engine });
    expect(f.documentCount).toBe(3);
    expect(f.objects.map((o) => [o.kind, o.documentIndex])).toEqual([
      ['A', 0],
      ['C', 2],
    ]);
    expect(f.issues.length).toBeGreaterThan(0);
    expect(f.issues.every((i) => i.severity === 'error' && i.code === 'YAML_SYNTAX')).toBe(true);
    expect(f.issues[0].range.start.line).toBe(8);
    expect(f.issues[0].range.start.column).toBe(1);
    expect(f.skipped).toEqual([{ documentIndex: 1, reason: 'invalid YAML' }]);
  });

  it('reports an unclosed flow mapping and an unclosed quote', () => {
    const a = load('apiVersion: v1\nkind: Pod\nmetadata: {name: x\nspec: {}\n');
    expect(a.objects).toEqual([]);
    expect(a.issues.some((i) => i.severity === 'error')).toBe(true);
    const b = load('apiVersion: v1\nkind: Pod\nmetadata:\n  name: "x\n');
    expect(b.objects).toEqual([]);
    expect(b.issues[0].severity).toBe('error');
    expect(b.issues[0].range.start.line).toBeGreaterThanOrEqual(4);
  });

  it.each(ENGINES)('keeps offsets, lines and columns right with CRLF line endings (%s)', (engine) => {
    const text = 'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: p\r\n  labels:\r\n    a: |\r\n      x\r\n      y\r\n';
    const f = load(text, { engine });
    const o = only(f);
    expect(o.value.metadata).toEqual({ name: 'p', labels: { a: 'x\ny\n' } });
    expect(lc(o.locate('metadata.name').range)).toEqual([4, 9, 4, 10]);
    expect(slice(f, o.locate('metadata.labels.a').range)).toBe('|\r\n      x\r\n      y');
  });

  it('never throws, whatever the input', () => {
    const inputs = [
      '',
      '\t',
      ':::',
      '{{',
      '}}}: [',
      '- - - -',
      '['.repeat(20_000),
      '{a: '.repeat(20_000),
      'a:\n' + '  '.repeat(2000) + 'b',
      '\u0000\u0001\u0002',
      '\ufeffapiVersion: v1\nkind: A\n',
      '%YAML 1.1\n---\napiVersion: v1\nkind: A\n',
      'apiVersion: v1\nkind: A\n<<: 5\n',
      'a: *nope\n',
      '? [a]\n: b\n',
      'apiVersion: v1\nkind: A\n"\\x4": 1\n',
    ];
    for (const text of inputs) {
      for (const engine of ENGINES) {
        const f = load(text, { engine });
        expect(Array.isArray(f.objects)).toBe(true);
        expect(Array.isArray(f.issues)).toBe(true);
      }
    }
    expect(load('{a: '.repeat(20_000)).issues.length).toBeLessThanOrEqual(10);
  });
});

// ---------------------------------------------------------------------------

describe('quoted scalars over several lines', () => {
  // Trailing spaces before a line break are dropped (escaped ones kept), breaks fold to a space, blank lines to newlines.
  const text = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'data:',
    '  a: "one  ',
    '    two\\t   ',
    '',
    '    three\\\\  ',
    '    four"',
    "  b: 'x  ",
    "    ''y''   ",
    "    z'",
    '  c: "\\t  ',
    '     ',
    '    d"',
    '  long: "' + Array.from({ length: 400 }, (_, i) => `w${i}   `).join('\n    ') + '"',
    '',
  ].join('\n');

  it('folds them as the yaml package does', () => {
    const fast = only(load(text)).value.data as Record<string, string>;
    expect(fast).toEqual(only(load(text, { engine: 'yaml' })).value.data);
    expect(fast.a).toBe('one two\t\nthree\\ four');
    expect(fast.b).toBe("x 'y' z");
    expect(fast.c).toBe('\t\nd');
    expect(fast.long).toBe(Array.from({ length: 400 }, (_, i) => `w${i}`).join(' ') + '   ');
  });
});

describe('values (go-yaml v2 / sigs.k8s.io/yaml semantics)', () => {
  const text = [
    'apiVersion: v1',
    'kind: X',
    's:',
    '  yes1: yes',
    '  no1: No',
    '  on1: on',
    '  off1: OFF',
    '  y1: y',
    '  n1: N',
    '  t: TRUE',
    '  nul: ~',
    '  nul2: Null',
    '  empty:',
    '  oct: 0755',
    '  oct2: 0o17',
    '  notOct: 08',
    '  hex: 0x1F',
    '  bin: 0b101',
    '  under: 1_000',
    '  neg: -12',
    '  plus: +7',
    '  flt: 1.5',
    '  exp: 1e3',
    '  dot: .5',
    '  inf: .inf',
    '  ninf: -.Inf',
    '  nan: .NaN',
    '  ver: 1.10',
    '  date: 2001-12-14',
    '  ts: 2001-12-14T21:59:43.10-05:00',
    '  sexa: 1:30',
    '  quoted: "yes"',
    '  single: \'0755\'',
    '  str: 12abc',
    '  tilde2: ~~',
    '  block: |',
    '    yes',
    'on: 1',
    '3: three',
    'true: t',
    '',
  ].join('\n');

  it.each(ENGINES)('resolves plain scalars the way Kubernetes does (%s)', (engine) => {
    const o = only(load(text, { engine }));
    const s = o.value.s as Record<string, unknown>;
    expect(s).toMatchObject({
      yes1: true,
      no1: false,
      on1: true,
      off1: false,
      y1: true,
      n1: false,
      t: true,
      nul: null,
      nul2: null,
      empty: null,
      oct: 493,
      oct2: 15,
      notOct: 8,
      hex: 31,
      bin: 5,
      under: 1000,
      neg: -12,
      plus: 7,
      flt: 1.5,
      exp: 1000,
      dot: 0.5,
      inf: Infinity,
      ninf: -Infinity,
      ver: 1.1,
      date: '2001-12-14',
      ts: '2001-12-14T21:59:43.10-05:00',
      sexa: '1:30',
      quoted: 'yes',
      single: '0755',
      str: '12abc',
      tilde2: '~~',
      block: 'yes\n',
    });
    expect(Number.isNaN(s.nan)).toBe(true);
    // Keys become JSON keys: `on` is the boolean true, hence "true".
    expect(Object.keys(o.value).sort()).toEqual(['3', 'apiVersion', 'kind', 's', 'true']);
    expect(o.value.true).toBe('t');
    expect(o.value['3']).toBe('three');
  });

  it('resolvePlain handles integer edge cases like strconv.ParseInt(s, 0, 64)', () => {
    expect(resolvePlain('0')).toBe(0);
    expect(resolvePlain('-0x10')).toBe(-16);
    expect(resolvePlain('0x')).toBe('0x');
    expect(resolvePlain('09.5')).toBe(9.5);
    expect(resolvePlain('1e999')).toBe('1e999');
    expect(resolvePlain('18446744073709551615')).toBe(18446744073709551615);
    expect(resolvePlain('-18446744073709551615')).toBe(-18446744073709551615); // float, as go-yaml
    expect(resolvePlain('1.2.3')).toBe('1.2.3');
    expect(resolvePlain('+')).toBe('+');
    expect(resolvePlain('yes')).toBe(true);
    expect(resolvePlain('YeS')).toBe('YeS');
  });

  it.each(ENGINES)('resolves anchors, aliases and merge keys in value (%s)', (engine) => {
    const f = load(fixture('anchors-merge.yaml'), { engine });
    expect(f.issues).toEqual([]);
    const o = only(f);
    const spec = o.value.spec as any;
    expect(spec.selector.matchLabels).toEqual({ app: 'web', tier: 'front' });
    expect(spec.template.metadata.labels).toEqual({ app: 'web', tier: 'back' });
    expect(spec.template.spec.containers).toEqual([
      { name: 'main', image: 'nginx:1.25', securityContext: { runAsNonRoot: true } },
      { name: 'sidecar', image: 'nginx:1.25', securityContext: { runAsNonRoot: true } },
    ]);
    expect(spec.template.spec.initContainers[0].securityContext).toEqual({ runAsNonRoot: true });
  });

  it.each(ENGINES)('applies merges in document order as go-yaml v2 does (%s)', (engine) => {
    const o = only(load('apiVersion: v1\nkind: X\nm:\n  a: 1\n  <<: {a: 2, b: 2}\n  b: 3\nseq:\n  <<: [{a: 1}, {a: 2, c: 2}]\n', { engine }));
    expect(o.value.m).toEqual({ a: 2, b: 3 });
    expect(o.value.seq).toEqual({ a: 1, c: 2 });
    // The YAML 1.1 gotcha Kubernetes has too: a key `n` is the boolean false.
    expect(only(load('apiVersion: v1\nkind: X\nn: 1\n', { engine })).value).toEqual({ apiVersion: 'v1', kind: 'X', false: 1 });
    const bad = load('apiVersion: v1\nkind: X\nm:\n  <<: 5\n', { engine });
    expect(bad.objects).toEqual([]);
    expect(bad.issues.map((i) => [i.code, i.severity])).toEqual([['MERGE_INVALID', 'error']]);
  });

  it.each(ENGINES)('bounds alias bombs with an ALIAS_LIMIT error instead of expanding them (%s)', (engine) => {
    const levels = ['  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 12; i++) {
      const p = String.fromCharCode(96 + i);
      const c = String.fromCharCode(97 + i);
      levels.push(`  ${c}: &${c} [${Array(9).fill('*' + p).join(',')}]`);
    }
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\ndata:\n${levels.join('\n')}\n`;
    const t0 = performance.now();
    const f = load(text, { engine });
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(f.objects).toEqual([]);
    expect(f.issues).toHaveLength(1);
    expect(f.issues[0]).toMatchObject({ code: 'ALIAS_LIMIT', severity: 'error' });
    expect(f.skipped).toEqual([{ documentIndex: 0, reason: 'excessive aliasing' }]);

    const small = 'apiVersion: v1\nkind: X\na: &a {x: 1}\nb: *a\nc: *a\nd: *a\n';
    expect(load(small, { engine }).objects).toHaveLength(1);
    expect(load(small, { engine, maxAliasCount: 2 }).issues[0].code).toBe('ALIAS_LIMIT');
    expect(load(small, { engine, maxAliasCount: -1 }).objects).toHaveLength(1);
  });

  it('reports an unknown alias', () => {
    const f = load('apiVersion: v1\nkind: X\na: *nope\n');
    expect(f.objects).toEqual([]);
    expect(f.issues[0].severity).toBe('error');
  });
});

// ---------------------------------------------------------------------------

describe('locate', () => {
  const text = [
    'apiVersion: apps/v1', // 1
    'kind: Deployment', // 2
    'metadata:', // 3
    '  name: web', // 4
    '  annotations:', // 5
    '    seccomp.security.alpha.kubernetes.io/pod: runtime/default', // 6
    'spec:', // 7
    '  template:', // 8
    '    spec:', // 9
    '      containers:', // 10
    '      - name: app', // 11
    '        image: nginx:1.25 # pinned', // 12
    '        ports:', // 13
    '        - containerPort: 80', // 14
    '      - name: sidecar', // 15
    '        image: "envoy"', // 16
    '        securityContext:', // 17
    '        command: [sh, -c, "echo hi"]', // 18
    '        args: >-', // 19
    '          one', // 20
    '          two', // 21
    '', // 22
    '      hostNetwork: true', // 23
    '',
  ].join('\n');

  describe.each(ENGINES)('with engine %s', (engine) => {
    const f = load(text, { engine });
    const o = only(f);

    it('finds values, keys and pairs by dotted path or by segments', () => {
      const p = 'spec.template.spec.containers[0].image';
      const v = o.locate(p);
      expect(v.exact).toBe(true);
      expect(lc(v.range)).toEqual([12, 16, 12, 26]);
      expect(slice(f, v.range)).toBe('nginx:1.25');
      expect(v.node?.kind).toBe('scalar');
      expect(v.matched).toEqual(['spec', 'template', 'spec', 'containers', 0, 'image']);
      expect(lc(o.locate(p, 'key').range)).toEqual([12, 9, 12, 14]);
      expect(slice(f, o.locate(p, 'pair').range)).toBe('image: nginx:1.25');
      expect(o.locate(['spec', 'template', 'spec', 'containers', 0, 'image'])).toEqual(v);
      expect(slice(f, o.locate('spec.template.spec.containers[1].image').range)).toBe('"envoy"');
      expect(slice(f, o.locate('spec.template.spec.containers[0].ports[0].containerPort').range)).toBe('80');
    });

    it('covers whole collections, flow collections and block scalars', () => {
      expect(slice(f, o.locate('spec.template.spec.containers[0]').range)).toBe(
        'name: app\n        image: nginx:1.25 # pinned\n        ports:\n        - containerPort: 80',
      );
      expect(slice(f, o.locate('spec.template.spec.containers[0]', 'pair').range)).toBe(
        slice(f, o.locate('spec.template.spec.containers[0]').range),
      );
      expect(slice(f, o.locate('spec.template.spec.containers[1].command').range)).toBe('[sh, -c, "echo hi"]');
      expect(slice(f, o.locate('spec.template.spec.containers[1].command[2]').range)).toBe('"echo hi"');
      expect(slice(f, o.locate('spec.template.spec.containers[1].args').range)).toBe('>-\n          one\n          two');
      expect(o.value.spec).toMatchObject({ template: { spec: { hostNetwork: true } } });
      expect(lc(o.locate('').range)).toEqual([1, 1, 23, 24]);
    });

    it('accepts keys containing dots in brackets', () => {
      const a = o.locate('metadata.annotations["seccomp.security.alpha.kubernetes.io/pod"]');
      expect(a.exact).toBe(true);
      expect(slice(f, a.range)).toBe('runtime/default');
      expect(lc(a.range)).toEqual([6, 47, 6, 62]);
      expect(o.locate("metadata.annotations['seccomp.security.alpha.kubernetes.io/pod']", 'key').range).toEqual(
        o.locate(['metadata', 'annotations', 'seccomp.security.alpha.kubernetes.io/pod'], 'key').range,
      );
    });

    it("points a missing field at the parent's key, or at the first line of a parent without a key", () => {
      const inItem = o.locate('spec.template.spec.containers[0].securityContext');
      expect(inItem.exact).toBe(false);
      expect(inItem.matched).toEqual(['spec', 'template', 'spec', 'containers', 0]);
      expect(slice(f, inItem.range)).toBe('name: app');
      expect(inItem.node?.kind).toBe('map');

      const underKey = o.locate('metadata.labels.app');
      expect(underKey.exact).toBe(false);
      expect(underKey.matched).toEqual(['metadata']);
      expect(lc(underKey.range)).toEqual([3, 1, 3, 9]);

      const top = o.locate('status.phase');
      expect(top.exact).toBe(false);
      expect(top.matched).toEqual([]);
      expect(slice(f, top.range)).toBe('apiVersion: apps/v1');

      const outOfRange = o.locate('spec.template.spec.containers[5].image');
      expect(outOfRange.exact).toBe(false);
      expect(slice(f, outOfRange.range)).toBe('containers');

      const intoScalar = o.locate('metadata.name.first');
      expect(intoScalar.exact).toBe(false);
      expect(slice(f, intoScalar.range)).toBe('name');
    });

    it('treats `key:` with no value as present (null) and looks past it as missing', () => {
      const sc = o.locate('spec.template.spec.containers[1].securityContext');
      expect(sc.exact).toBe(true);
      expect(sc.node).toBeNull();
      expect(slice(f, sc.range)).toBe('securityContext:');
      expect(slice(f, o.locate('spec.template.spec.containers[1].securityContext', 'key').range)).toBe('securityContext');
      const deeper = o.locate('spec.template.spec.containers[1].securityContext.runAsUser');
      expect(deeper.exact).toBe(false);
      expect(slice(f, deeper.range)).toBe('securityContext');
      expect(o.value.spec).toMatchObject({ template: { spec: { containers: [{}, { securityContext: null }] } } });
    });
  });

  it.each(ENGINES)('locates through aliases and merge keys where the text is (%s)', (engine) => {
    const f = load(fixture('anchors-merge.yaml'), { engine });
    const o = only(f);
    const alias = o.locate('spec.selector.matchLabels');
    expect(alias.exact).toBe(true);
    expect(slice(f, alias.range)).toBe('*labels');
    expect((alias.node as YamlNode).alias).toBe('labels');
    expect(lc(o.locate('spec.selector.matchLabels.app').range)).toEqual([7, 10, 7, 13]);
    expect(lc(o.locate('spec.template.metadata.labels.app').range)).toEqual([7, 10, 7, 13]);
    expect(slice(f, o.locate('spec.template.metadata.labels.tier').range)).toBe('back');
    expect(lc(o.locate('spec.template.spec.containers[1].image').range)).toEqual([21, 16, 21, 26]);
    expect(slice(f, o.locate('spec.template.spec.containers[1].name').range)).toBe('sidecar');
    expect(o.locate('metadata.labels').node?.anchor).toBe('labels');
  });
});

// ---------------------------------------------------------------------------

describe('List expansion', () => {
  it.each(ENGINES)('expands kind: List items into objects with listIndex, paths relative to the item (%s)', (engine) => {
    const text = [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '- apiVersion: v1',
      '  kind: ServiceAccount',
      '  metadata:',
      '    name: a',
      '- not-an-object',
      '- apiVersion: v1',
      '  kind: Secret',
      '  metadata:',
      '    name: b',
      '    namespace: ns',
      '',
    ].join('\n');
    const f = load(text, { engine });
    expect(f.objects.map((o) => [o.kind, o.name, o.namespace, o.documentIndex, o.listIndex])).toEqual([
      ['ServiceAccount', 'a', null, 0, 0],
      ['Secret', 'b', 'ns', 0, 2],
    ]);
    const b = f.objects[1];
    expect(b.value).toEqual({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'b', namespace: 'ns' } });
    expect(lc(b.locate('metadata.name').range)).toEqual([12, 11, 12, 12]);
    expect(slice(f, b.locate('spec.type').range)).toBe('apiVersion: v1');
    expect(f.skipped).toEqual([{ documentIndex: 0, reason: 'item 1 of List: not a Kubernetes object: the document is a scalar' }]);
  });

  it('expands typed lists with items, not *List kinds without items', () => {
    const typed = load('apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBindingList\nitems:\n- apiVersion: rbac.authorization.k8s.io/v1\n  kind: RoleBinding\n  metadata: {name: x}\n');
    expect(typed.objects.map((o) => [o.kind, o.listIndex])).toEqual([['RoleBinding', 0]]);
    const crd = load('apiVersion: example.com/v1\nkind: AllowList\nmetadata: {name: x}\nspec:\n  items: [a]\n');
    expect(crd.objects.map((o) => [o.kind, o.listIndex])).toEqual([['AllowList', null]]);
    expect(load('apiVersion: v1\nkind: List\nitems: []\n').objects).toEqual([]);
  });
});

// ---------------------------------------------------------------------------

describe('detection', () => {
  it('skips GitHub workflows, compose files and kustomizations with a reason', () => {
    for (const [name, reason] of [
      ['workflow.yaml', 'not a Kubernetes object: GitHub Actions workflow'],
      ['compose.yaml', 'not a Kubernetes object: Docker Compose file'],
      ['kustomization.yaml', 'kustomize configuration (kustomize.config.k8s.io/v1beta1 Kustomization), not a Kubernetes API object'],
    ]) {
      const f = loadK8sFile(name, fixture(name));
      expect(f.objects).toEqual([]);
      expect(f.issues).toEqual([]);
      expect(f.skipped).toEqual([{ documentIndex: 0, reason }]);
    }
  });

  it('skips tool configuration kinds', () => {
    const cases: Array<[string, RegExp]> = [
      ['apiVersion: kind.x-k8s.io/v1alpha4\nkind: Cluster\nnodes: [{role: control-plane}]\n', /^kind cluster configuration/],
      ['apiVersion: skaffold/v4beta6\nkind: Config\n', /^Skaffold configuration/],
      ['apiVersion: v1\nkind: Config\nclusters: []\n', /^kubeconfig file/],
      ['apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\n', /^kubeadm configuration/],
      ['apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n', /^kubelet configuration/],
      ['apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: []\n', /^audit policy file/],
      ['apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n', /^KRM function configuration/],
      ['apiVersion: v2\nname: chart\nversion: 1.0.0\n', /Helm Chart.yaml/],
    ];
    for (const [text, reason] of cases) {
      const f = load(text);
      expect(f.objects).toEqual([]);
      expect(f.skipped).toHaveLength(1);
      expect(f.skipped[0].reason).toMatch(reason);
    }
  });

  it('skips a Helm template that is not valid YAML entirely, without issues', () => {
    const f = loadK8sFile('deployment.yaml', fixture('helm-template.yaml'));
    expect(f.objects).toEqual([]);
    expect(f.issues).toEqual([]);
    expect(f.skipped).toEqual([{ documentIndex: 0, reason: 'Helm/Go template ({{ }} outside quoted strings), not a Kubernetes manifest' }]);
  });

  it('skips a template whose {{ }} parse as complex keys, but keeps {{ }} in strings and block scalars', () => {
    const f = load('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name }}\n');
    expect(f.objects).toEqual([]);
    expect(f.issues).toEqual([]);
    expect(f.skipped[0].reason).toMatch(/^Helm\/Go template/);

    const cm = loadK8sFile('cm.yaml', fixture('configmap-template.yaml'));
    expect(cm.issues).toEqual([]);
    expect(only(cm).value.data).toEqual({
      'slack.tmpl': '{{ define "slack.title" }}{{ .Status | toUpper }}{{ end }}\n',
      quoted: '{{ .Values.notATemplate }}',
    });
    const argo = load('apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nspec:\n  image: docker/whalesay:{{inputs.parameters.tag}}\n');
    expect((only(argo).value.spec as Record<string, unknown>).image).toBe('docker/whalesay:{{inputs.parameters.tag}}');
  });

  it('reports non-mapping documents and non-string apiVersion/kind', () => {
    expect(load('- a\n- b\n').skipped[0].reason).toBe('not a Kubernetes object: the document is a sequence');
    expect(load('just text\n').skipped[0].reason).toBe('not a Kubernetes object: the document is a scalar');
    expect(load('apiVersion: 1\nkind: Pod\n').skipped[0].reason).toBe('not a Kubernetes object: apiVersion and kind must be strings');
    expect(load('kind: Pod\n').skipped[0].reason).toBe('not a Kubernetes object: no apiVersion');
  });
});

// ---------------------------------------------------------------------------

describe('workload model', () => {
  const f = loadK8sFile('workloads.yaml', fixture('workloads.yaml'));
  const byName = new Map(f.objects.map((o) => [o.name, o]));

  it('finds the pod spec of every core workload kind', () => {
    expect(f.issues).toEqual([]);
    const expected: Record<string, string[]> = {
      pod: ['spec'],
      deploy: ['spec', 'template', 'spec'],
      sts: ['spec', 'template', 'spec'],
      ds: ['spec', 'template', 'spec'],
      rs: ['spec', 'template', 'spec'],
      rc: ['spec', 'template', 'spec'],
      job: ['spec', 'template', 'spec'],
      cron: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
      'old-cron': ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
      template: ['template', 'spec'],
      legacy: ['spec', 'template', 'spec'],
    };
    for (const [name, specPath] of Object.entries(expected)) {
      const pod = podSpecOf(byName.get(name)!);
      expect(pod, name).not.toBeNull();
      expect(pod!.path).toEqual(specPath);
      expect(pod!.object).toBe(byName.get(name));
      expect(Array.isArray(pod!.spec.containers)).toBe(true);
      expect(byName.get(name)!.locate(pod!.path).exact).toBe(true);
    }
    expect(podSpecOf(byName.get('pod')!)!.metadataPath).toEqual(['metadata']);
    expect(podSpecOf(byName.get('cron')!)!.metadataPath).toEqual(['spec', 'jobTemplate', 'spec', 'template', 'metadata']);
    expect(podSpecOf(byName.get('template')!)!.metadataPath).toEqual(['template', 'metadata']);
    const deploy = byName.get('deploy')!;
    const meta = podSpecOf(deploy)!.metadataPath;
    expect(slice(f, deploy.locate([...meta, 'annotations', 'container.apparmor.security.beta.kubernetes.io/app']).range)).toBe(
      'runtime/default',
    );
  });

  it('ignores look-alike kinds from other API groups and workloads without a pod spec', () => {
    expect(podSpecOf(byName.get('custom')!)).toBeNull();
    expect(containersOf(byName.get('custom')!)).toEqual([]);
    expect(podSpecOf(byName.get('no-template')!)).toBeNull();
  });

  it('lists containers, then initContainers, then ephemeralContainers, with paths', () => {
    const pod = byName.get('pod')!;
    const cs = containersOf(pod);
    expect(cs.map((c) => [c.kind, c.index, c.name, c.path])).toEqual([
      ['containers', 0, 'app', ['spec', 'containers', 0]],
      ['initContainers', 0, 'init', ['spec', 'initContainers', 0]],
      ['ephemeralContainers', 0, 'debug', ['spec', 'ephemeralContainers', 0]],
    ]);
    expect(cs[2].value).toEqual({ name: 'debug', image: 'busybox' });
    expect(slice(f, pod.locate([...cs[1].path, 'image']).range)).toBe('busybox');
    const cron = containersOf(byName.get('cron')!);
    expect(cron.map((c) => c.path)).toEqual([['spec', 'jobTemplate', 'spec', 'template', 'spec', 'containers', 0]]);
  });

  it('sees merged containers through anchors', () => {
    const a = loadK8sFile('anchors.yaml', fixture('anchors-merge.yaml'));
    const cs = containersOf(only(a));
    expect(cs.map((c) => [c.kind, c.name, c.value.image])).toEqual([
      ['containers', 'main', 'nginx:1.25'],
      ['containers', 'sidecar', 'nginx:1.25'],
      ['initContainers', 'init', 'busybox'],
    ]);
    expect(slice(a, only(a).locate([...cs[2].path, 'securityContext']).range)).toBe('*sc');
  });
});

// ---------------------------------------------------------------------------

/** A comparable form of a node tree: kinds, spans, values. */
function shape(n: YamlNode | null): unknown {
  if (!n) return null;
  if (n.kind === 'scalar') return [n.span.start, n.span.end, Number.isNaN(n.value) ? 'NaN' : n.value];
  if (n.kind === 'seq') return [n.span.start, n.span.end, n.items.map(shape)];
  return [n.span.start, n.span.end, n.pairs.map((p) => [p.span.start, p.span.end, shape(p.key), shape(p.value)])];
}

function sameTrees(text: string): { fast: boolean; equal: boolean } {
  const src = new SourceText(text);
  const fast = parseDocuments(src, 'fast');
  if (!fast || fast.lenient) return { fast: false, equal: true };
  const slow = parseDocuments(src, 'yaml')!;
  if (slow.docs.some((d) => d.errors.length > 0)) return { fast: true, equal: false };
  const equal = JSON.stringify(fast.docs.map((d) => shape(d.root))) === JSON.stringify(slow.docs.map((d) => shape(d.root)));
  return { fast: true, equal };
}

describe('fast scanner', () => {
  it('builds the same trees as the yaml package on the constructs it accepts', () => {
    const texts = [
      fixture('workloads.yaml'),
      fixture('configmap-template.yaml'),
      'a: |\n  l1\n    l2\n\n  l3\nb: >-\n  f1\n  f2\n\n   more\n  end\nc: "d \\t \\u00e9 \\\n  x"\nd: \'s \'\'q\'\'\n  y\'\ne: [a, "b", {c: d, e}, [1, 2]]\n',
      '---\n{\n  apiVersion: "v1",\n  kind: "Pod",\n  spec: { containers: [{ name: "x", }], },\n}\n...\n',
      'g:\n- x\n-\n- - n1\n  - n2\n- k: v\n  k2: v2\nh: plain\n  multi line\n\n  para\ni: ~\n',
      'k: |+\n  keep\n\nn: >\n\n  lead\nm: |-\n  strip\n\n',
      'url: http://example.com:8080/x#frag\nempty:\nlist:\n- 1\n-   2\n-\n  3\n',
      'a: b\r\nc: |\r\n  x\r\n  y\r\nd: "e\r\n  f"\r\n',
      'args: [\n  "-a", "b",\n]\n',
    ];
    for (const text of texts) expect(sameTrees(text), text).toEqual({ fast: true, equal: true });
    // Constructs left to the yaml package.
    for (const text of ['a: &x 1\nb: *x\n', '? a\n: b\n', 'a: !!str 1\n', '%YAML 1.2\n---\na: 1\n', 'a:\n\tb: 1\n']) {
      expect(parseDocuments(new SourceText(text), 'fast'), text).toBeNull();
    }
  });

  it('reads block scalars with an indentation indicator as the yaml package does (kubectl prints them)', () => {
    const texts = [
      'data:\n  script: |2-\n      indented first\n    then normal\n  next: 1\n',
      'a: >2\n    more\n  folded\n  text\nb: |+2\n   x\n\nc: 1\n',
      'items:\n- |1\n   two\n  one\n- k: |-3\n       deep\n     base\n',
      'top:\n- |2\n    four\n  two\n',
      // Lines of spaces beyond the content's indentation are text, in literal and folded scalars.
      'a: |\n  x\n     \n  y\nb: >\n  f\n    \n  g\nc: |+\n  k\n    \nd: >-\n  s\n   \n',
      'a: |\r\n  x\r\n     \r\n  y\r\n',
      // A tab after the indentation is text (a Makefile in a ConfigMap).
      'g:\n  h: |\n    all:\n    \techo hi\n  i: 1\n',
      'a: |\n  \tx\n  y\nb: >\n  f\n  \tg\n\n  h\ne: |2\n  \tx\n   y\n',
      // Kept empty scalars: their empty lines' breaks.
      'a: |+\n\n\nb: |+\nc: |+\n  \nd:\n- |+\n\n- x\n',
    ];
    for (const text of texts) expect(sameTrees(text), text).toEqual({ fast: true, equal: true });
    // A digit 0 is not an indentation indicator: the yaml package reports it.
    expect(parseDocuments(new SourceText('a: |0\n  x\n'), 'fast')).toBeNull();
  });

  it('leaves control characters, NEL, line and paragraph separators, an inner BOM and a lone CR to the yaml package', () => {
    for (const odd of ['\u0001', '\u000b', '\u001f', '\u007f', '\u0085', '\u2028', '\u2029', '\ufeff', '\r', '\rx']) {
      expect(parseDocuments(new SourceText(`a: "b${odd}c"\n`), 'fast'), JSON.stringify(odd)).toBeNull();
    }
    expect(parseDocuments(new SourceText('a: b\r'), 'fast')).toBeNull();
    for (const fine of ['\t', '\u00e9', '\u0084', '\u0086', '\u2027', '\u202a', '\ufefe', '\uff00', '\ud83d\ude00', '\r\n']) {
      expect(parseDocuments(new SourceText(`a: "b${fine}c"\n`), 'fast'), JSON.stringify(fine)).not.toBeNull();
    }
  });

  it('accepts what libyaml (Kubernetes) accepts where the yaml package is stricter', () => {
    const f = load('apiVersion: v1\nkind: X\nstatus:\n  message: \'a long\n  message\'\n');
    expect(f.issues).toEqual([]);
    expect((only(f).value.status as Record<string, unknown>).message).toBe('a long message');
    // A plain value on its own line after a column-0 comment: fine for libyaml, an error for the yaml package.
    const g = load('apiVersion: v1\nkind: X\ndata:\n# note\n  value\nnext: 1\n');
    expect(g.issues).toEqual([]);
    expect(only(g).value).toMatchObject({ data: 'value', next: 1 });
  });
});

// ---------------------------------------------------------------------------

function corpusFile(rel: string): K8sFile {
  const file = path.join(corpus, rel);
  return loadK8sFile(rel, readFileSync(file, 'utf8'));
}

describe.skipIf(!corpusPresent)('corpus files', () => {
  it('expands kind: List (list-format-policy.yaml)', () => {
    const f = corpusFile('k8s/kubernetes__website/content__en__examples__access__manifest-admission-control__list-format-policy.yaml');
    expect(f.objects.map((o) => [o.kind, o.listIndex, o.name])).toEqual([
      ['ValidatingAdmissionPolicy', 0, 'example-require-labels.static.k8s.io'],
      ['ValidatingAdmissionPolicyBinding', 1, 'example-require-labels-binding.static.k8s.io'],
    ]);
    expect(lc(f.objects[1].locate('metadata.name').range)).toEqual([28, 11, 28, 57]);
  });

  it('expands RoleBindingList', () => {
    const f = corpusFile('k8s/prometheus-operator__kube-prometheus/manifests__prometheus-roleBindingSpecificNamespaces.yaml');
    expect(f.objects.map((o) => [o.kind, o.listIndex, o.namespace])).toEqual([
      ['RoleBinding', 0, 'default'],
      ['RoleBinding', 1, 'kube-system'],
      ['RoleBinding', 2, 'monitoring'],
    ]);
  });

  it('reads flow style after a leading --- (qos-pod.yaml)', () => {
    const f = corpusFile('k8s/kubernetes__website/content__en__examples__pods__qos__qos-pod.yaml');
    const o = only(f);
    expect([o.kind, o.name, o.namespace]).toEqual(['Pod', 'qos-demo', 'qos-example']);
    expect(slice(f, o.locate('spec.containers[0].resources.limits.memory').range)).toBe('"200Mi"');
    expect(containersOf(o).map((c) => c.name)).toEqual(['qos-demo-ctr']);
  });

  it('skips the kind cluster config', () => {
    const f = corpusFile('k8s/kubernetes__website/content__en__examples__pods__security__seccomp__kind.yaml');
    expect(f.objects).toEqual([]);
    expect(f.skipped[0].reason).toMatch(/^kind cluster configuration/);
  });

  it('skips the ingress-nginx Helm template without an error', () => {
    const f = corpusFile('k8s/kubernetes__ingress-nginx/charts__ingress-nginx__templates__controller-deployment.yaml');
    expect(f.objects).toEqual([]);
    expect(f.issues).toEqual([]);
    expect(f.skipped[0].reason).toMatch(/^Helm\/Go template/);
  });

  it('warns about the duplicate selector (etcd-controller.yaml)', () => {
    const f = corpusFile('k8s/kubernetes__examples/_archived__openshift-origin__etcd-controller.yaml');
    expect(f.objects).toHaveLength(1);
    expect(f.issues.map((i) => [i.code, i.severity, i.range.start.line, i.range.start.column])).toEqual([
      ['DUPLICATE_KEY', 'warning', 12, 3],
    ]);
  });

  it('reads documents separated by ... and --- (kiali.yaml)', () => {
    const f = corpusFile('k8s/istio__istio/samples__addons__kiali.yaml');
    expect(f.issues).toEqual([]);
    expect(f.objects.map((o) => o.kind)).toEqual([
      'ServiceAccount',
      'ConfigMap',
      'ClusterRole',
      'ClusterRoleBinding',
      'Service',
      'Deployment',
    ]);
  });

  it('counts the trailing empty document (helloweb-deployment.yaml)', () => {
    const f = corpusFile('k8s/GoogleCloudPlatform__kubernetes-engine-samples/quickstarts__hello-app__manifests__helloweb-deployment.yaml');
    expect(f.documentCount).toBe(2);
    expect(f.objects.map((o) => [o.kind, o.documentIndex])).toEqual([['Deployment', 0]]);
  });

  it('skips the GitHub workflow and the kustomization', () => {
    const w = corpusFile('k8s/jupyter__docker-stacks/.github__workflows__docker.yaml');
    expect(w.objects).toEqual([]);
    expect(w.skipped[0].reason).toBe('not a Kubernetes object: GitHub Actions workflow');
    const k = corpusFile('k8s/GoogleCloudPlatform__microservices-demo/kustomize__base__kustomization.yaml');
    expect(k.objects).toEqual([]);
    expect(k.skipped[0].reason).toMatch(/^kustomize configuration/);
  });
});

/**
 * Files whose object count differs from MANIFEST.tsv's k8s_objects on purpose:
 * List expansion (one document, several objects) and tool configuration files
 * that have apiVersion/kind but are not API objects.
 */
const EXPECTED_COUNT_DIFFERENCES: Record<string, [manifest: number, ours: number]> = {
  'k8s/prometheus-operator__kube-prometheus/manifests__prometheus-roleBindingSpecificNamespaces.yaml': [1, 3],
  'k8s/prometheus-operator__kube-prometheus/manifests__prometheus-roleSpecificNamespaces.yaml': [1, 3],
  'k8s/kubernetes__website/content__en__examples__access__manifest-admission-control__list-format-policy.yaml': [1, 2],
  'k8s/kubernetes__website/content__en__examples__pods__security__seccomp__kind.yaml': [1, 0],
  'k8s/GoogleCloudPlatform__microservices-demo/skaffold.yaml': [2, 0],
  'k8s/kubernetes__ingress-nginx/deploy__grafana__kustomization.yaml': [1, 0],
  'k8s/kubernetes__ingress-nginx/deploy__prometheus__kustomization.yaml': [1, 0],
  'k8s/GoogleCloudPlatform__kubernetes-engine-samples/ai-ml__anthropic-agent-sandbox__deploy__base__kustomization.yaml': [1, 0],
  'k8s/GoogleCloudPlatform__kubernetes-engine-samples/ai-ml__anthropic-agent-sandbox__deploy__overlays__01_single_session__kustomization.yaml':
    [1, 0],
  'k8s/GoogleCloudPlatform__kubernetes-engine-samples/ai-ml__anthropic-agent-sandbox__deploy__overlays__02_warmpool_autoscale__kustomization.yaml':
    [1, 0],
  'k8s/GoogleCloudPlatform__kubernetes-engine-samples/ai-ml__gke-a100-jax__kubernetes__kustomization.yaml': [1, 0],
  'k8s/GoogleCloudPlatform__microservices-demo/kubernetes-manifests__kustomization.yaml': [1, 0],
  'k8s/GoogleCloudPlatform__microservices-demo/kustomize__base__kustomization.yaml': [1, 0],
  'k8s/GoogleCloudPlatform__microservices-demo/kustomize__components__alloydb__kustomization.yaml': [1, 0],
  'k8s/GoogleCloudPlatform__microservices-demo/kustomize__components__container-images-registry__kustomization.yaml': [1, 0],
  'k8s/GoogleCloudPlatform__microservices-demo/kustomize__components__container-images-tag-suffix__kustomization.yaml': [1, 0],
  'k8s/GoogleCloudPlatform__microservices-demo/kustomize__components__container-images-tag__kustomization.yaml': [1, 0],
};

describe.skipIf(!corpusPresent)('whole k8s corpus', () => {
  const files: Array<{ rel: string; text: string }> = [];
  if (corpusPresent) {
    for (const dir of readdirSync(path.join(corpus, 'k8s'))) {
      for (const name of readdirSync(path.join(corpus, 'k8s', dir))) {
        if (!name.endsWith('.yaml')) continue;
        const rel = `k8s/${dir}/${name}`;
        files.push({ rel, text: readFileSync(path.join(corpus, rel), 'utf8') });
      }
    }
  }

  it('loads every file without throwing, with metadata inside each object, counts as MANIFEST.tsv', () => {
    const manifest = new Map<string, { objects: number; parse: string }>();
    for (const line of readFileSync(path.join(corpus, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1)) {
      const cols = line.split('\t');
      manifest.set(cols[1], { objects: Number(cols[9]), parse: cols[10] });
    }
    const bytes = files.reduce((n, f) => n + f.text.length, 0);
    const t0 = performance.now();
    const loaded = files.map(({ rel, text }) => loadK8sFile(rel, text));
    const ms = performance.now() - t0;
    console.log(
      `k8s corpus: ${files.length} files, ${(bytes / 1e6).toFixed(1)} MB loaded in ${ms.toFixed(0)} ms (${(bytes / 1e6 / (ms / 1000)).toFixed(1)} MB/s)`,
    );

    const problems: string[] = [];
    const differences: Record<string, [number, number]> = {};
    let objects = 0;
    for (let i = 0; i < files.length; i++) {
      const { rel, text } = files[i];
      const f = loaded[i];
      objects += f.objects.length;
      for (const o of f.objects) {
        const m = o.locate('metadata');
        const { start, end } = m.range;
        if (start.offset < o.node.span.start || end.offset > o.node.span.end || start.offset > end.offset) {
          problems.push(`${rel}: metadata range outside object ${o.kind}/${o.name}`);
        }
        if (m.exact !== (o.value.metadata !== undefined)) problems.push(`${rel}: metadata exactness for ${o.kind}`);
        if (f.source.position(start.offset).line !== start.line) problems.push(`${rel}: inconsistent position`);
      }
      for (const issue of f.issues) {
        if (issue.range.end.offset > text.length) problems.push(`${rel}: issue range outside the file`);
      }
      const row = manifest.get(rel);
      if (!row) continue;
      if (row.parse === 'ok' && f.issues.some((x) => x.severity === 'error')) problems.push(`${rel}: YAML error on a valid file`);
      if (row.objects !== f.objects.length) differences[rel] = [row.objects, f.objects.length];
    }
    expect(problems).toEqual([]);
    expect(differences).toEqual(EXPECTED_COUNT_DIFFERENCES);
    expect(objects).toBeGreaterThan(4900);
  });

  it('builds the same trees with the fast scanner as with the yaml package', () => {
    const mismatches: string[] = [];
    let fast = 0;
    let fastBytes = 0;
    let total = 0;
    for (const { rel, text } of files) {
      total += text.length;
      const r = sameTrees(text);
      if (r.fast) {
        fast++;
        fastBytes += text.length;
      }
      if (!r.equal) mismatches.push(rel);
    }
    expect(mismatches).toEqual([]);
    // Nearly everything takes the fast path.
    expect(fastBytes / total).toBeGreaterThan(0.95);
    expect(fast).toBeGreaterThan(files.length * 0.95);
  });

  it('gives the same objects with either engine (every 7th file)', () => {
    const differ: string[] = [];
    for (const { rel, text } of files.filter((_, i) => i % 7 === 0)) {
      if (parseDocuments(new SourceText(text), 'fast')?.lenient) continue;
      const a = loadK8sFile(rel, text);
      const b = loadK8sFile(rel, text, { engine: 'yaml' });
      const key = (f: K8sFile) =>
        JSON.stringify([
          f.documentCount,
          f.objects.map((o) => [o.documentIndex, o.listIndex, o.kind, o.name, o.value, lc(o.locate('metadata').range)]),
          f.issues.map((i) => [i.code, i.severity, lc(i.range)]),
          f.skipped,
        ]);
      if (key(a) !== key(b)) differ.push(rel);
    }
    expect(differ).toEqual([]);
  });
});
