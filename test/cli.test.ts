import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempTree } from './support/cli.js';

const UNPINNED = 'FROM ubuntu\nUSER 1000\n';
const APT = 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\nUSER 1000\n';

describe('drydock CLI: linting', () => {
  it('walks folders, detects Dockerfiles and YAML by name, and reports with a code frame', async () => {
    const root = tempTree({
      'svc/Dockerfile': UNPINNED,
      'svc/Dockerfile.dev': UNPINNED,
      'svc/app.dockerfile': UNPINNED,
      'svc/Containerfile': UNPINNED,
      'svc/Dockerfile.template': 'FROM {{ base }}\n',
      'svc/readme.md': 'FROM ubuntu\n',
      'k8s/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n',
    });
    const { code, stdout } = await runCli(['.'], root);
    expect(code).toBe(0); // warnings only: below the default failure level
    for (const file of ['svc/Dockerfile', 'svc/Dockerfile.dev', 'svc/app.dockerfile', 'svc/Containerfile', 'k8s/pod.yaml']) {
      expect(stdout).toContain(`${file}\n`);
    }
    expect(stdout).not.toContain('Dockerfile.template');
    expect(stdout).not.toContain('readme.md');
    expect(stdout).toMatch(/1:6 +warning +Base image "ubuntu" has no tag/);
    expect(stdout).toContain('> 1 | FROM ubuntu');
    expect(stdout).toContain('    |      ^^^^^^');
    expect(stdout).toContain('k8s/run-as-non-root');
  });

  it('exits 1 when a finding reaches the failure level, 0 otherwise', async () => {
    const root = tempTree({ Dockerfile: UNPINNED });
    expect((await runCli(['Dockerfile'], root)).code).toBe(0);
    expect((await runCli(['Dockerfile', '--failure-level', 'warning'], root)).code).toBe(1);
    expect((await runCli(['Dockerfile', '--rule', 'dockerfile/unpinned-base-image:error'], root)).code).toBe(1);
    expect((await runCli(['Dockerfile', '--rule', 'DL3006:error', '--disable', 'DL3006'], root)).code).toBe(0);
  });

  it('enforces --max-warnings', async () => {
    const root = tempTree({ Dockerfile: UNPINNED });
    const result = await runCli(['Dockerfile', '--max-warnings', '0'], root);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('too many warnings (1)');
    expect((await runCli(['Dockerfile', '--max-warnings', '1'], root)).code).toBe(0);
  });

  it('prints JSON with 1-based ranges and offsets', async () => {
    const root = tempTree({ Dockerfile: UNPINNED });
    const { stdout } = await runCli(['--format', 'json', 'Dockerfile'], root);
    const [file] = JSON.parse(stdout).files;
    expect(file.filePath).toBe('Dockerfile');
    expect(file.language).toBe('dockerfile');
    expect(file.findings[0]).toMatchObject({
      ruleId: 'dockerfile/unpinned-base-image',
      severity: 'warning',
      line: 1,
      column: 6,
      endLine: 1,
      endColumn: 12,
      startOffset: 5,
      endOffset: 11,
    });
  });

  it('reports syntax errors with their position and goes on with the rest of the file and other files', async () => {
    const root = tempTree({
      'a/Dockerfile': 'FROM alpine:3.20\nRUNN echo hi\nFROM ubuntu\nUSER 1000\n',
      'b/broken.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\n',
      'c/Dockerfile': UNPINNED,
    });
    const { code, stdout, stderr } = await runCli(['--format', 'json', '.'], root);
    expect(code).toBe(1);
    expect(stderr).toBe('');
    const files = JSON.parse(stdout).files as Array<{ filePath: string; findings: Array<{ ruleId: string; line: number }> }>;
    const byPath = Object.fromEntries(files.map((f) => [f.filePath, f.findings]));
    expect(byPath['a/Dockerfile'].filter((f) => f.ruleId !== 'dockerfile/unused-stage').map((f) => [f.ruleId, f.line])).toEqual([
      ['dockerfile/syntax', 2],
      ['dockerfile/unpinned-base-image', 3],
    ]);
    expect(byPath['b/broken.yaml'].some((f) => f.ruleId === 'k8s/yaml-syntax')).toBe(true);
    expect(byPath['c/Dockerfile'].map((f) => f.ruleId)).toEqual(['dockerfile/unpinned-base-image']);
  });

  it('gives a clear message for missing paths and binary files, lints the rest, and exits 2', async () => {
    const root = tempTree({ Dockerfile: UNPINNED, 'bin/Dockerfile': Buffer.from([0x46, 0x52, 0x00, 0x4f]) });
    const { code, stdout } = await runCli(['Dockerfile', 'nope/Dockerfile', 'bin/Dockerfile'], root);
    expect(code).toBe(2);
    expect(stdout).toContain('no such file or directory: nope/Dockerfile');
    expect(stdout).toContain('binary file (contains NUL bytes); not linted');
    expect(stdout).toContain('Base image "ubuntu" has no tag');
    expect(stdout).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('respects .gitignore while walking, from the repository root down', async () => {
    const root = tempTree({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.gitignore': 'build/\n*.gen.yaml\n',
      'svc/build/Dockerfile': UNPINNED,
      'svc/x.gen.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: {containers: [{name: a, image: a}]}\n',
      'svc/Dockerfile': UNPINNED,
      'svc/.gitignore': 'Dockerfile.local\n',
      'svc/Dockerfile.local': UNPINNED,
    });
    const { stdout } = await runCli(['--format', 'json', 'svc'], root);
    expect(JSON.parse(stdout).files.map((f: { filePath: string }) => f.filePath)).toEqual(['svc/Dockerfile']);
  });

  it("reads the .dockerignore beside each Dockerfile (<name>.dockerignore first), whether its folder was walked or the file named", async () => {
    const COPY = 'FROM alpine:3.20\nCOPY secrets.txt /app/\nUSER 1000\n';
    const root = tempTree({
      'a/Dockerfile': COPY,
      'a/.dockerignore': 'secrets.txt\n',
      'b/Dockerfile': COPY,
      'b/Dockerfile.dockerignore': 'secrets.txt\n',
      'b/.dockerignore': 'other\n',
      'c/Dockerfile': COPY,
      'c/.gitignore': '.dockerignore\n',
      'c/.dockerignore': 'secrets.txt\n',
      'd/Dockerfile': COPY,
    });
    const ignoredCopies = async (args: string[]) => {
      const { stdout } = await runCli(['--no-config', '-f', 'json', ...args], root);
      const report = JSON.parse(stdout) as { files: Array<{ filePath: string; findings: Array<{ ruleId: string }> }> };
      return report.files.filter((file) => file.findings.some((finding) => finding.ruleId === 'dockerfile/copy-ignored-file')).map((file) => file.filePath).sort();
    };
    // c's .dockerignore is git-ignored: still the build's .dockerignore.
    expect(await ignoredCopies(['.'])).toEqual(['a/Dockerfile', 'b/Dockerfile', 'c/Dockerfile']);
    expect(await ignoredCopies(['a/Dockerfile', 'b/Dockerfile', 'c/Dockerfile', 'd/Dockerfile'])).toEqual(['a/Dockerfile', 'b/Dockerfile', 'c/Dockerfile']);
  });

  it('reads standard input with --stdin-filename deciding the language', async () => {
    const root = tempTree({});
    const docker = await runCli(['-', '--stdin-filename', 'svc/Dockerfile', '--format', 'json'], root, UNPINNED);
    expect(JSON.parse(docker.stdout).files[0]).toMatchObject({ filePath: 'svc/Dockerfile', language: 'dockerfile' });
    const yaml = await runCli(['-', '--stdin-filename', 'pod.yaml', '--format', 'json'], root, 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: {containers: [{name: a, image: a:1}]}\n');
    expect(JSON.parse(yaml.stdout).files[0].findings.map((f: { ruleId: string }) => f.ruleId)).toContain('k8s/run-as-non-root');
  });

  it('--quiet reports errors only', async () => {
    const root = tempTree({ Dockerfile: 'FROM ubuntu\nRUNN x\n' });
    const { stdout } = await runCli(['--quiet', '--format', 'json', 'Dockerfile'], root);
    expect(JSON.parse(stdout).files[0].findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['dockerfile/syntax']);
  });

  it('rejects unknown rules and options with exit 2 and a hint', async () => {
    const root = tempTree({ Dockerfile: UNPINNED });
    const unknown = await runCli(['--disable', 'dockerfile/unpined-base-image', 'Dockerfile'], root);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('did you mean "dockerfile/unpinned-base-image"');
    const badOption = await runCli(['--frobnicate'], root);
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toContain("unknown option '--frobnicate'");
    const badFormat = await runCli(['--format', 'xml', 'Dockerfile'], root);
    expect(badFormat.code).toBe(2);
  });

  it('lists rules with aliases, severity and fixability', async () => {
    const { code, stdout } = await runCli(['rules', '--format', 'json'], tempTree({}));
    expect(code).toBe(0);
    const rules = JSON.parse(stdout) as Array<{ id: string; fixable: boolean; aliases: Record<string, string[]> }>;
    const apt = rules.find((r) => r.id === 'dockerfile/apt-no-install-recommends');
    expect(apt).toMatchObject({ fixable: true, aliases: { hadolint: ['DL3015'] } });
    const text = await runCli(['rules'], tempTree({}));
    expect(text.stdout).toContain('dockerfile/unpinned-base-image');
    expect(text.stdout).toContain('hadolint:DL3006');
  });
});

describe('drydock CLI: configuration', () => {
  it('finds .drydock.yaml upward, nearest wins, and accepts aliases as rule ids', async () => {
    const root = tempTree({
      '.drydock.yaml': 'rules:\n  DL3006: error\n',
      'svc/Dockerfile': UNPINNED,
      'legacy/.drydock.yaml': 'rules:\n  dockerfile/unpinned-base-image: off\n',
      'legacy/Dockerfile': UNPINNED,
    });
    const { code, stdout } = await runCli(['--format', 'json', '.'], root);
    expect(code).toBe(1);
    const files = JSON.parse(stdout).files as Array<{ filePath: string; findings: Array<{ severity: string }> }>;
    expect(files.find((f) => f.filePath === 'svc/Dockerfile')?.findings.map((f) => f.severity)).toEqual(['error']);
    expect(files.find((f) => f.filePath === 'legacy/Dockerfile')?.findings).toEqual([]);
  });

  it('applies overrides by glob, ignore globs, options, and root: true', async () => {
    const root = tempTree({
      '.drydock.yaml': 'rules:\n  dockerfile/unpinned-base-image: error\n',
      'repo/.drydock.yaml': [
        'root: true',
        'ignore: ["vendor/**"]',
        'rules:',
        '  k8s/container-resources: [warning, {requireCpuLimit: false}]',
        'overrides:',
        '  - files: ["*.dev"]',
        '    rules:',
        '      dockerfile/unpinned-base-image: off',
        '',
      ].join('\n'),
      'repo/Dockerfile': UNPINNED,
      'repo/Dockerfile.dev': UNPINNED,
      'repo/vendor/Dockerfile': UNPINNED,
      'repo/pod.yaml':
        'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  securityContext: {runAsNonRoot: true}\n  containers:\n    - name: a\n      image: a:1\n      resources:\n        requests: {cpu: 1m, memory: 1Mi}\n        limits: {memory: 1Mi}\n',
    });
    const { stdout } = await runCli(['--format', 'json', 'repo'], root);
    const files = JSON.parse(stdout).files as Array<{ filePath: string; findings: Array<{ ruleId: string; severity: string }> }>;
    expect(files.map((f) => f.filePath).sort()).toEqual(['repo/Dockerfile', 'repo/Dockerfile.dev', 'repo/pod.yaml']);
    // root: true: the outer config's `error` does not apply.
    expect(files.find((f) => f.filePath === 'repo/Dockerfile')?.findings).toEqual([expect.objectContaining({ severity: 'warning' })]);
    expect(files.find((f) => f.filePath === 'repo/Dockerfile.dev')?.findings).toEqual([]);
    expect(files.find((f) => f.filePath === 'repo/pod.yaml')?.findings.filter((f) => f.ruleId === 'k8s/container-resources')).toEqual([]);
  });

  it('points config errors at the config line, with a did-you-mean, and exits 2', async () => {
    const root = tempTree({ '.drydock.yaml': 'rules:\n  dockerfile/unpinned-base-image: error\n  DL3O06: off\n', Dockerfile: UNPINNED });
    const result = await runCli(['Dockerfile'], root);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/\.drydock\.yaml:3:3: unknown rule "DL3O06"; did you mean "DL3006"\?/);

    const badSeverity = tempTree({ '.drydock.yaml': 'rules:\n  DL3006: loud\n', Dockerfile: UNPINNED });
    const second = await runCli(['Dockerfile'], badSeverity);
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/\.drydock\.yaml:2:11: rules\.DL3006 must be one of "off", "error", "warning", "info"/);

    const unknownKey = tempTree({ '.drydock.yaml': 'rulez: {}\n', Dockerfile: UNPINNED });
    expect((await runCli(['Dockerfile'], unknownKey)).stderr).toContain(':1:1: unknown key "rulez" in the config');
  });

  it('--config uses one file and --no-config none', async () => {
    const root = tempTree({ '.drydock.yaml': 'rules:\n  DL3006: off\n', 'strict.yaml': 'rules:\n  DL3006: error\n', Dockerfile: UNPINNED });
    expect((await runCli(['Dockerfile'], root)).stdout).toBe('');
    expect((await runCli(['Dockerfile', '--config', 'strict.yaml'], root)).code).toBe(1);
    expect((await runCli(['Dockerfile', '--no-config'], root)).stdout).toContain('has no tag');
  });
});

describe('drydock CLI: fixes', () => {
  it('--fix rewrites the file in place, keeps CRLF and BOM, and leaves no temporary files', async () => {
    const original = '\ufeffFROM debian:12\r\nRUN apt-get update && apt-get install -y curl\r\nUSER 1000\r\n';
    const root = tempTree({ Dockerfile: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(original.slice(1))]) });
    const { code, stdout } = await runCli(['--fix', 'Dockerfile'], root);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    const bytes = readFileSync(path.join(root, 'Dockerfile'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString()).toBe(
      'FROM debian:12\r\nRUN apt-get update && apt-get install --no-install-recommends -y curl && rm -rf /var/lib/apt/lists/*\r\nUSER 1000\r\n',
    );
    expect(readdirSync(root)).toEqual(['Dockerfile']);
  });

  it('--fix-dry-run prints a unified diff and does not touch the file', async () => {
    const root = tempTree({ Dockerfile: APT });
    const { stdout } = await runCli(['--fix-dry-run', 'Dockerfile'], root);
    expect(stdout).toContain('--- a/Dockerfile');
    expect(stdout).toContain('+++ b/Dockerfile');
    expect(stdout).toContain('-RUN apt-get update && apt-get install -y curl');
    expect(stdout).toContain('+RUN apt-get update && apt-get install --no-install-recommends -y curl');
    expect(readFileSync(path.join(root, 'Dockerfile'), 'utf8')).toBe(APT);
  });

  it('with standard input, --fix prints the fixed text and reports on stderr', async () => {
    const { stdout, stderr } = await runCli(['-', '--fix', '--stdin-filename', 'Dockerfile'], tempTree({}), APT + 'FROM ubuntu\n');
    expect(stdout).toContain('apt-get install --no-install-recommends -y curl');
    expect(stderr).toContain('has no tag');
  });
});
