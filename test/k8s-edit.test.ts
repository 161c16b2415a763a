/** The minimal-edit helper: setting paths keeps comments, key order, indentation, style and line endings. */
import { describe, expect, it, vi } from 'vitest';
import { applyFixes } from '../src/core/fix.js';
import type { TextEdit } from '../src/core/types.js';
import { addToSequence, appendToSequence, removePair, removeSequenceItem, renameKey, renderScalar, setPath } from '../src/k8s/edit.js';
import { loadK8sFile } from '../src/k8s/loader.js';
import type { PathSegment } from '../src/k8s/model.js';
import { fixSnippet, linter } from './support/lint.js';

function apply(text: string, edit: TextEdit | null): string {
  expect(edit).not.toBeNull();
  return text.slice(0, edit!.span.start) + edit!.text + text.slice(edit!.span.end);
}

function set(text: string, path: PathSegment[], value: Parameters<typeof setPath>[3], objectIndex = 0, eol = '\n'): string {
  const file = loadK8sFile('m.yaml', text);
  return apply(text, setPath({ text, eol }, file.objects[objectIndex], path, value));
}

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web # the web pod
spec:
  # containers below
  containers:
    - name: web
      image: nginx:1.27 # pinned
      securityContext:
        runAsNonRoot: true
`;

describe('setPath', () => {
  it('adds a key at the end of an existing block mapping, after its trailing comment', () => {
    expect(set(POD, ['spec', 'containers', 0, 'securityContext', 'allowPrivilegeEscalation'], false)).toBe(
      POD.replace('runAsNonRoot: true\n', 'runAsNonRoot: true\n        allowPrivilegeEscalation: false\n'),
    );
    expect(set(POD, ['spec', 'containers', 0, 'imagePullPolicy'], 'IfNotPresent')).toBe(
      POD.replace('        runAsNonRoot: true\n', '        runAsNonRoot: true\n      imagePullPolicy: IfNotPresent\n'),
    );
  });

  it('creates the missing mappings on the way, with the file\'s indentation step', () => {
    const fourSpaces = 'apiVersion: v1\nkind: Pod\nmetadata:\n    name: web\nspec:\n    containers:\n        -   name: web\n            image: nginx:1.27\n';
    expect(set(fourSpaces, ['spec', 'containers', 0, 'securityContext', 'capabilities', 'drop'], ['ALL'])).toBe(
      `${fourSpaces}            securityContext:\n                capabilities:\n                    drop: [ALL]\n`,
    );
  });

  it('writes into flow mappings in flow style, empty ones included', () => {
    const flow = 'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers: [{name: web, image: "nginx:1", securityContext: {}}]\n';
    expect(set(flow, ['spec', 'containers', 0, 'securityContext', 'seccompProfile', 'type'], 'RuntimeDefault')).toBe(
      flow.replace('securityContext: {}', 'securityContext: {seccompProfile: {type: RuntimeDefault}}'),
    );
    expect(set(flow, ['spec', 'containers', 0, 'imagePullPolicy'], 'Always')).toBe(flow.replace('securityContext: {}}', 'securityContext: {}, imagePullPolicy: Always}'));
  });

  it('replaces an existing scalar in place, quoting what would not read back as a string', () => {
    expect(set(POD, ['spec', 'containers', 0, 'securityContext', 'runAsNonRoot'], false)).toBe(POD.replace('runAsNonRoot: true', 'runAsNonRoot: false'));
    expect(renderScalar('yes')).toBe('"yes"');
    expect(renderScalar('1.27')).toBe('"1.27"');
    expect(renderScalar('IfNotPresent')).toBe('IfNotPresent');
  });

  it('fills a key that has no value, keeping the comment on its line', () => {
    const empty = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  securityContext: # to do\n  containers: []\n';
    expect(set(empty, ['spec', 'securityContext', 'runAsNonRoot'], true)).toBe(empty.replace('# to do\n', '# to do\n    runAsNonRoot: true\n'));
  });

  it('uses the file\'s line endings', () => {
    const crlf = POD.replace(/\n/g, '\r\n');
    expect(set(crlf, ['spec', 'containers', 0, 'securityContext', 'capabilities', 'drop'], ['ALL'], 0, '\r\n')).toBe(
      crlf.replace('runAsNonRoot: true\r\n', 'runAsNonRoot: true\r\n        capabilities:\r\n          drop: [ALL]\r\n'),
    );
  });

  it('edits items of a kind: List and later documents at their own offsets', () => {
    const list = 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Pod\n    metadata: {name: a}\n    spec:\n      containers:\n        - name: a\n          image: a:1\n';
    expect(set(list, ['spec', 'automountServiceAccountToken'], false)).toBe(`${list}      automountServiceAccountToken: false\n`);
    const multi = `${POD}---\n# second\n${POD.replace('name: web #', 'name: api #')}`;
    const out = set(multi, ['spec', 'hostNetwork'], false, 1);
    expect(out.startsWith(`${POD}---\n# second\n`)).toBe(true);
    expect(out.endsWith('        runAsNonRoot: true\n  hostNetwork: false\n')).toBe(true);
  });

  it('refuses paths through scalars, aliases or missing sequence items', () => {
    const file = loadK8sFile('m.yaml', POD);
    const target = { text: POD, eol: '\n' };
    expect(setPath(target, file.objects[0], ['metadata', 'name', 'x'], 1)).toBeNull();
    expect(setPath(target, file.objects[0], ['spec', 'containers', 5, 'image'], 'x')).toBeNull();
    const anchored = 'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  securityContext: &sc\n    runAsUser: 1\n  containers:\n    - name: a\n      image: a:1\n      securityContext: *sc\n';
    const aliasFile = loadK8sFile('m.yaml', anchored);
    expect(setPath({ text: anchored, eol: '\n' }, aliasFile.objects[0], ['spec', 'containers', 0, 'securityContext', 'runAsNonRoot'], true)).toBeNull();
  });
});

describe('sequences and keys', () => {
  const caps = 'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n    - name: web\n      image: nginx:1\n      securityContext:\n        capabilities:\n          drop:\n            - NET_RAW # raw sockets\n          add: [CHOWN]\n';
  const obj = (text: string) => loadK8sFile('m.yaml', text).objects[0];
  const capsPath = ['spec', 'containers', 0, 'securityContext', 'capabilities'];

  it('appends to block and flow sequences in their style', () => {
    expect(apply(caps, appendToSequence({ text: caps, eol: '\n' }, obj(caps), [...capsPath, 'drop'], 'ALL'))).toBe(caps.replace('# raw sockets\n', '# raw sockets\n            - ALL\n'));
    expect(apply(caps, appendToSequence({ text: caps, eol: '\n' }, obj(caps), [...capsPath, 'add'], 'KILL'))).toBe(caps.replace('[CHOWN]', '[CHOWN, KILL]'));
  });

  it('removes a block item with its lines, and a flow item with its comma', () => {
    const env = 'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n    - name: web\n      image: nginx:1\n      env:\n        - name: A\n          value: "1"\n        # keep me\n        - name: B\n          value: "2"\n      args: [a, b, c]\n';
    const path = ['spec', 'containers', 0, 'env'];
    expect(apply(env, removeSequenceItem({ text: env, eol: '\n' }, obj(env), path, 0))).toBe(env.replace('        - name: A\n          value: "1"\n', ''));
    const args = ['spec', 'containers', 0, 'args'];
    expect(apply(env, removeSequenceItem({ text: env, eol: '\n' }, obj(env), args, 1))).toBe(env.replace('[a, b, c]', '[a, c]'));
    expect(apply(env, removeSequenceItem({ text: env, eol: '\n' }, obj(env), args, 2))).toBe(env.replace('[a, b, c]', '[a, b]'));
  });

  it('renames a key and removes a pair with its line', () => {
    const sa = 'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  serviceAccount: web # legacy\n  serviceAccountName: web\n  containers: []\n';
    expect(apply(sa, renameKey(obj(sa), ['spec', 'serviceAccount'], 'serviceAccountName'))).toBe(sa.replace('serviceAccount: web # legacy', 'serviceAccountName: web # legacy'));
    expect(apply(sa, removePair({ text: sa, eol: '\n' }, obj(sa), ['spec', 'serviceAccount']))).toBe(sa.replace('  serviceAccount: web # legacy\n', ''));
  });
});

describe('several fixes inserting at one point', () => {
  const bare = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27 # pinned\n';
  const container = ['spec', 'containers', 0];
  const fixesOf = (text: string, ...changes: Array<[PathSegment[], Parameters<typeof setPath>[3]]>) => {
    const object = loadK8sFile('m.yaml', text).objects[0];
    return changes.map(([path, value]) => ({ description: path.join('.'), edits: [setPath({ text, eol: '\n' }, object, path, value)!] }));
  };

  it('writes keys that several fixes add to one mapping as one block, in one pass', () => {
    const fixes = fixesOf(
      bare,
      [[...container, 'securityContext', 'runAsNonRoot'], true],
      [[...container, 'securityContext', 'capabilities', 'drop'], ['ALL']],
      [[...container, 'imagePullPolicy'], 'IfNotPresent'],
      [[...container, 'securityContext', 'runAsNonRoot'], true],
    );
    const { text, applied } = applyFixes(bare, fixes);
    expect(applied).toHaveLength(4);
    expect(text).toBe(`${bare}      securityContext:\n        runAsNonRoot: true\n        capabilities:\n          drop: [ALL]\n      imagePullPolicy: IfNotPresent\n`);
  });

  it('puts the deeper mapping\'s keys first when an outer mapping ends at the same point', () => {
    const fixes = fixesOf(bare, [['spec', 'securityContext', 'runAsNonRoot'], true], [[...container, 'securityContext', 'runAsNonRoot'], true]);
    const { text, applied } = applyFixes(bare, fixes);
    expect(applied).toHaveLength(2);
    expect(text).toBe(`${bare}      securityContext:\n        runAsNonRoot: true\n  securityContext:\n    runAsNonRoot: true\n`);
    expect(loadK8sFile('m.yaml', text).objects[0].value).toMatchObject({ spec: { securityContext: { runAsNonRoot: true }, containers: [{ securityContext: { runAsNonRoot: true } }] } });
  });

  it('leaves a contradicting insertion for the next pass', () => {
    const fixes = fixesOf(bare, [[...container, 'securityContext', 'runAsNonRoot'], true], [[...container, 'securityContext', 'runAsNonRoot'], false]);
    const { text, applied } = applyFixes(bare, fixes);
    expect(applied.map((fix) => fix.description)).toEqual([fixes[0].description]);
    expect(text).toBe(`${bare}      securityContext:\n        runAsNonRoot: true\n`);
  });

  it('fills an empty key and appends sequence items together', () => {
    const empty = 'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n    - name: web\n      image: nginx:1\n      securityContext: # hardened\n      args: [a]\n';
    const fills = applyFixes(empty, fixesOf(empty, [[...container, 'securityContext', 'runAsNonRoot'], true], [[...container, 'securityContext', 'privileged'], false]));
    expect(fills.text).toBe(empty.replace('# hardened\n', '# hardened\n        runAsNonRoot: true\n        privileged: false\n'));
    const object = loadK8sFile('m.yaml', empty).objects[0];
    const append = (item: string) => ({ description: item, edits: [appendToSequence({ text: empty, eol: '\n' }, object, [...container, 'args'], item)!] });
    expect(applyFixes(empty, [append('b'), append('c'), append('b')]).text).toBe(empty.replace('[a]', '[a, b, c]'));
  });

  it('joins the items that several fixes add to one missing sequence, but not lists set whole', () => {
    const object = loadK8sFile('m.yaml', bare).objects[0];
    const drop = [...container, 'securityContext', 'capabilities', 'drop'];
    const add = (item: string) => ({ description: item, edits: [addToSequence({ text: bare, eol: '\n' }, object, drop, item)!] });
    const joined = applyFixes(bare, [add('NET_RAW'), add('ALL'), add('NET_RAW')]);
    expect(joined.applied).toHaveLength(3);
    expect(joined.text).toBe(`${bare}      securityContext:\n        capabilities:\n          drop: [NET_RAW, ALL]\n`);
    expect(applyFixes(bare, fixesOf(bare, [drop, ['NET_RAW']], [drop, ['ALL']])).applied).toHaveLength(1);
    const withDrop = joined.text;
    const appended = addToSequence({ text: withDrop, eol: '\n' }, loadK8sFile('m.yaml', withDrop).objects[0], drop, 'KILL');
    expect(apply(withDrop, appended)).toBe(withDrop.replace('[NET_RAW, ALL]', '[NET_RAW, ALL, KILL]'));
  });

  it('fixes a bare Deployment with every rule on in one pass, each mapping written once', async () => {
    const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n';
    const lint = vi.spyOn(linter, 'lint');
    try {
      const outcome = await fixSnippet(deployment, { filename: 'deploy.yaml' });
      expect(lint).toHaveBeenCalledTimes(2); // the lint before, and one after the only pass
      expect(outcome.fixesApplied).toBeGreaterThan(2);
      expect(outcome.rolledBack).toBe(false);
      expect(outcome.result.parseErrorCount).toBe(0);
      expect(outcome.result.findings.filter((finding) => finding.fix)).toEqual([]);
      expect(outcome.output.match(/^ {10}securityContext:$/gm)).toHaveLength(1);
      expect(outcome.output.match(/^ {6}securityContext:$/gm)).toHaveLength(1);
    } finally {
      lint.mockRestore();
    }
  });

  it('still applies one plain insertion per point (edits not made here are not combined)', () => {
    const plain = (text: string) => ({ description: text, edits: [{ span: { start: 3, end: 3 }, text }] });
    expect(applyFixes('abcdef', [plain('X'), plain('Y')]).text).toBe('abcXdef');
  });
});
