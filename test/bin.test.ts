/** The installed command itself: the built `dist/cli/main.js` run as a process, as npx and hooks run it. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

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
