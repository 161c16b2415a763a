/** Lints a snippet in memory with chosen rules: the building block of rule tests. */
import path from 'node:path';
import type { EffectiveConfig } from '../../src/core/config.js';
import { detectLanguage } from '../../src/core/detect.js';
import { Linter, type FixOutcome, type LintResult } from '../../src/core/engine.js';
import { lintProject } from '../../src/core/project.js';
import { buildProjectImages } from '../../src/cross/project-images.js';
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

/**
 * Lints files as one project (path → text, in memory under a virtual root):
 * each file alone, then the checks across files with the images linked as the
 * CLI links them (src/cross/). For cross rules, whose examples have `files`.
 */
export async function lintProjectSnippet(files: Record<string, string>, opts: Omit<SnippetOptions, 'filename'> = {}): Promise<LintResult[]> {
  const root = path.resolve('/drydock-example');
  const config = configWith(opts.rules ?? 'all', opts.options);
  const results: LintResult[] = [];
  for (const [file, text] of Object.entries(files)) {
    const language = detectLanguage(file);
    if (language) results.push(await linter.lint({ file, text, language, config, deferProjectRules: true }));
  }
  const { images } = buildProjectImages({
    sources: { files: Object.keys(files).map((file) => path.join(root, file)), read: (file) => files[path.relative(root, file).split(path.sep).join('/')] ?? null },
    manifests: results.flatMap((result) => (result.model ? [result.model] : [])),
    display: (absolute) => path.relative(root, absolute).split(path.sep).join('/'),
    absolute: (file) => path.resolve(root, file),
  });
  lintProject(registry, results.map((result) => ({ result, config })), { images });
  return results;
}
