/** Baselines: record today's findings, fail on new ones only, drop fixed ones. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempTree } from './support/cli.js';

/** One Dockerfile rule only (the PSS preset has none), so the counts below are about it. */
const ONLY_DL3006 = 'root: true\nextends: drydock:pss-baseline\nrules:\n  DL3006: error\n';

const baselineOf = (dir: string, name = 'drydock-baseline.json') =>
  JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as { version: number; findings: Array<{ fingerprint: string; ruleId: string; file: string; line: number }> };

describe('baseline', () => {
  it('--write-baseline records the findings and exits 0; with --baseline only new findings fail', async () => {
    const dir = tempTree({ 'app/Dockerfile': 'FROM alpine\nUSER app\n', '.drydock.yaml': ONLY_DL3006 });
    const write = await runCli(['--write-baseline', 'drydock-baseline.json', '.'], dir);
    expect(write.code).toBe(0);
    expect(write.stderr).toBe('drydock: wrote 1 finding to the baseline drydock-baseline.json\n');
    const baseline = baselineOf(dir);
    expect(baseline.version).toBe(1);
    expect(baseline.findings).toMatchObject([{ ruleId: 'dockerfile/unpinned-base-image', file: 'app/Dockerfile', line: 1 }]);

    // The known finding moved down two lines: still known; it is reported as suppressed, not failing.
    writeFileSync(path.join(dir, 'app/Dockerfile'), '# base\n\nFROM alpine\nUSER app\n');
    const known = await runCli(['--baseline', 'drydock-baseline.json', '--format', 'json', '.'], dir);
    expect(known.code).toBe(0);
    const report = JSON.parse(known.stdout) as { files: Array<{ findings: unknown[]; suppressed?: unknown[] }>; summary: { suppressedCount: number } };
    expect(report.summary.suppressedCount).toBe(1);

    // A new finding of the same rule fails.
    writeFileSync(path.join(dir, 'app/Dockerfile'), '# base\n\nFROM alpine\nFROM ubuntu\nUSER app\n');
    const fresh = await runCli(['--baseline', 'drydock-baseline.json', '.'], dir);
    expect(fresh.code).toBe(1);
    expect(fresh.stdout).toContain('4:');
    expect(fresh.stdout).not.toMatch(/^\s+3:\d+\s+error/m);
  });

  it('matches from another working folder (paths are relative to the baseline file)', async () => {
    const dir = tempTree({ 'app/Dockerfile': 'FROM alpine\nUSER app\n', '.drydock.yaml': ONLY_DL3006 });
    await runCli(['--write-baseline', 'drydock-baseline.json', '.'], dir);
    const fromApp = await runCli(['--baseline', '../drydock-baseline.json', '.'], path.join(dir, 'app'));
    expect(fromApp.code).toBe(0);
  });

  it('--update-baseline removes fixed findings and keeps those of files not linted', async () => {
    const dir = tempTree({
      'a/Dockerfile': 'FROM alpine\nUSER app\n',
      'b/Dockerfile': 'FROM debian\nUSER app\n',
      '.drydock.yaml': ONLY_DL3006,
    });
    await runCli(['--write-baseline', 'drydock-baseline.json', '.'], dir);
    expect(baselineOf(dir).findings.map((f) => f.file)).toEqual(['a/Dockerfile', 'b/Dockerfile']);
    writeFileSync(path.join(dir, 'a/Dockerfile'), 'FROM alpine:3.20\nUSER app\n');
    const update = await runCli(['--baseline', 'drydock-baseline.json', '--update-baseline', 'a'], dir);
    expect(update.code).toBe(0);
    expect(update.stderr).toContain('removed 1 fixed finding from the baseline');
    expect(baselineOf(dir).findings.map((f) => f.file)).toEqual(['b/Dockerfile']);
  });

  it('a missing or malformed baseline, or --update-baseline alone, is exit 2 with a clear message', async () => {
    const dir = tempTree({ Dockerfile: 'FROM alpine:3.20\nUSER app\n', 'bad.json': '{"findings": 3}' });
    const missing = await runCli(['--baseline', 'none.json', '.'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read the baseline .*none\.json \(ENOENT\); write one with --write-baseline/);
    const bad = await runCli(['--baseline', 'bad.json', '.'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('is not a drydock baseline');
    const alone = await runCli(['--update-baseline', '.'], dir);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('--update-baseline needs --baseline <file>');
  });
});
