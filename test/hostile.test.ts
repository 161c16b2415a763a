/**
 * Hostile and broken input: each case has a clear outcome (a finding or a
 * per-file error), the rest of the run goes on, and the exit code is right.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli, tempTree } from './support/cli.js';

const GOOD = 'FROM alpine:3.20\nUSER 1000\n';
const json = (stdout: string) => JSON.parse(stdout).files as Array<{ filePath: string; findings: Array<{ ruleId: string; message: string; line: number }>; fileErrors: string[] }>;

describe('hostile YAML', () => {
  it('bounds alias expansion ("billion laughs") with an error at the document, and goes on', async () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    const bomb = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
    const root = tempTree({ 'bomb.yaml': bomb, Dockerfile: GOOD });
    const { code, stdout } = await runCli(['--format', 'json', '.'], root);
    expect(code).toBe(1);
    const bombResult = json(stdout).find((f) => f.filePath === 'bomb.yaml');
    expect(bombResult?.findings.map((f) => f.ruleId)).toContain('k8s/yaml-syntax');
    expect(bombResult?.findings.find((f) => f.ruleId === 'k8s/yaml-syntax')?.message).toMatch(/alias/i);
  });

  it('survives 10,000-deep nesting in flow and block style', async () => {
    const flow = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: ${'['.repeat(10000)}${']'.repeat(10000)}\n`;
    let block = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\nx:\n';
    for (let i = 1; i < 2000; i++) block += `${' '.repeat(i)}- \n`;
    const root = tempTree({ 'flow.yaml': flow, 'block.yaml': block, Dockerfile: GOOD });
    const { code, stdout, stderr } = await runCli(['--format', 'json', '.'], root);
    expect(stderr).toBe('');
    expect([0, 1]).toContain(code);
    expect(json(stdout).map((f) => f.filePath).sort()).toEqual(['Dockerfile', 'block.yaml', 'flow.yaml']);
  });
});

describe('hostile files', () => {
  it('skips a file over the size limit with a message that says how to raise it', async () => {
    const big = 'FROM alpine:3.20\n' + `# ${'x'.repeat(100)}\n`.repeat(120_000); // about 12 MB
    const root = tempTree({ 'big/Dockerfile': big, Dockerfile: GOOD });
    const result = await runCli(['--format', 'json', '.'], root);
    expect(result.code).toBe(2);
    const files = json(result.stdout);
    expect(files.find((f) => f.filePath === 'big/Dockerfile')?.fileErrors[0]).toMatch(/larger than the 10 MB limit; not linted \(raise it with --max-file-size\)/);
    expect(files.find((f) => f.filePath === 'Dockerfile')?.findings).toEqual([]);
    expect((await runCli(['--max-file-size', '20', 'big/Dockerfile'], root)).code).toBe(0);
  });

  it('lints UTF-16 with BOM, CRLF and mixed line endings with correct lines', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('FROM ubuntu\r\nUSER 1000\r\n', 'utf16le')]);
    const root = tempTree({ 'a/Dockerfile': utf16, 'b/Dockerfile': 'FROM alpine:3.20\r\nUSER 1000\n\rRUNN x\r\n' });
    const files = json((await runCli(['--format', 'json', '.'], root)).stdout);
    expect(files.find((f) => f.filePath === 'a/Dockerfile')?.findings.map((f) => [f.ruleId, f.line])).toEqual([['dockerfile/unpinned-base-image', 1]]);
    expect(files.find((f) => f.filePath === 'b/Dockerfile')?.findings.map((f) => [f.ruleId, f.line])).toContainEqual(['dockerfile/syntax', 4]);
  });

  it('handles a Dockerfile with 100,000 continuation lines', async () => {
    const text = `FROM alpine:3.20\nRUN echo start \\\n${'  && echo line \\\n'.repeat(100_000)}  && echo end\nUSER 1000\n`;
    const root = tempTree({ Dockerfile: text });
    const { code, stdout } = await runCli(['--format', 'json', 'Dockerfile'], root);
    expect(code).toBe(0);
    expect(json(stdout)[0].findings).toEqual([]);
  });

  it('does not follow symlink loops while walking, and reports dangling links nowhere', async () => {
    const root = tempTree({ 'svc/Dockerfile': GOOD });
    symlinkSync(path.join(root, 'svc'), path.join(root, 'svc', 'loop'));
    symlinkSync(path.join(root, 'nowhere'), path.join(root, 'svc', 'Dockerfile.dangling'));
    const { code, stdout } = await runCli(['--format', 'json', '.'], root);
    expect(code).toBe(0);
    expect(json(stdout).map((f) => f.filePath)).toEqual(['svc/Dockerfile']);
  });

  it('reports a file that disappears between discovery and reading, and goes on', async () => {
    const root = tempTree({ Dockerfile: GOOD });
    const { code, stdout } = await runCli(['--format', 'json', 'Dockerfile', 'gone/Dockerfile'], root);
    expect(code).toBe(2);
    expect(json(stdout).find((f) => f.filePath === 'gone/Dockerfile')?.fileErrors[0]).toContain('no such file or directory');
  });
});

describe.runIf(process.getuid?.() === 0 && spawnSync('runuser', ['--version']).status === 0)('unreadable files (as an unprivileged user)', () => {
  it('reports EACCES for a file and a folder and lints the rest', () => {
    const root = tempTree({ 'ok/Dockerfile': GOOD, 'locked/Dockerfile': GOOD, 'secret/Dockerfile': GOOD });
    chmodSync(root, 0o755);
    chmodSync(path.join(root, 'locked', 'Dockerfile'), 0o000);
    chmodSync(path.join(root, 'secret'), 0o000);
    for (const dir of ['ok', 'locked']) chmodSync(path.join(root, dir), 0o755);
    const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli', 'main.js');
    if (!existsSync(bin)) return;
    chmodSync(path.dirname(root), 0o1777);
    const result = spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, bin, '--no-config', '--format', 'json', '.'], { cwd: root, encoding: 'utf8' });
    expect(result.status).toBe(2);
    const files = json(result.stdout);
    expect(files.find((f) => f.filePath === 'locked/Dockerfile')?.fileErrors[0]).toBe('cannot read the file: permission denied');
    expect(files.find((f) => f.filePath === 'secret')?.fileErrors[0]).toMatch(/cannot read folder secret \(EACCES\)/);
    expect(files.find((f) => f.filePath === 'ok/Dockerfile')?.findings).toEqual([]);
  });
});

describe('writes', () => {
  const APT = 'FROM debian:12\nRUN apt-get install -y curl\nUSER 1000\n';

  it('keeps permissions, and writes through a link inside the project while keeping the link', async () => {
    const root = tempTree({ 'real/Dockerfile': APT });
    chmodSync(path.join(root, 'real/Dockerfile'), 0o640);
    mkdirSync(path.join(root, 'svc'));
    symlinkSync(path.join(root, 'real/Dockerfile'), path.join(root, 'svc/Dockerfile'));
    const { code } = await runCli(['--fix', 'svc/Dockerfile'], root);
    expect(code).toBe(0);
    expect(readFileSync(path.join(root, 'real/Dockerfile'), 'utf8')).toContain('--no-install-recommends');
    expect(lstatSync(path.join(root, 'svc/Dockerfile')).isSymbolicLink()).toBe(true);
    expect(statSync(path.join(root, 'real/Dockerfile')).mode & 0o777).toBe(0o640);
  });

  it('never writes through a link that leaves the project', async () => {
    const outside = tempTree({ Dockerfile: APT });
    const root = tempTree({});
    symlinkSync(path.join(outside, 'Dockerfile'), path.join(root, 'Dockerfile'));
    const { code, stdout } = await runCli(['--fix', '--format', 'json', 'Dockerfile'], root);
    expect(code).toBe(2);
    expect(json(stdout)[0].fileErrors[0]).toMatch(/outside the project; fixes not written/);
    expect(readFileSync(path.join(outside, 'Dockerfile'), 'utf8')).toBe(APT);
  });

  it('leaves every file either as it was or fully fixed when the process is killed mid-run', async () => {
    const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli', 'main.js');
    if (!existsSync(bin)) return;
    const body = APT.replace('USER 1000\n', `${'RUN apt-get install -y curl\n'.repeat(2000)}USER 1000\n`);
    const files: Record<string, string> = {};
    for (let i = 0; i < 60; i++) files[`s${i}/Dockerfile`] = body;
    const root = tempTree(files);
    const child = spawn(process.execPath, [bin, '--no-config', '--fix', '.'], { cwd: root, stdio: 'ignore' });
    await new Promise((resolve) => setTimeout(resolve, 700));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));
    for (let i = 0; i < 60; i++) {
      const text = readFileSync(path.join(root, `s${i}/Dockerfile`), 'utf8');
      const isOriginal = text === body;
      const isFixed = text === body.replaceAll('apt-get install -y', 'apt-get install --no-install-recommends -y');
      expect(isOriginal || isFixed, `s${i}/Dockerfile is neither the original nor the fixed file`).toBe(true);
    }
  });
});
