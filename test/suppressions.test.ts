/** Inline suppressions: drydock's own comments and annotations, their settings and precedence. */
import { describe, expect, it } from 'vitest';
import { lintDockerfile, lintYaml } from './support/suppression-rules.js';

const lines = (findings: { ruleId: string; range: { start: { line: number } } }[]) => findings.map((f) => `${f.range.start.line} ${f.ruleId}`);

describe('# drydock-ignore in a Dockerfile', () => {
  it('suppresses the named rules on the next instruction only, with the reason as justification', async () => {
    const result = await lintDockerfile('FROM alpine:3\n# drydock-ignore dockerfile/test-every-run -- installer needs it\nRUN a\nRUN b\n');
    expect(lines(result.findings)).toEqual(['1 dockerfile/test-every-instruction', '3 dockerfile/test-every-instruction', '4 dockerfile/test-every-instruction', '4 dockerfile/test-every-run']);
    expect(result.suppressed).toHaveLength(1);
    expect(result.suppressed[0]).toMatchObject({
      ruleId: 'dockerfile/test-every-run',
      range: { start: { line: 3 } },
      suppression: { kind: 'inSource', origin: '# drydock-ignore', justification: 'installer needs it', location: { file: 'Dockerfile', range: { start: { line: 2, column: 1 }, end: { line: 2, column: 65 } } } },
    });
  });

  it('takes aliases and several ids, skips comments and blank lines before the instruction, and covers its continuation lines', async () => {
    const result = await lintDockerfile('FROM alpine:3\n# drydock-ignore DL9001, dockerfile/test-every-run\n\n# another comment\nRUN a \\\n  && b\nRUN c\n');
    expect(lines(result.suppressed)).toEqual(['5 dockerfile/test-every-instruction', '5 dockerfile/test-every-run']);
    expect(lines(result.findings)).toEqual(['1 dockerfile/test-every-instruction', '7 dockerfile/test-every-instruction', '7 dockerfile/test-every-run']);
  });

  it('without ids suppresses every rule on the next instruction', async () => {
    const result = await lintDockerfile('FROM alpine:3\n# drydock-ignore -- legacy\nRUN a\n');
    expect(lines(result.suppressed)).toEqual(['3 dockerfile/test-every-instruction', '3 dockerfile/test-every-run']);
    expect(result.suppressed[0].suppression?.justification).toBe('legacy');
  });

  it('-stage suppresses from the next instruction to the end of its stage; -file everywhere', async () => {
    const text = 'FROM alpine:3 AS build\nRUN a\n# drydock-ignore-stage dockerfile/test-every-run\nRUN b\nRUN c\nFROM alpine:3\nRUN d\n';
    const stage = await lintDockerfile(text);
    expect(lines(stage.suppressed)).toEqual(['4 dockerfile/test-every-run', '5 dockerfile/test-every-run']);
    expect(lines(stage.findings).filter((l) => l.endsWith('run'))).toEqual(['2 dockerfile/test-every-run', '7 dockerfile/test-every-run']);

    const file = await lintDockerfile(`FROM alpine:3\nRUN a\n# drydock-ignore-file DL9002 -- generated\nRUN b\n`);
    expect(lines(file.suppressed)).toEqual(['2 dockerfile/test-every-run', '4 dockerfile/test-every-run']);
  });

  it('does not read a comment inside a RUN continuation as a suppression', async () => {
    const result = await lintDockerfile('FROM alpine:3\nRUN a \\\n# drydock-ignore dockerfile/test-every-run\n  && b\nRUN c\n');
    expect(result.suppressed).toEqual([]);
  });

  it('reports an unknown id with a did-you-mean, at the comment, and never crashes', async () => {
    const result = await lintDockerfile('FROM alpine:3\n# drydock-ignore dockerfile/test-every-rn\nRUN a\n');
    const unknown = result.findings.filter((f) => f.ruleId === 'drydock/unknown-rule-in-suppression');
    expect(unknown).toHaveLength(1);
    expect(unknown[0].message).toContain('did you mean "dockerfile/test-every-run"?');
    expect(unknown[0].range.start).toMatchObject({ line: 2, column: 1 });
    expect(result.suppressed).toEqual([]);
  });
});

describe('suppression settings', () => {
  const text = 'FROM alpine:3\n# drydock-ignore dockerfile/test-every-run\nRUN a\n# drydock-ignore dockerfile/test-every-run -- known\nRUN b\n';

  it('requireReason: a suppression without a reason is reported and not honoured; one with a reason still works', async () => {
    const result = await lintDockerfile(text, { requireReason: true });
    expect(lines(result.suppressed)).toEqual(['5 dockerfile/test-every-run']);
    const missing = result.findings.filter((f) => f.ruleId === 'drydock/suppression-reason-missing');
    expect(missing.map((f) => [f.range.start.line, f.severity, f.message])).toEqual([
      [2, 'error', '# drydock-ignore gives no reason, and requireReason is set: add one after ` -- `; it is not honoured without one'],
    ]);
    expect(lines(result.findings)).toContain('3 dockerfile/test-every-run');
  });

  it('noInlineSuppressions: every inline suppression is reported as an error and none is honoured', async () => {
    const result = await lintDockerfile(text, { noInline: true });
    expect(result.suppressed).toEqual([]);
    expect(result.findings.filter((f) => f.ruleId === 'drydock/inline-suppression-forbidden').map((f) => f.range.start.line)).toEqual([2, 4]);
    expect(lines(result.findings)).toEqual(expect.arrayContaining(['3 dockerfile/test-every-run', '5 dockerfile/test-every-run']));
  });

  it('reportUnused: names each id that suppressed nothing, but not ids of rules that did not run', async () => {
    const unused = 'FROM alpine:3\n# drydock-ignore dockerfile/test-every-run,DL9001\nCOPY a b\n';
    const result = await lintDockerfile(unused, { reportUnused: true });
    const reported = result.findings.filter((f) => f.ruleId === 'drydock/unused-suppression');
    expect(reported.map((f) => f.message)).toEqual(['# drydock-ignore of "dockerfile/test-every-run" suppressed nothing: remove it']);
    expect(reported[0].severity).toBe('warning');

    const ruleOff = await lintDockerfile(unused, { reportUnused: true }, ['dockerfile/test-every-instruction']);
    expect(ruleOff.findings.filter((f) => f.ruleId === 'drydock/unused-suppression')).toEqual([]);
    expect(lines((await lintDockerfile(unused)).findings)).not.toContain('2 drydock/unused-suppression');
  });
});

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        # drydock-ignore k8s/test-fields -- sidecar from the vendor
        - name: sidecar
          image: vendor/sidecar
          env:
            - name: A
        - name: app
          image: app
          env:
            # drydock-ignore k8s/test-fields -- kept for the legacy client
            - name: LEGACY
            - name: NEW
              value: x # drydock-ignore k8s/test-fields
`;

describe('# drydock-ignore in YAML', () => {
  it('above a sequence item suppresses that container only; above an env var, that var only', async () => {
    const result = await lintYaml(DEPLOYMENT, {}, ['k8s/test-fields']);
    expect(lines(result.suppressed)).toEqual(['11 k8s/test-fields', '13 k8s/test-fields', '18 k8s/test-fields']);
    expect(lines(result.findings)).toEqual(['4 k8s/test-fields', '15 k8s/test-fields', '19 k8s/test-fields']);
    expect(result.suppressed[0].suppression).toMatchObject({ origin: '# drydock-ignore', justification: 'sidecar from the vendor', location: { range: { start: { line: 9, column: 9 } } } });
  });

  it('a comment on the line of a field suppresses in that field; above a mapping key, that key only', async () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  # drydock-ignore k8s/test-fields\n  name: p\n  labels: {}\nspec:\n  containers:\n    - name: c\n      image: nginx # drydock-ignore\n';
    const result = await lintYaml(text);
    expect(lines(result.suppressed)).toEqual(['5 k8s/test-fields', '10 k8s/test-fields']);
    expect(lines(result.findings)).toEqual(['2 k8s/test-other']);
  });

  it('above apiVersion it covers the whole object, and not the next document', async () => {
    const text = '# drydock-ignore k8s/test-other\napiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: b\n';
    const result = await lintYaml(text);
    expect(lines(result.suppressed)).toEqual(['3 k8s/test-other']);
    expect(lines(result.findings)).toEqual(['5 k8s/test-fields', '8 k8s/test-other', '10 k8s/test-fields']);
  });

  it('is not fooled by "# drydock-ignore" inside a quoted or block scalar', async () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "x # drydock-ignore k8s/test-fields"\ndata:\n  script: |\n    # drydock-ignore k8s/test-other\n    echo\n';
    const result = await lintYaml(text);
    expect(result.suppressed).toEqual([]);
  });

  it('# drydock-ignore-file covers every document of the file', async () => {
    const text = '# drydock-ignore-file k8s/test-other -- generated\napiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: b\n';
    const result = await lintYaml(text, {}, ['k8s/test-other']);
    expect(lines(result.suppressed)).toEqual(['3 k8s/test-other', '8 k8s/test-other']);
    expect(result.findings).toEqual([]);
  });
});

describe('drydock.io/ignore annotation', () => {
  const annotated = (value: string) =>
    `apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  annotations:\n    drydock.io/ignore: "${value}"\nspec:\n  containers:\n    - name: c\n      image: nginx\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: b\n`;

  it('suppresses the named rules in the whole object, and only that object', async () => {
    const result = await lintYaml(annotated('k8s/test-fields -- third-party chart'));
    expect(lines(result.suppressed)).toEqual(['4 k8s/test-fields', '10 k8s/test-fields']);
    expect(result.suppressed[0].suppression).toMatchObject({ kind: 'inSource', origin: 'drydock.io/ignore', justification: 'third-party chart', location: { range: { start: { line: 6, column: 5 } } } });
    expect(lines(result.findings)).toEqual(['2 k8s/test-other', '13 k8s/test-other', '15 k8s/test-fields']);
  });

  it('a field comment inside an annotated object claims the finding first (the narrower scope wins)', async () => {
    const text = annotated('k8s/test-fields -- object reason').replace('      image: nginx', '      image: nginx # drydock-ignore k8s/test-fields -- field reason');
    const result = await lintYaml(text);
    const image = result.suppressed.find((f) => f.range.start.line === 10);
    expect(image?.suppression?.justification).toBe('field reason');
    expect(result.suppressed.find((f) => f.range.start.line === 4)?.suppression?.justification).toBe('object reason');
  });

  it('noInlineSuppressions reports annotations too', async () => {
    const result = await lintYaml(annotated('k8s/test-fields'), { noInline: true });
    expect(result.suppressed).toEqual([]);
    expect(result.findings.filter((f) => f.ruleId === 'drydock/inline-suppression-forbidden').map((f) => f.range.start.line)).toEqual([6]);
  });
});
