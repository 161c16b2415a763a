/** A real editor: Neovim's built-in LSP client (headless) attached to `drydock lsp --stdio`. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drydockBin, repoRoot } from './fixtures/lsp/client.js';

const nvimVersion = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const hasNvim = nvimVersion.status === 0;
const skipReason = !hasNvim
  ? 'Neovim is not installed (apt-get install neovim; .ci/run installs it)'
  : !existsSync(drydockBin)
    ? 'dist/ is not built (npm run build)'
    : null;

interface NvimDiagnostic {
  lnum: number;
  col: number;
  end_lnum: number;
  end_col: number;
  severity: number;
  source: string;
  message: string;
  code: string;
}

interface NvimReport {
  errors: string[];
  filetype: string;
  dockerfile: NvimDiagnostic[];
  manifest: NvimDiagnostic[];
  action: string;
  fixed: string[];
  after_fix: NvimDiagnostic[];
}

let workspace: string;
beforeAll(() => {
  workspace = mkdtempSync(path.join(tmpdir(), 'drydock-nvim-'));
});
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

describe.skipIf(skipReason !== null)(`Neovim's LSP client${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  it('shows drydock diagnostics at exact positions and applies the quick fix', () => {
    writeFileSync(path.join(workspace, 'Dockerfile'), 'FROM ubuntu\nRUN apt-get update && apt-get install -y curl\n');
    writeFileSync(
      path.join(workspace, 'deploy.yaml'),
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n',
    );
    const out = path.join(workspace, 'report.json');
    const result = spawnSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${path.join(repoRoot, 'test', 'fixtures', 'lsp', 'nvim-check.lua')}`], {
      cwd: workspace,
      encoding: 'utf8',
      env: { ...process.env, DRYDOCK_BIN: drydockBin, DRYDOCK_NODE: process.execPath, DRYDOCK_ROOT: workspace, DRYDOCK_OUT: out },
      timeout: 90_000,
    });
    expect(existsSync(out), `nvim wrote no report: ${result.stderr}${result.stdout}`).toBe(true);
    const report = JSON.parse(readFileSync(out, 'utf8')) as NvimReport;
    expect(report.errors).toEqual([]);
    expect(report.filetype).toBe('dockerfile');

    const unpinned = report.dockerfile.find((d) => d.code === 'dockerfile/unpinned-base-image')!;
    expect([unpinned.lnum, unpinned.col, unpinned.end_lnum, unpinned.end_col]).toEqual([0, 5, 0, 11]);
    expect(unpinned.severity).toBe(2);
    expect(unpinned.source).toBe('drydock');
    const resources = report.manifest.find((d) => d.code === 'k8s/container-resources')!;
    expect([resources.lnum, resources.col, resources.end_lnum, resources.end_col]).toEqual([8, 10, 8, 19]);

    expect(report.action).toMatch(/no-install-recommends/);
    expect(report.fixed).toEqual(['FROM ubuntu', 'RUN apt-get update && apt-get install --no-install-recommends -y curl']);
    expect(report.after_fix.map((d) => d.code)).not.toContain('dockerfile/apt-no-install-recommends');
    expect(report.after_fix.map((d) => d.code)).toContain('dockerfile/unpinned-base-image');
  });
});
