/**
 * The launcher's V8 code cache (src/cli/main.ts): written to the user's cache
 * folder, keyed on the bundle's digest and Node's version, and never a reason
 * for a run to fail or to answer differently: a missing, corrupt or
 * unwritable cache gives the same output as a run without one.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = path.join(root, 'dist', 'bundle', 'drydock.cjs');
const launcher = path.join(root, 'dist', 'cli', 'main.js');
const dockerfile = path.join(root, 'examples', 'api', 'Dockerfile');
const manifest = path.join(root, 'examples', 'k8s', 'deployment.yaml');

// Only when the bundle is what the launcher runs (a fresh `npm run build`), not tsc's modules.
const bundleIsCurrent = existsSync(bundle) && readFileSync(bundle, 'utf8').startsWith('// drydock-bundle-digest: ');

describe.runIf(bundleIsCurrent)('the code cache of the bundled command', () => {
  let home: string;
  beforeAll(() => {
    home = mkdtempSync(path.join(tmpdir(), 'drydock-code-cache-'));
  });
  afterAll(() => {
    chmodSync(home, 0o700);
    rmSync(home, { recursive: true, force: true });
  });

  const drydock = (cacheHome: string, args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [launcher, '--no-config', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: cacheHome, ...env } });
  const cacheFiles = (cacheHome: string) => {
    const dir = path.join(cacheHome, 'drydock', 'code-cache');
    return existsSync(dir) ? readdirSync(dir).map((name) => path.join(dir, name)) : [];
  };
  const uncached = (args: string[]) => drydock(path.join(home, 'unused'), args, { DRYDOCK_CODE_CACHE: 'off' });

  it('is off with DRYDOCK_CODE_CACHE=off', () => {
    const result = uncached([dockerfile]);
    expect(result.stdout).toContain('problems');
    expect(cacheFiles(path.join(home, 'unused'))).toEqual([]);
  });

  it('is written on the first run, keyed on the bundle and Node, and gives the same output afterwards', () => {
    const cacheHome = path.join(home, 'fresh');
    const expected = [uncached([dockerfile]), uncached([manifest])];
    const first = drydock(cacheHome, [dockerfile]);
    const files = cacheFiles(cacheHome);
    expect(files).toHaveLength(1);
    expect(path.basename(files[0])).toContain(`node${process.version}-${process.arch}`);
    for (let i = 0; i < 3; i++) {
      for (const [index, file] of [dockerfile, manifest].entries()) {
        const run = i === 0 && index === 0 ? first : drydock(cacheHome, [file]);
        expect(run.stderr).toBe('');
        expect(run.stdout).toBe(expected[index].stdout);
        expect(run.status).toBe(expected[index].status);
      }
    }
    // Written atomically: no temporary file is left behind.
    expect(cacheFiles(cacheHome)).toEqual(files);
  });

  it('is replaced when corrupt, without changing the run', () => {
    const cacheHome = path.join(home, 'corrupt');
    drydock(cacheHome, [dockerfile]);
    const [file] = cacheFiles(cacheHome);
    const expected = uncached([dockerfile]).stdout;
    // Cut short (V8 checks a cache's length, version and flags; writes are atomic, so no run leaves a torn file).
    const truncated = Buffer.from(readFileSync(file).subarray(0, 4096));
    for (const damaged of [truncated, Buffer.from([0, 1, 2, 3, 4, 5, 6, 7])]) {
      writeFileSync(file, damaged);
      const run = drydock(cacheHome, [dockerfile]);
      expect(run.stderr).toBe('');
      expect(run.stdout).toBe(expected);
      expect(readFileSync(file).equals(damaged)).toBe(false);
      expect(readFileSync(file).length).toBeGreaterThan(1000);
    }
  });

  it('never fails a run when the cache folder cannot be written', () => {
    // A file where the cache folder should be, and (unless root, who may write anywhere) a folder without write permission.
    const blocked = path.join(home, 'blocked');
    writeFileSync(blocked, 'not a folder');
    const readOnly = path.join(home, 'read-only');
    mkdirSync(readOnly);
    chmodSync(readOnly, 0o500);
    const expected = uncached([dockerfile]);
    for (const cacheHome of process.getuid?.() === 0 ? [blocked] : [blocked, readOnly]) {
      const run = drydock(cacheHome, [dockerfile]);
      expect(run.stderr).toBe('');
      expect(run.stdout).toBe(expected.stdout);
      expect(run.status).toBe(expected.status);
    }
    if (process.getuid?.() !== 0) expect(readdirSync(readOnly)).toEqual([]);
  });

  it("keeps the newest caches only: a new one deletes all but the 8 most recently written (other releases' and Node versions')", () => {
    const cacheHome = path.join(home, 'crowded');
    const dir = path.join(cacheHome, 'drydock', 'code-cache');
    mkdirSync(dir, { recursive: true });
    const now = Date.now() / 1000;
    const old = Array.from({ length: 12 }, (_, i) => path.join(dir, `${String(i).padStart(32, '0')}-nodev0.0.${i}-x64-00000000.bin`));
    old.forEach((file, i) => {
      writeFileSync(file, 'stale');
      utimesSync(file, now - 86_400 * (i + 1), now - 86_400 * (i + 1)); // file i is i + 1 days old
    });
    writeFileSync(path.join(dir, 'notes.txt'), 'not a cache');
    const run = drydock(cacheHome, ['--version']);
    expect(run.status).toBe(0);
    const left = readdirSync(dir).sort();
    const written = left.filter((name) => name.endsWith('.bin') && !old.includes(path.join(dir, name)));
    expect(written).toHaveLength(1);
    // The new cache and the 7 youngest old ones; files that are not caches are left alone.
    expect(left).toEqual([...old.slice(0, 7).map((file) => path.basename(file)), written[0], 'notes.txt'].sort());
  });
});
