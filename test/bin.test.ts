/** The installed command itself: the built `dist/cli/main.js` run as a process, as npx and hooks run it. */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'dist', 'cli', 'main.js');

const drydock = (args: string[], input?: string) =>
  spawnSync(process.execPath, [bin, ...args], { cwd: root, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

// dist/ is built by `npm ci` (the `prepare` script); run `npm run build` after changing src/.
describe.runIf(existsSync(bin))('drydock binary', () => {
  it('lints the bundled examples without colour when not on a terminal', () => {
    const result = drydock(['examples/']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('examples/api/Dockerfile');
    expect(result.stdout).toContain('dockerfile/unpinned-base-image');
    expect(result.stdout).not.toContain('\u001b[');
    expect(result.stderr).toBe('');
  });

  it('prints its version and exits 2 on a bad option, without a stack trace', () => {
    expect(drydock(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const bad = drydock(['--format']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("option '-f, --format <format>' argument missing");
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  it('reads standard input', () => {
    const result = drydock(['-', '--stdin-filename', 'Dockerfile', '--format', 'json'], 'FROM ubuntu\nUSER 1000\n');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).files[0].findings[0].ruleId).toBe('dockerfile/unpinned-base-image');
  });
});

const bundle = path.join(root, 'dist', 'bundle', 'drydock.cjs');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string; homepage: string };

/** The launcher: the bin and the V8 flags it sets before it runs the bundle. */
const LAUNCHER = new Set(['dist/cli/main.js', 'dist/cli/v8-flags.js']);

/**
 * The package as npm installs it, reduced to the launcher and the bundle: the
 * files `npm pack` would ship, less every other compiled module, so the
 * bundle must find package.json, schema/, schemas/ (precompiled validators
 * too) and tree-sitter's wasm on its own. Dependencies come from this
 * checkout's node_modules.
 */
describe.runIf(existsSync(bundle))('the bundled command, installed', () => {
  let installed: string;
  let work: string;

  beforeAll(() => {
    const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts', '--loglevel=error'], { cwd: root, encoding: 'utf8' })) as {
      files: { path: string }[];
    }[];
    installed = mkdtempSync(path.join(tmpdir(), 'drydock-installed-'));
    for (const { path: file } of packed[0].files) {
      if (file.startsWith('dist/') && !file.startsWith('dist/bundle/') && !LAUNCHER.has(file)) continue;
      mkdirSync(path.dirname(path.join(installed, file)), { recursive: true });
      cpSync(path.join(root, file), path.join(installed, file));
    }
    symlinkSync(path.join(root, 'node_modules'), path.join(installed, 'node_modules'), 'dir');
    work = mkdtempSync(path.join(tmpdir(), 'drydock-installed-work-'));
    writeFileSync(path.join(work, 'Dockerfile'), 'FROM ubuntu:24.04\nRUN apt-get install -y curl\nUSER 1000\n');
    writeFileSync(path.join(work, 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n      resouces: {}\n');
    writeFileSync(path.join(work, '.drydock.yaml'), 'root: true\nrules:\n  k8s/schema: error\n');
  });

  afterAll(() => {
    for (const dir of [installed, work]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const installedDrydock = (args: string[]) =>
    spawnSync(process.execPath, [path.join(installed, 'dist', 'cli', 'main.js'), ...args], { cwd: work, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

  it('prints the version from package.json', () => {
    const result = installedDrydock(['--version']);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe(manifest.version);
  });

  it('lints a Dockerfile with shell analysis and a manifest with schema validation, reading the config file', () => {
    const result = installedDrydock(['--format', 'json', 'Dockerfile', 'pod.yaml']);
    expect(result.stderr).toBe('');
    const files = JSON.parse(result.stdout).files as { filePath: string; findings: { ruleId: string; severity: string }[] }[];
    const ruleIds = (name: string) => files.find((f) => f.filePath === name)!.findings.map((f) => f.ruleId);
    // apt-get's missing --no-install-recommends is found in the parsed shell script (tree-sitter's wasm).
    expect(ruleIds('Dockerfile')).toContain('dockerfile/apt-no-install-recommends');
    // The misspelt field is found by the precompiled schema validators, at the severity .drydock.yaml (schema/) set.
    expect(files.find((f) => f.filePath === 'pod.yaml')!.findings.find((f) => f.ruleId === 'k8s/schema')?.severity).toBe('error');
    expect(result.status).toBe(1);
  });

  it('writes SARIF with the rule pages of the package homepage', () => {
    const sarif = JSON.parse(installedDrydock(['--format', 'sarif', 'Dockerfile']).stdout);
    expect(sarif.runs[0].tool.driver.rules[0].helpUri.startsWith(manifest.homepage)).toBe(true);
  });
});
