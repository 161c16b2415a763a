/** Suppressions through the command line, with the real rules: precedence between config and inline forms. */
import { describe, expect, it } from 'vitest';
import { runCli, tempTree } from './support/cli.js';

/** DL3006 as an error and no other Dockerfile rule (the PSS preset has none). */
const CONFIG = 'root: true\nextends: drydock:pss-baseline\nrules:\n  DL3006: error\n';

describe('suppressions on the command line', () => {
  it('an inline suppression wins over a rule the config sets to error; the run passes and counts it', async () => {
    const dir = tempTree({ '.drydock.yaml': CONFIG, Dockerfile: '# drydock-ignore DL3006 -- pinned by digest in CI\nFROM alpine\n' });
    const run = await runCli(['--format', 'json', '.'], dir);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { summary: { errorCount: number; suppressedCount: number } };
    expect(report.summary).toMatchObject({ errorCount: 0, suppressedCount: 1 });
  });

  it('noInlineSuppressions in the config wins over the inline suppression', async () => {
    const dir = tempTree({
      '.drydock.yaml': `${CONFIG}settings:\n  noInlineSuppressions: true\n`,
      Dockerfile: '# drydock-ignore DL3006 -- pinned by digest in CI\nFROM alpine\n',
    });
    const run = await runCli(['.'], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('drydock/inline-suppression-forbidden');
    expect(run.stdout).toContain('dockerfile/unpinned-base-image');
  });

  it('--report-unused-suppressions reports a stale comment; without it nothing is said', async () => {
    const dir = tempTree({ '.drydock.yaml': CONFIG, Dockerfile: '# drydock-ignore DL3006 -- was unpinned\nFROM alpine:3.20\n' });
    const quiet = await runCli(['.'], dir);
    expect(quiet.stdout).not.toContain('unused-suppression');
    const run = await runCli(['--report-unused-suppressions', '.'], dir);
    expect(run.stdout).toContain('# drydock-ignore of "DL3006" suppressed nothing: remove it');
    expect(run.stdout).toContain('drydock/unused-suppression');
  });

  it('a rule that is off in the config gives nothing to suppress, so its suppression is not "unused"', async () => {
    const dir = tempTree({ '.drydock.yaml': 'root: true\nextends: drydock:pss-baseline\n', Dockerfile: '# drydock-ignore DL3006 -- x\nFROM alpine\n' });
    const run = await runCli(['--report-unused-suppressions', '--format', 'json', '.'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('unused-suppression');
  });
});
