/** Lints a snippet in memory with chosen rules: the building block of rule tests. */
import type { EffectiveConfig } from '../../src/core/config.js';
import { detectLanguage } from '../../src/core/detect.js';
import { Linter, type FixOutcome, type LintResult } from '../../src/core/engine.js';
import { RuleRegistry } from '../../src/core/registry.js';
import { allRules } from '../../src/rules/index.js';

export const registry = new RuleRegistry(allRules);
export const linter = new Linter(registry);

export function configWith(ruleIds: string[] | 'all', options: Record<string, Record<string, unknown>> = {}): EffectiveConfig {
  const rules = new Map();
  for (const rule of registry.rules) {
    if (ruleIds !== 'all' && !ruleIds.includes(rule.meta.id)) continue;
    rules.set(rule.meta.id, { severity: rule.meta.severity, options: { ...rule.meta.defaultOptions, ...(options[rule.meta.id] ?? {}) } });
  }
  return { rules, settings: {} };
}

export interface SnippetOptions {
  filename?: string;
  rules?: string[] | 'all';
  options?: Record<string, Record<string, unknown>>;
}

export function lintSnippet(code: string, opts: SnippetOptions = {}): Promise<LintResult> {
  const filename = opts.filename ?? 'Dockerfile';
  return linter.lint({ file: filename, text: code, language: detectLanguage(filename) ?? 'dockerfile', config: configWith(opts.rules ?? 'all', opts.options) });
}

export function fixSnippet(code: string, opts: SnippetOptions = {}): Promise<FixOutcome> {
  const filename = opts.filename ?? 'Dockerfile';
  return linter.fix({ file: filename, text: code, language: detectLanguage(filename) ?? 'dockerfile', config: configWith(opts.rules ?? 'all', opts.options) });
}
