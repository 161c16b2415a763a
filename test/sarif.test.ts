/**
 * SARIF output: valid against the official SARIF 2.1.0 schema (vendored in
 * test/fixtures/sarif with its licence) for the whole shared corpus, exact
 * regions in UTF-16 columns, stable fingerprints, fixes, suppressions,
 * notifications and code scanning's result limit.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { LintResult } from '../src/core/engine.js';
import { decodeText, SourceText } from '../src/core/source.js';
import type { Finding } from '../src/core/types.js';
import type { Report } from '../src/reporters/index.js';
import { formatSarif, SARIF_LIMITS } from '../src/reporters/sarif.js';
import { runCli, tempTree } from './support/cli.js';
import { corpusFiles, corpusPresent } from './support/corpus.js';
import { sarifValidator } from './support/sarif.js';
import { configWith, lintProjectSnippet, lintSnippet, linter, registry } from './support/lint.js';

function reportOf(results: LintResult[], extra: Partial<Report> = {}): Report {
  return { results, fileErrors: [], registry, verbose: false, color: false, toolVersion: '0.1.0', cwd: '/repo', includeSuppressed: false, ...extra };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Sarif = any;

describe('SARIF', () => {
  const validate = sarifValidator();

  it('gives a cross rule\'s Dockerfile line as a relatedLocation, valid against the schema', async () => {
    const results = await lintProjectSnippet(
      { 'api/Dockerfile': 'FROM debian:12\nUSER root\n', 'pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: api\nspec:\n  securityContext:\n    runAsNonRoot: true\n  containers:\n    - name: api\n      image: ghcr.io/acme/api:1.0\n' },
      { rules: ['cross/run-as-non-root-image-user'] },
    );
    const sarif: Sarif = JSON.parse(formatSarif(reportOf(results)));
    expect(validate(sarif)).toBe(true);
    const [result] = sarif.runs[0].results;
    expect(result.locations[0].physicalLocation).toMatchObject({ artifactLocation: { uri: 'pod.yaml' }, region: { startLine: 7, startColumn: 19 } });
    expect(result.relatedLocations).toEqual([
      { id: 0, message: { text: 'the image runs as root here' }, physicalLocation: { artifactLocation: expect.objectContaining({ uri: 'api/Dockerfile' }), region: expect.objectContaining({ startLine: 2, startColumn: 1, endLine: 2, endColumn: 10 }) } },
    ]);
  });

  it.skipIf(!corpusPresent)('validates against the SARIF 2.1.0 schema for the whole corpus', async () => {
    const config = configWith('all');
    const results: LintResult[] = [];
    for (const target of corpusFiles()) {
      const decoded = decodeText(readFileSync(target.absolute));
      if (decoded.ok) results.push(await linter.lint({ file: target.display, text: decoded.text, language: target.language, config }));
    }
    const sarif: Sarif = JSON.parse(formatSarif(reportOf(results, { fileErrors: [{ file: 'missing/Dockerfile', message: 'no such file' }] })));
    const valid = validate(sarif);
    expect(validate.errors?.slice(0, 5) ?? []).toEqual([]);
    expect(valid).toBe(true);
    const run = sarif.runs[0];
    expect(run.results.length).toBeGreaterThan(1000);
    expect(run.results.length).toBeLessThanOrEqual(SARIF_LIMITS.resultsPerRun);
    // Every result names its rule by index, and every region's text is the finding's text.
    for (const result of run.results.slice(0, 2000)) expect(run.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
    expect(run.invocations[0].executionSuccessful).toBe(false);
  });

  it('describes every rule: docs, level, tags, security-severity, aliases', () => {
    const sarif: Sarif = JSON.parse(formatSarif(reportOf([])));
    expect(validate(sarif)).toBe(true);
    const driver = sarif.runs[0].tool.driver;
    expect(driver).toMatchObject({ name: 'drydock', semanticVersion: '0.1.0' });
    expect(driver.rules.map((r: { id: string }) => r.id)).toEqual(registry.rules.map((r) => r.meta.id));
    const rootUser = driver.rules.find((r: { id: string }) => r.id === 'dockerfile/final-user-root');
    expect(rootUser).toMatchObject({
      name: 'FinalUserRoot',
      shortDescription: { text: registry.get('dockerfile/final-user-root')!.meta.title },
      helpUri: expect.stringMatching(/\/docs\/rules\/dockerfile\/final-user-root\.md$/),
      defaultConfiguration: { level: 'warning' },
      properties: { tags: ['security', 'dockerfile'], 'security-severity': '5.5' },
    });
    expect(rootUser.properties.aliases).toContain('hadolint:DL3002');
    expect(rootUser.help.markdown).toContain('## Why');
    const apt = driver.rules.find((r: { id: string }) => r.id === 'dockerfile/apt-no-install-recommends');
    expect(apt.properties['security-severity']).toBeUndefined();
    expect(apt.defaultConfiguration.level).toBe('note');
    for (const rule of driver.rules) expect(rule.properties.tags.length).toBeLessThanOrEqual(SARIF_LIMITS.tagsPerRule);
  });

  it('gives exact 1-based regions in UTF-16 code units, relative URIs and snippets', async () => {
    // 🐳 is two UTF-16 code units: the tag starts at column 17, not 16.
    const root = tempTree({
      'svc/Dockerfile': 'FROM ubuntu\nUSER 1000\n',
      'k8s/my pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: "🐳"\nspec:\n  containers:\n    - name: web\n      image: nginx\n',
    });
    const { stdout } = await runCli(['--format', 'sarif', '.'], root);
    const sarif: Sarif = JSON.parse(stdout);
    expect(validate(sarif)).toBe(true);
    const run = sarif.runs[0];
    expect(run.columnKind).toBe('utf16CodeUnits');
    expect(run.originalUriBaseIds['%SRCROOT%'].uri).toBe(`file://${root}/`);
    const unpinned = run.results.find((r: Sarif) => r.ruleId === 'dockerfile/unpinned-base-image');
    expect(unpinned.level).toBe('warning');
    expect(unpinned.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'svc/Dockerfile', uriBaseId: '%SRCROOT%' },
      region: { startLine: 1, startColumn: 6, endLine: 1, endColumn: 12, snippet: { text: 'ubuntu' } },
    });
    const resources = run.results.find((r: Sarif) => r.ruleId === 'k8s/container-resources');
    expect(resources.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'k8s/my%20pod.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 7, startColumn: 7, endLine: 7, endColumn: 16, snippet: { text: 'name: web' } },
    });
  });

  it('is checked by the schema: an invalid log fails validation', () => {
    const sarif: Sarif = JSON.parse(formatSarif(reportOf([])));
    sarif.runs[0].columnKind = 'bytes';
    expect(validate(sarif)).toBe(false);
  });

  it('counts columns after a character outside the BMP in UTF-16 code units', async () => {
    const text = 'FROM alpine:3.20 AS b\nLABEL x="🐳"\nFROM ubuntu\n';
    const result = await lintSnippet(text, { rules: ['dockerfile/unpinned-base-image'] });
    const sarif: Sarif = JSON.parse(formatSarif(reportOf([result])));
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.region).toMatchObject({ startLine: 3, startColumn: 6, endColumn: 12 });
    // Same check on a line holding the emoji: SourceText counts code units, as SARIF declares.
    const source = new SourceText('x🐳y');
    expect(source.position(3).column).toBe(4);
  });

  it('keeps partialFingerprints when lines move, and tells duplicates apart', async () => {
    const before = await lintSnippet('FROM ubuntu\nFROM ubuntu\n', { rules: ['dockerfile/unpinned-base-image'] });
    const after = await lintSnippet('# a comment\n\nFROM ubuntu\nFROM ubuntu\n', { rules: ['dockerfile/unpinned-base-image'] });
    const prints = (result: LintResult) =>
      JSON.parse(formatSarif(reportOf([result]))).runs[0].results.map((r: Sarif) => [r.locations[0].physicalLocation.region.startLine, Object.values(r.partialFingerprints)[0]]);
    const [first, second] = prints(before);
    const [movedFirst, movedSecond] = prints(after);
    expect([first[0], second[0], movedFirst[0], movedSecond[0]]).toEqual([1, 2, 3, 4]);
    expect(movedFirst[1]).toBe(first[1]);
    expect(movedSecond[1]).toBe(second[1]);
    expect(first[1]).not.toBe(second[1]);
  });

  it('carries fixes as artifact changes and suggestions as unsafe fixes', async () => {
    const result = await lintSnippet('FROM debian:12\nRUN apt-get install -y curl\n', { rules: ['dockerfile/apt-no-install-recommends'] });
    const sarif: Sarif = JSON.parse(formatSarif(reportOf([result])));
    expect(validate(sarif)).toBe(true);
    const [fix] = sarif.runs[0].results[0].fixes;
    expect(fix).toEqual({
      description: { text: 'Add --no-install-recommends' },
      artifactChanges: [
        {
          artifactLocation: { uri: 'Dockerfile', uriBaseId: '%SRCROOT%' },
          replacements: [{ deletedRegion: { startLine: 2, startColumn: 20, endLine: 2, endColumn: 20 }, insertedContent: { text: ' --no-install-recommends' } }],
        },
      ],
      properties: { safe: true },
    });
  });

  it('reports suppressed findings with their suppressions only with --include-suppressed', async () => {
    const result = await lintSnippet('FROM ubuntu\n', { rules: ['dockerfile/unpinned-base-image'] });
    const suppressed: Finding = {
      ...result.findings[0],
      suppression: { kind: 'inSource', justification: 'pinned by the build system', origin: '# drydock-ignore', location: { file: 'Dockerfile', range: result.findings[0].range } },
    };
    const withSuppressed = { ...result, findings: [], suppressed: [suppressed] };
    expect(JSON.parse(formatSarif(reportOf([withSuppressed]))).runs[0].results).toEqual([]);
    const sarif: Sarif = JSON.parse(formatSarif(reportOf([withSuppressed], { includeSuppressed: true })));
    expect(validate(sarif)).toBe(true);
    expect(sarif.runs[0].results[0].suppressions).toEqual([
      {
        kind: 'inSource',
        status: 'accepted',
        justification: 'pinned by the build system',
        location: { physicalLocation: { artifactLocation: { uri: 'Dockerfile', uriBaseId: '%SRCROOT%' }, region: { startLine: 1, startColumn: 6, endLine: 1, endColumn: 12 } } },
        properties: { origin: '# drydock-ignore' },
      },
    ]);
  });

  it('reports a finding suppressed by a comment in the file with an inSource suppression, with --include-suppressed', async () => {
    const root = tempTree({ Dockerfile: '# hadolint ignore=DL3006\nFROM ubuntu\nUSER 1000\n' });
    const hidden: Sarif = JSON.parse((await runCli(['--format', 'sarif', '--rule', 'DL3006', 'Dockerfile'], root)).stdout);
    expect(hidden.runs[0].results).toEqual([]);
    const { stdout } = await runCli(['--format', 'sarif', '--include-suppressed', 'Dockerfile'], root);
    const sarif: Sarif = JSON.parse(stdout);
    expect(validate(sarif)).toBe(true);
    const [result] = sarif.runs[0].results.filter((r: Sarif) => r.ruleId === 'dockerfile/unpinned-base-image');
    expect(result.locations[0].physicalLocation.region).toMatchObject({ startLine: 2, startColumn: 6, endLine: 2, endColumn: 12 });
    expect(result.suppressions).toEqual([
      expect.objectContaining({
        kind: 'inSource',
        location: { physicalLocation: { artifactLocation: { uri: 'Dockerfile', uriBaseId: '%SRCROOT%' }, region: expect.objectContaining({ startLine: 1, startColumn: 1 }) } },
      }),
    ]);
  });

  it('turns unreadable files, parse errors and rule failures into notifications, and says whether execution succeeded', async () => {
    const parseError = await lintSnippet('FROM alpine:3.20\nRUNN echo hi\nUSER 1000\n');
    const clean: Sarif = JSON.parse(formatSarif(reportOf([parseError])));
    expect(validate(clean)).toBe(true);
    // A syntax error is a finding about the file, not a failure of the tool.
    expect(clean.runs[0].invocations[0].executionSuccessful).toBe(true);
    expect(clean.runs[0].invocations[0].toolExecutionNotifications).toEqual([
      {
        level: 'warning',
        message: { text: 'Dockerfile: 1 syntax error; see the syntax findings' },
        descriptor: { id: 'parse-error', index: 1 },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'Dockerfile', uriBaseId: '%SRCROOT%' } } }],
      },
    ]);
    const failing = { ...parseError, internalErrors: ['rule x failed: boom'] };
    const sarif: Sarif = JSON.parse(formatSarif(reportOf([failing], { fileErrors: [{ file: 'gone.yaml', message: 'cannot read the file (EACCES)' }] })));
    expect(validate(sarif)).toBe(true);
    const invocation = sarif.runs[0].invocations[0];
    expect(invocation.executionSuccessful).toBe(false);
    expect(invocation.toolExecutionNotifications[0]).toEqual({
      level: 'error',
      message: { text: 'gone.yaml: cannot read the file (EACCES)' },
      descriptor: { id: 'unreadable-file', index: 0 },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'gone.yaml', uriBaseId: '%SRCROOT%' } } }],
    });
    expect(invocation.toolExecutionNotifications.some((n: Sarif) => n.descriptor.id === 'internal-error')).toBe(true);
  });

  it('keeps the most severe 25,000 results and says it truncated', async () => {
    const result = await lintSnippet('FROM ubuntu\n', { rules: ['dockerfile/unpinned-base-image'] });
    const template = result.findings[0];
    const many: Finding[] = Array.from({ length: SARIF_LIMITS.resultsPerRun + 10 }, (_, i) => ({
      ...template,
      severity: i < 20 ? 'info' : i % 2 ? 'error' : 'warning',
    }));
    const sarif: Sarif = JSON.parse(formatSarif(reportOf([{ ...result, findings: many }])));
    const run = sarif.runs[0];
    expect(run.results.length).toBe(SARIF_LIMITS.resultsPerRun);
    expect(run.results.filter((r: Sarif) => r.level === 'note').length).toBe(10);
    expect(run.invocations[0].toolExecutionNotifications).toEqual([
      expect.objectContaining({ level: 'warning', descriptor: { id: 'results-truncated', index: 3 }, message: { text: expect.stringContaining('the 10 least severe were left out') } }),
    ]);
  });
});
