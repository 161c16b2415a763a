/**
 * The report formats on real CLI output, the options around them
 * (--output-file, --failure-level none, --include-suppressed, --changed-since)
 * and `drydock explain`.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprintBase, fingerprints, rememberFingerprintBases } from '../src/core/fingerprint.js';
import { SourceText } from '../src/core/source.js';
import type { Finding } from '../src/core/types.js';
import { escapeData, escapeProperty } from '../src/reporters/github.js';
import { STREAMED_ITEMS, writeJsonStreaming } from '../src/reporters/common.js';
import { formatJson } from '../src/reporters/json.js';
import { escapeXml } from '../src/reporters/xml.js';
import { runCli, tempTree } from './support/cli.js';
import { lintSnippet, registry } from './support/lint.js';

const DOCKERFILE = 'FROM ubuntu\nRUN apt-get install -y curl\nUSER 1000\n';
const UNPINNED_MESSAGE = 'Base image "ubuntu" has no tag, so it means "latest": pin a version tag or a digest (e.g. ubuntu:<version>).';
const APT_MESSAGE = '`apt-get install` without --no-install-recommends also installs recommended packages: add --no-install-recommends.';

function project() {
  return tempTree({ 'svc/Dockerfile': DOCKERFILE, 'Dockerfile.bad': 'FRM x\n' });
}

async function formatted(format: string) {
  return runCli(['--format', format, 'svc/Dockerfile', 'Dockerfile.bad', 'missing.yaml'], project());
}

describe('report formats', () => {
  it('compact: file:line:col: severity [rule] message, then the summary', async () => {
    const { code, stdout } = await formatted('compact');
    expect(code).toBe(2);
    expect(stdout).toBe(
      [
        'missing.yaml:1:1: error [file-error] no such file or directory: missing.yaml',
        `svc/Dockerfile:1:6: warning [dockerfile/unpinned-base-image] ${UNPINNED_MESSAGE}`,
        `svc/Dockerfile:2:5: info [dockerfile/apt-no-install-recommends] ${APT_MESSAGE}`,
        'Dockerfile.bad:1:1: error [dockerfile/syntax] unknown instruction: FRM',
        '',
        '4 problems (2 errors, 1 warning, 1 info), 1 fixable with --fix',
        '',
      ].join('\n'),
    );
  });

  it('github: workflow commands with file, line, columns and title, escaped', async () => {
    const { stdout } = await formatted('github');
    expect(stdout.split('\n')).toEqual([
      '::error file=missing.yaml,title=drydock%3A file not linted::no such file or directory: missing.yaml',
      `::warning file=svc/Dockerfile,line=1,endLine=1,col=6,endColumn=11,title=dockerfile/unpinned-base-image::${UNPINNED_MESSAGE}`,
      `::notice file=svc/Dockerfile,line=2,endLine=2,col=5,endColumn=27,title=dockerfile/apt-no-install-recommends::${APT_MESSAGE}`,
      '::error file=Dockerfile.bad,line=1,endLine=1,col=1,endColumn=3,title=dockerfile/syntax::unknown instruction: FRM',
      '',
    ]);
    expect(escapeData('100%\r\nnext')).toBe('100%25%0D%0Anext');
    expect(escapeProperty('a:b,c%')).toBe('a%3Ab%2Cc%25');
  });

  it('github: a finding over several lines gives lines only', async () => {
    const root = tempTree({ 'pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n' });
    const { stdout } = await runCli(['--format', 'github', '--rule', 'k8s/run-as-non-root', 'pod.yaml'], root);
    expect(stdout).toMatch(/^::warning file=pod\.yaml,line=7,endLine=7,col=7,endColumn=15,title=k8s\/run-as-non-root::/m);
  });

  it('checkstyle: one <file> per file, escaped attributes, rule as source', async () => {
    const { stdout } = await formatted('checkstyle');
    expect(stdout).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<checkstyle version="4.3">',
        '  <file name="missing.yaml">',
        '    <error line="1" column="1" severity="error" message="no such file or directory: missing.yaml" source="drydock.file-error"/>',
        '  </file>',
        '  <file name="svc/Dockerfile">',
        `    <error line="1" column="6" severity="warning" message="${escapeXml(UNPINNED_MESSAGE)}" source="drydock.dockerfile/unpinned-base-image"/>`,
        `    <error line="2" column="5" severity="info" message="${escapeXml(APT_MESSAGE)}" source="drydock.dockerfile/apt-no-install-recommends"/>`,
        '  </file>',
        '  <file name="Dockerfile.bad">',
        '    <error line="1" column="1" severity="error" message="unknown instruction: FRM" source="drydock.dockerfile/syntax"/>',
        '  </file>',
        '</checkstyle>',
        '',
      ].join('\n'),
    );
    expect(escapeXml('a<b & "c"\n\u0001')).toBe('a&lt;b &amp; &quot;c&quot;&#10;');
  });

  it('junit: a suite per file, a failing case per finding, a passing case for a clean file', async () => {
    const root = tempTree({ 'svc/Dockerfile': DOCKERFILE, 'clean/Dockerfile': 'FROM alpine:3.20\nUSER 1000\n' });
    const { stdout } = await runCli(['--format', 'junit', 'svc/Dockerfile', 'clean/Dockerfile', 'missing.yaml'], root);
    expect(stdout).toContain('<testsuites name="drydock" tests="4" failures="2" errors="1">');
    expect(stdout).toContain('<testsuite name="svc/Dockerfile" tests="2" failures="2" errors="0">');
    expect(stdout).toContain(
      `<failure message="${escapeXml(UNPINNED_MESSAGE)}" type="warning">svc/Dockerfile:1:6: warning: ${escapeXml(UNPINNED_MESSAGE)} [dockerfile/unpinned-base-image]</failure>`,
    );
    expect(stdout).toContain('<testsuite name="clean/Dockerfile" tests="1" failures="0" errors="0">\n    <testcase name="drydock" classname="clean/Dockerfile"/>');
    expect(stdout).toContain('<error message="no such file or directory: missing.yaml">');
  });

  it('gitlab: Code Quality issues with severity, category, unique fingerprints and positions', async () => {
    const { stdout } = await formatted('gitlab');
    const issues = JSON.parse(stdout) as Array<Record<string, unknown>>;
    expect(issues[1]).toEqual({
      type: 'issue',
      check_name: 'dockerfile/unpinned-base-image',
      description: UNPINNED_MESSAGE,
      categories: ['Bug Risk'],
      severity: 'minor',
      fingerprint: expect.stringMatching(/^[0-9a-f]{32}:1$/),
      location: { path: 'svc/Dockerfile', positions: { begin: { line: 1, column: 6 }, end: { line: 1, column: 12 } } },
    });
    expect(issues.map((issue) => issue.severity)).toEqual(['critical', 'minor', 'info', 'major']);
    expect(new Set(issues.map((issue) => issue.fingerprint)).size).toBe(issues.length);
  });

  it('json: versioned, with a summary, per-file counts and fingerprints', async () => {
    const { stdout } = await formatted('json');
    const output = JSON.parse(stdout);
    expect(output.schemaVersion).toBe(1);
    expect(output.tool).toEqual({ name: 'drydock', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(output.summary).toEqual({ fileCount: 3, errorCount: 2, warningCount: 1, infoCount: 1, fixableCount: 1, suppressedCount: 0 });
    expect(output.files.map((f: { filePath: string }) => f.filePath)).toEqual(['missing.yaml', 'svc/Dockerfile', 'Dockerfile.bad']);
    expect(output.files[1].findings[0]).toMatchObject({
      ruleId: 'dockerfile/unpinned-base-image',
      line: 1,
      column: 6,
      endLine: 1,
      endColumn: 12,
      startOffset: 5,
      endOffset: 11,
      fingerprint: expect.stringMatching(/^[0-9a-f]{32}:1$/),
    });
  });

  it('json: fingerprints hashed while linting are those of the file\'s text', async () => {
    const text = 'FROM ubuntu\nFROM ubuntu\nRUN apt-get install curl\n';
    const root = tempTree({ Dockerfile: text });
    const { stdout } = await runCli(['--no-config', '--format', 'json', 'Dockerfile'], root);
    const file = JSON.parse(stdout).files[0];
    type Item = { ruleId: string; line: number; startOffset: number; endOffset: number; fingerprint: string };
    const items: Item[] = file.findings;
    expect(items.length).toBeGreaterThan(3);
    const asFindings = items.map((item) => ({ ruleId: item.ruleId, file: file.filePath, range: { start: { offset: item.startOffset, line: item.line }, end: { offset: item.endOffset } } }));
    expect(items.map((item) => item.fingerprint)).toEqual(fingerprints(asFindings as unknown as Finding[], new SourceText(text)));
  });

  it('json: a file without findings is not read again for fingerprints (a warm --cache run has thousands)', async () => {
    const result = await lintSnippet('FROM ubuntu:24.04\nUSER 1000\n', { rules: ['dockerfile/unpinned-base-image'] });
    expect(result.findings).toEqual([]);
    const unread = Object.defineProperty({ ...result, source: undefined }, 'source', {
      get() {
        throw new Error('the report read the text of a file without findings');
      },
    });
    const report = { results: [unread], fileErrors: [], registry, verbose: false, color: false, toolVersion: '0.1.0', cwd: '/repo' };
    const json = JSON.parse(formatJson({ ...report, includeSuppressed: false }));
    expect(json.files[0]).toMatchObject({ findings: [], errorCount: 0 });
  });

  it('json: suppressed findings listed with their suppression only with --include-suppressed', async () => {
    const result = await lintSnippet('FROM ubuntu\n', { rules: ['dockerfile/unpinned-base-image'] });
    const suppressed = { ...result.findings[0], suppression: { kind: 'external' as const, origin: '.drydock.yaml', justification: 'legacy' } };
    const report = { results: [{ ...result, findings: [], suppressed: [suppressed] }], fileErrors: [], registry, verbose: false, color: false, toolVersion: '0.1.0', cwd: '/repo' };
    const without = JSON.parse(formatJson({ ...report, includeSuppressed: false }));
    expect(without.summary.suppressedCount).toBe(1);
    expect(without.files[0].suppressed).toBeUndefined();
    const withSuppressed = JSON.parse(formatJson({ ...report, includeSuppressed: true }));
    expect(withSuppressed.files[0].suppressed[0]).toMatchObject({ ruleId: 'dockerfile/unpinned-base-image', suppression: { kind: 'external', justification: 'legacy' } });
  });
});

describe('JSON written in pieces', () => {
  it('is exactly JSON.stringify of the whole, whatever the depth of the streamed array and its items', () => {
    const items = [{ a: 1, b: ['x\ny', { c: null }], d: {} }, [], 'text', { e: [[1, [2]], { f: 'g' }] }];
    const cases: Array<(list: readonly unknown[]) => unknown> = [
      (list) => list,
      (list) => ({ schemaVersion: 1, files: list }),
      (list) => ({ runs: [{ tool: { name: 't' }, results: list, after: true }] }),
      (list) => ({ a: { b: { c: { items: list } } } }),
    ];
    for (const shape of cases) {
      for (const list of [items, [], [items[0]]]) {
        let written = '';
        writeJsonStreaming(shape(STREAMED_ITEMS), list, (piece) => (written += piece));
        expect(written).toBe(JSON.stringify(shape(list), null, 2) + '\n');
      }
    }
  });
});

describe('fingerprints', () => {
  it('stay the same when lines move and differ for identical findings', async () => {
    const rules = ['dockerfile/unpinned-base-image'];
    const before = await lintSnippet('FROM ubuntu\nFROM ubuntu\n', { rules });
    const after = await lintSnippet('# moved down\nFROM ubuntu\n\nFROM ubuntu\n', { rules });
    const [a, b] = fingerprints(before.findings, before.source);
    expect(a).not.toBe(b);
    expect(fingerprints(after.findings, after.source)).toEqual([a, b]);
  });

  it('come from remembered bases without reading the text, as for results taken from the cache', async () => {
    const rules = ['dockerfile/unpinned-base-image'];
    const linted = await lintSnippet('FROM ubuntu\nFROM ubuntu\n', { rules });
    const expected = fingerprints(linted.findings, linted.source);
    // As the cache gives them back: new objects, with the bases computed where the text was read.
    const fromCache = JSON.parse(JSON.stringify(linted.findings));
    rememberFingerprintBases(fromCache, linted.findings.map((finding) => fingerprintBase(finding, linted.source)));
    const noText = () => {
      throw new Error('the text was read');
    };
    expect(fingerprints(fromCache, noText)).toEqual(expected);
    // A finding without a remembered base still gets its fingerprint from the text.
    expect(fingerprints([...fromCache, ...JSON.parse(JSON.stringify(linted.findings))], () => linted.source)).toEqual([...expected, ...expected.map((print) => print.replace(/:(\d+)$/, (_, n) => `:${Number(n) + 2}`))]);
  });

  it('change when the flagged text changes', async () => {
    const rules = ['dockerfile/unpinned-base-image'];
    const ubuntu = await lintSnippet('FROM ubuntu\n', { rules });
    const debian = await lintSnippet('FROM debian\n', { rules });
    expect(fingerprints(ubuntu.findings, ubuntu.source)).not.toEqual(fingerprints(debian.findings, debian.source));
  });
});

describe('CLI options around reports', () => {
  it('--output-file writes the chosen format to a file and stylish to the terminal', async () => {
    const root = project();
    const { code, stdout } = await runCli(['--format', 'sarif', '--output-file', 'out/drydock.sarif', 'svc/Dockerfile'], root);
    expect(code).toBe(0);
    expect(stdout).toContain('svc/Dockerfile\n');
    expect(stdout).toContain('2 problems (0 errors, 1 warning, 1 info), 1 fixable with --fix');
    const sarif = JSON.parse(readFileSync(path.join(root, 'out/drydock.sarif'), 'utf8'));
    expect(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toEqual(['dockerfile/unpinned-base-image', 'dockerfile/apt-no-install-recommends']);
  });

  it('--output-file that cannot be written is an error with exit code 2', async () => {
    const root = tempTree({ Dockerfile: DOCKERFILE, 'blocker': 'a file, not a folder' });
    const { code, stderr } = await runCli(['--format', 'json', '--output-file', 'blocker/report.json', 'Dockerfile'], root);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^drydock: could not write the report to blocker\/report\.json: (ENOTDIR|EEXIST)\n$/);
  });

  it('--failure-level none never fails on findings, but still on unreadable files', async () => {
    const root = project();
    expect((await runCli(['--failure-level', 'none', 'Dockerfile.bad'], root)).code).toBe(0);
    expect((await runCli(['Dockerfile.bad'], root)).code).toBe(1);
    expect((await runCli(['--failure-level', 'none', 'missing.yaml'], root)).code).toBe(2);
  });

  it('stylish ends with counts per severity, fixable and suppressed', async () => {
    const { stdout } = await runCli(['svc/Dockerfile', 'Dockerfile.bad'], project());
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('✖ 3 problems (1 error, 1 warning, 1 info), 1 fixable with --fix');
  });

  it('--changed-since lints only files changed since the ref, plus untracked ones', async () => {
    const root = tempTree({ 'a/Dockerfile': 'FROM ubuntu\n', 'b/Dockerfile': 'FROM ubuntu\n', 'c/Dockerfile': 'FROM ubuntu\n' });
    const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'pipe' });
    git('init', '-q');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '--allow-empty', '-m', 'empty');
    git('add', 'a/Dockerfile', 'b/Dockerfile');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'base');
    writeFileSync(path.join(root, 'b/Dockerfile'), 'FROM debian\n');
    const { stdout } = await runCli(['--format', 'compact', '--changed-since', 'HEAD', '.'], root);
    const linted = new Set(stdout.split('\n').filter((line) => line.includes('[dockerfile/')).map((line) => line.split(':')[0]));
    expect([...linted]).toEqual(['b/Dockerfile', 'c/Dockerfile']);
    const sinceStart = await runCli(['--format', 'compact', '--changed-since', 'HEAD~1', '.'], root);
    expect(sinceStart.stdout).toContain('a/Dockerfile:1:6');
    const bad = await runCli(['--changed-since', 'no-such-ref', '.'], root);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--changed-since: "no-such-ref" is not a commit in the git repository');
  });

  it('--changed-since still gives the checks across files the unchanged manifests, and reports only into changed files', async () => {
    const root = tempTree({
      'k8s/config.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\ndata: {a: b}\n',
      'k8s/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n      envFrom:\n        - configMapRef: {name: cfg}\n',
    });
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: root, stdio: 'pipe' });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-q', '-m', 'base');
    writeFileSync(path.join(root, 'k8s/pod.yaml'), readFileSync(path.join(root, 'k8s/pod.yaml'), 'utf8') + '# edited\n');
    const args = ['--format', 'compact', '--rule', 'k8s/missing-referenced-object', '--changed-since', 'HEAD', '.'];
    const { stdout } = await runCli(args, root);
    // Alone, pod.yaml would not know that the input defines ConfigMaps; the unchanged config.yaml says so.
    expect(stdout).toContain('k8s/pod.yaml:10:32: warning [k8s/missing-referenced-object] ConfigMap "cfg" is not defined');
    expect(stdout).not.toContain('k8s/config.yaml');
    expect((await runCli(['--format', 'compact', '--rule', 'k8s/missing-referenced-object', 'k8s/pod.yaml'], root)).stdout).not.toContain('missing-referenced-object');
  });

  it('explain prints the rule page for an id or an alias, and suggests on a typo', async () => {
    const byAlias = await runCli(['explain', 'DL3015'], tempTree({}));
    expect(byAlias.code).toBe(0);
    expect(byAlias.stdout.split('\n')[0]).toBe('# dockerfile/apt-no-install-recommends');
    expect(byAlias.stdout).toContain('## Why');
    expect(byAlias.stdout).toContain('[`DL3015`](https://github.com/hadolint/hadolint/wiki/DL3015)');
    const typo = await runCli(['explain', 'DL3O15'], tempTree({}));
    expect(typo.code).toBe(2);
    expect(typo.stderr).toBe('drydock: unknown rule "DL3O15"; did you mean "DL3015"? (run `drydock rules` to list them)\n');
  });
});
