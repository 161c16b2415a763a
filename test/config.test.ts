/** Configuration: presets, package.json, settings, init and print-config, errors. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, ConfigResolver, parseConfig, presetRules } from '../src/core/config.js';
import { RuleRegistry } from '../src/core/registry.js';
import { defineK8sRule } from '../src/core/rule.js';
import { runCli, tempTree } from './support/cli.js';
import { testRegistry } from './support/suppression-rules.js';

const meta = {
  title: 'preset test rule',
  rationale: 'Made up for the preset tests.',
  fixable: false,
  examples: { bad: [], good: [] },
};
const rule = (id: string, extra: Record<string, unknown>) =>
  defineK8sRule({ meta: { ...meta, id, severity: 'warning', category: 'maintainability', aliases: {}, defaultOptions: {}, ...extra } as never, check() {} });

const presetRegistry = new RuleRegistry([
  rule('k8s/on-by-default', {}),
  rule('k8s/off-by-default-style', { recommended: false }),
  rule('k8s/off-by-default-security', { recommended: false, category: 'security' }),
  rule('k8s/pss-host-namespaces', { severity: 'warning', category: 'security', aliases: { pss: ['hostNamespaces'] }, defaultOptions: { profile: 'restricted' } }),
  rule('k8s/pss-run-as-non-root', { severity: 'warning', category: 'security', aliases: { pss: ['runAsNonRoot'] } }),
]);
const severities = (preset: Parameters<typeof presetRules>[0]) => Object.fromEntries([...presetRules(preset, presetRegistry)].map(([id, s]) => [id, s.severity]));

describe('presets', () => {
  it('are chosen by rule metadata', () => {
    expect(severities('drydock:recommended')).toEqual({ 'k8s/on-by-default': 'warning', 'k8s/pss-host-namespaces': 'warning', 'k8s/pss-run-as-non-root': 'warning' });
    expect(severities('drydock:strict')).toEqual({
      'k8s/on-by-default': 'error',
      'k8s/off-by-default-security': 'error',
      'k8s/pss-host-namespaces': 'error',
      'k8s/pss-run-as-non-root': 'error',
    });
    expect(Object.keys(severities('drydock:all'))).toHaveLength(5);
    expect(severities('drydock:pss-baseline')).toEqual({ 'k8s/pss-host-namespaces': 'error' });
    expect(severities('drydock:pss-restricted')).toEqual({ 'k8s/pss-host-namespaces': 'error', 'k8s/pss-run-as-non-root': 'error' });
    expect(presetRules('drydock:pss-baseline', presetRegistry).get('k8s/pss-host-namespaces')?.options).toEqual({ profile: 'baseline' });
  });

  it('without extends, recommended applies; extends replaces it, in order, and rules apply on top', () => {
    const dir = tempTree({
      '.drydock.yaml': 'extends: [drydock:pss-baseline]\nrules:\n  k8s/off-by-default-style: info\n',
      'none/.drydock.yaml': 'root: true\n',
      'both/.drydock.yaml': 'root: true\nextends:\n  - drydock:recommended\n  - drydock:pss-restricted\n',
    });
    const resolver = new ConfigResolver({ registry: presetRegistry });
    const enabled = (file: string) => Object.fromEntries([...resolver.resolve(path.join(dir, file)).rules].map(([id, r]) => [id, r.severity]));
    expect(enabled('none/a.yaml')).toEqual({ 'k8s/on-by-default': 'warning', 'k8s/pss-host-namespaces': 'warning', 'k8s/pss-run-as-non-root': 'warning' });
    expect(enabled('a.yaml')).toEqual({ 'k8s/pss-host-namespaces': 'error', 'k8s/off-by-default-style': 'info' });
    expect(enabled('both/a.yaml')).toEqual({ 'k8s/on-by-default': 'warning', 'k8s/pss-host-namespaces': 'error', 'k8s/pss-run-as-non-root': 'error' });
  });

  it("a nested config's extends adds to the base, and the outer config's rules still apply", () => {
    const dir = tempTree({ '.drydock.yaml': 'root: true\nrules:\n  k8s/off-by-default-style: info\n', 'pss/.drydock.yaml': 'extends: drydock:pss-baseline\n' });
    const resolver = new ConfigResolver({ registry: presetRegistry });
    const rules = resolver.resolve(path.join(dir, 'pss', 'a.yaml')).rules;
    expect(Object.fromEntries([...rules].map(([id, r]) => [id, r.severity]))).toEqual({ 'k8s/pss-host-namespaces': 'error', 'k8s/off-by-default-style': 'info' });
    expect(resolver.explain(path.join(dir, 'pss', 'a.yaml')).presets).toEqual(['drydock:pss-baseline']);
  });

  it('an unknown preset is a config error at its line', () => {
    expect(() => parseConfig('.drydock.yaml', 'root: true\nextends: drydock:recomended\n', presetRegistry)).toThrow(/\.drydock\.yaml:2:10: .*drydock:recommended/);
  });
});

describe('config files', () => {
  it('reads a "drydock" key in package.json, with errors at its line in package.json', () => {
    const dir = tempTree({ 'package.json': JSON.stringify({ name: 'x', drydock: { rules: { DL9001: 'off' }, settings: { requireReason: true } } }, null, 2) });
    const config = new ConfigResolver({ registry: testRegistry }).resolve(path.join(dir, 'Dockerfile'));
    expect(config.rules.has('dockerfile/test-every-instruction')).toBe(false);
    expect(config.suppressions).toEqual({ requireReason: true });

    const bad = tempTree({ 'package.json': '{\n  "name": "x",\n  "drydock": {\n    "rules": { "DL9O01": "off" }\n  }\n}\n' });
    expect(() => new ConfigResolver({ registry: testRegistry }).resolve(path.join(bad, 'Dockerfile'))).toThrow(/package\.json:4:16: unknown rule "DL9O01"; did you mean "DL9001"\?/);
    const without = tempTree({ 'package.json': '{ "name": "x" }' });
    expect(new ConfigResolver({ registry: testRegistry }).explain(path.join(without, 'Dockerfile')).files).toEqual([]);
  });

  it('.drydock.yaml wins over package.json in the same folder', () => {
    const dir = tempTree({ 'package.json': '{"drydock": {"rules": {"DL9001": "off"}}}', '.drydock.yaml': 'rules:\n  DL9002: off\n' });
    const config = new ConfigResolver({ registry: testRegistry }).resolve(path.join(dir, 'Dockerfile'));
    expect(config.rules.has('dockerfile/test-every-instruction')).toBe(true);
    expect(config.rules.has('dockerfile/test-every-run')).toBe(false);
  });

  it('takes the suppression settings, nearest file winning, and the CLI last', () => {
    const dir = tempTree({
      '.drydock.yaml': 'settings:\n  noInlineSuppressions: true\n  requireReason: true\n  kubernetesVersion: "1.30"\n',
      'sub/.drydock.yaml': 'settings:\n  noInlineSuppressions: false\n',
    });
    const config = new ConfigResolver({ registry: testRegistry, cliSuppressions: { reportUnused: true } }).resolve(path.join(dir, 'sub', 'deploy.yaml'));
    expect(config.suppressions).toEqual({ noInline: false, requireReason: true, reportUnused: true });
    expect(config.settings).toEqual({ kubernetesVersion: '1.30' });
  });

  it('rejects a wrong type for a setting with its position', () => {
    expect(() => parseConfig('.drydock.yaml', 'settings:\n  requireReason: "yes"\n', testRegistry)).toThrow(ConfigError);
    expect(() => parseConfig('.drydock.yaml', 'settings:\n  requireReason: "yes"\n', testRegistry)).toThrow('.drydock.yaml:2:18: settings.requireReason must be a boolean');
  });
});

describe('drydock CLI: configuration commands and errors', () => {
  it('malformed YAML and unknown ids stop the run with exit 2 and the position', async () => {
    const broken = tempTree({ Dockerfile: 'FROM alpine:3\n', '.drydock.yaml': 'rules:\n  DL3006: [error\n' });
    const run = await runCli(['.'], broken);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^drydock: config error: .*\.drydock\.yaml:\d+:\d+: invalid YAML/);
    expect(run.stdout).toBe('');

    const hadolint = tempTree({ Dockerfile: 'FROM alpine:3\n', '.hadolint.yaml': 'override:\n  error: DL3006\n' });
    const bad = await runCli(['.'], hadolint);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('.hadolint.yaml:2:3: `override.error` must be a list of rule ids');
  });

  it('unknown ids in a .hadolint.yaml are warnings with did-you-mean, and the run goes on', async () => {
    const dir = tempTree({ Dockerfile: 'FROM alpine:3.20\nUSER app\n', '.hadolint.yaml': 'ignored: [DL-3006, DL3042]\n' });
    const run = await runCli(['.'], dir);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/drydock: warning: .*\.hadolint\.yaml:1:11: unknown hadolint rule "DL-3006"; did you mean "DL3006"\?; ignored\n$/);
  });

  it('init writes a starter config that loads, and never overwrites without --force', async () => {
    const dir = tempTree({});
    const first = await runCli(['init'], dir);
    expect(first.code).toBe(0);
    const written = readFileSync(path.join(dir, '.drydock.yaml'), 'utf8');
    expect(() => parseConfig('.drydock.yaml', written, testRegistry)).not.toThrow();
    writeFileSync(path.join(dir, '.drydock.yaml'), 'root: true\n');
    const second = await runCli(['init'], dir);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain('.drydock.yaml already exists; run `drydock init --force` to overwrite it');
    expect(readFileSync(path.join(dir, '.drydock.yaml'), 'utf8')).toBe('root: true\n');
    expect((await runCli(['init', '--force'], dir)).code).toBe(0);
    expect(readFileSync(path.join(dir, '.drydock.yaml'), 'utf8')).toBe(written);
    expect(existsSync(path.join(dir, '.drydock.yml'))).toBe(false);
  });

  it('print-config shows the files read, the presets, settings and every rule with its severity', async () => {
    const dir = tempTree({ '.drydock.yaml': 'root: true\nrules:\n  DL3006: error\noverrides:\n  - files: ["*.dev"]\n    rules:\n      DL3006: off\n', '.hadolint.yaml': 'failure-threshold: warning\n' });
    const run = await runCli(['print-config', '--format', 'json', 'Dockerfile'], dir);
    expect(run.code).toBe(0);
    const shown = JSON.parse(run.stdout) as { configFiles: string[]; extends: string[]; failureLevel: string; rules: Record<string, unknown> };
    expect(shown.configFiles.map((f) => path.basename(f))).toEqual(['.hadolint.yaml', '.drydock.yaml']);
    expect(shown.extends).toEqual(['drydock:recommended']);
    expect(shown.failureLevel).toBe('warning');
    expect(shown.rules['dockerfile/unpinned-base-image']).toBe('error');
    const dev = JSON.parse((await runCli(['print-config', '--format', 'json', 'Dockerfile.dev'], dir)).stdout) as { rules: Record<string, unknown> };
    expect(dev.rules['dockerfile/unpinned-base-image']).toBe('off');
    expect((await runCli(['print-config', 'Dockerfile'], dir)).stdout).toMatch(/^file: .*Dockerfile\n/);
  });

  it("a hadolint failure-threshold decides the exit code unless --failure-level is given", async () => {
    const dir = tempTree({ Dockerfile: 'FROM alpine\n', '.hadolint.yaml': 'failure-threshold: warning\n' });
    expect((await runCli(['.'], dir)).code).toBe(1);
    expect((await runCli(['--failure-level', 'error', '.'], dir)).code).toBe(0);
    writeFileSync(path.join(dir, '.hadolint.yaml'), 'no-fail: true\noverride:\n  error: [DL3006]\n');
    const noFail = await runCli(['.'], dir);
    expect(noFail.stdout).toContain('error');
    expect(noFail.code).toBe(0);
  });
});
