/**
 * The rule tester: every rule's documented examples are its first tests.
 * A bad example must fire the rule (and, when it shows an `output`, fix to it);
 * a good example must not fire it.
 */
import { describe, expect, it } from 'vitest';
import { allRules } from '../src/rules/index.js';
import type { RuleExample } from '../src/core/types.js';
import { fixSnippet, lintProjectSnippet, lintSnippet, registry } from './support/lint.js';

describe.each(allRules.map((rule) => [rule.meta.id, rule] as const))('%s', (id, rule) => {
  const filename = (example: { filename?: string }) => example.filename ?? (rule.meta.domain === 'dockerfile' ? 'Dockerfile' : 'manifest.yaml');

  it('has complete metadata', () => {
    expect(id).toMatch(/^(dockerfile|k8s|cross)\/[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(id.startsWith(`${rule.meta.domain}/`)).toBe(true);
    expect(rule.meta.title.length).toBeGreaterThan(5);
    expect(rule.meta.rationale.length).toBeGreaterThan(40);
    expect(rule.meta.examples.bad.length).toBeGreaterThan(0);
    expect(rule.meta.examples.good.length).toBeGreaterThan(0);
    if (rule.meta.fixable) expect(rule.meta.examples.bad.some((example) => example.output !== undefined)).toBe(true);
    for (const alias of Object.values(rule.meta.aliases).flat()) expect(registry.resolve(alias as string)).toContain(rule);
  });

  /** The example's own file, linted alone or (with `files`, as cross rules' examples have) with the other files as one project. */
  const lintExample = async (example: RuleExample, options: Record<string, Record<string, unknown>>) => {
    if (!example.files) return lintSnippet(example.code, { filename: filename(example), rules: [id], options });
    const results = await lintProjectSnippet({ ...example.files, [filename(example)]: example.code }, { rules: [id], options });
    return results.find((result) => result.file === filename(example))!;
  };

  if (rule.meta.domain === 'cross') {
    it('has examples of a project: a manifest with the files it is checked against', () => {
      for (const example of [...rule.meta.examples.bad, ...rule.meta.examples.good]) expect(Object.keys(example.files ?? {}).length).toBeGreaterThan(0);
    });
  }

  it.each(rule.meta.examples.bad.map((example, i) => [i, example] as const))('bad example %i is reported', async (_, example) => {
    const options = example.options ? { [id]: example.options } : {};
    const result = await lintExample(example, options);
    expect(result.internalErrors).toEqual([]);
    const findings = result.findings.filter((f) => f.ruleId === id);
    expect(findings.length, `expected ${id} to report on:\n${example.code}`).toBeGreaterThan(0);
    for (const finding of findings) {
      expect(finding.range.start.offset).toBeLessThanOrEqual(finding.range.end.offset);
      expect(finding.range.end.offset).toBeLessThanOrEqual(example.code.length);
    }
    if (example.output !== undefined) {
      const fixed = await fixSnippet(example.code, { filename: filename(example), rules: [id], options });
      expect(fixed.output).toBe(example.output);
      expect(fixed.result.findings.filter((f) => f.ruleId === id)).toEqual([]);
    }
  });

  it.each(rule.meta.examples.good.map((example, i) => [i, example] as const))('good example %i is not reported', async (_, example) => {
    const options = example.options ? { [id]: example.options } : {};
    const result = await lintExample(example, options);
    expect(result.internalErrors).toEqual([]);
    expect(result.findings.filter((f) => f.ruleId === id)).toEqual([]);
  });
});
