// The engine's optional timing hook (LintInput.timings), read by scripts/bench.mjs.
// What is checked is where time is attributed, never how much: no duration is asserted.
import { describe, expect, it } from 'vitest';
import type { LintTimings } from '../src/core/engine.js';
import { configWith, linter, registry } from './support/lint.js';

const newTimings = (): LintTimings => ({ parse: 0, shell: 0, rules: new Map(), project: 0, suppressions: 0 });
const config = configWith('all');
const idsOf = (domain: 'dockerfile' | 'k8s') => registry.rules.filter((rule) => rule.meta.domain === domain).map((rule) => rule.meta.id).sort();

const DOCKERFILE = 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\nCOPY . /app\nUSER 1000\nCMD ["/app/run"]\n';
const EXEC_FORM_ONLY = 'FROM debian:12\nCOPY . /app\nUSER 1000\nCMD ["/app/run"]\n';
const MANIFEST =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n          resouces: {}\n';

describe('lint timings', () => {
  it('gives each enabled rule its own entry and does not change the findings', async () => {
    const timings = newTimings();
    const timed = await linter.lint({ file: 'Dockerfile', text: DOCKERFILE, language: 'dockerfile', config, timings });
    const plain = await linter.lint({ file: 'Dockerfile', text: DOCKERFILE, language: 'dockerfile', config });
    expect([...timings.rules.keys()].sort()).toEqual(idsOf('dockerfile'));
    expect(timed.findings).toEqual(plain.findings);
    expect(timed.findings.length).toBeGreaterThan(0);
  });

  it('counts shell analysis apart from the rules, and only for files with shell scripts', async () => {
    const withRun = newTimings();
    await linter.lint({ file: 'Dockerfile', text: DOCKERFILE, language: 'dockerfile', config, timings: withRun });
    expect(withRun.shell).toBeGreaterThan(0);
    for (const ms of withRun.rules.values()) expect(ms).toBeGreaterThanOrEqual(0);

    const execOnly = newTimings();
    await linter.lint({ file: 'Dockerfile', text: EXEC_FORM_ONLY, language: 'dockerfile', config, timings: execOnly });
    expect(execOnly.shell).toBe(0);
    expect(execOnly.parse).toBeGreaterThan(0);
  });

  it('adds up over every lint given the same object', async () => {
    const timings = newTimings();
    await linter.lint({ file: 'Dockerfile', text: DOCKERFILE, language: 'dockerfile', config, timings });
    const first = { parse: timings.parse, rules: [...timings.rules.values()].reduce((a, b) => a + b, 0) };
    await linter.lint({ file: 'Dockerfile', text: DOCKERFILE, language: 'dockerfile', config, timings });
    expect(timings.parse).toBeGreaterThan(first.parse);
    expect([...timings.rules.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(first.rules);
    expect([...timings.rules.keys()].sort()).toEqual(idsOf('dockerfile'));
  });

  it('times schema validation under its rule, and project rules only when the file is its own project', async () => {
    const alone = newTimings();
    const result = await linter.lint({ file: 'deploy.yaml', text: MANIFEST, language: 'k8s', config, timings: alone });
    expect(result.findings.some((f) => f.ruleId === 'k8s/schema')).toBe(true);
    expect([...alone.rules.keys()].sort()).toEqual(idsOf('k8s'));
    expect(alone.rules.get('k8s/schema')).toBeGreaterThan(0);
    expect(alone.project).toBeGreaterThan(0);
    expect(alone.shell).toBe(0);

    const deferred = newTimings();
    await linter.lint({ file: 'deploy.yaml', text: MANIFEST, language: 'k8s', config, timings: deferred, deferProjectRules: true });
    expect(deferred.project).toBe(0);
    expect(deferred.parse).toBeGreaterThan(0);
  });
});
