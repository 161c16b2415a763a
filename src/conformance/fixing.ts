/**
 * Applies the project's fixes into memory (never to the user's file) and finds
 * out which rule's fix did what, so that a broken result can be pinned on the
 * fix that caused it.
 */
import type { EffectiveConfig } from '../core/config.js';
import type { Language } from '../core/detect.js';
import type { Linter } from '../core/engine.js';

export interface AppliedFix {
  ruleId: string;
  /** The fixes' descriptions (one per finding fixed). */
  descriptions: string[];
}

export interface FixPlan {
  original: string;
  fixed: string;
  applied: AppliedFix[];
  /** A fix pass was dropped because its output no longer parsed. */
  rolledBack: boolean;
}

export async function planFixes(linter: Linter, file: string, text: string, language: Language, config: EffectiveConfig): Promise<FixPlan> {
  const linted = await linter.lint({ file, text, language, config });
  const candidates = new Map<string, string[]>();
  for (const finding of linted.findings) {
    if (!finding.fix) continue;
    candidates.set(finding.ruleId, [...(candidates.get(finding.ruleId) ?? []), finding.fix.description]);
  }
  const outcome = await linter.fix({ file, text, language, config });
  const applied: AppliedFix[] = [];
  // A rule's fix counts as applied when, alone, it changes the file.
  for (const [ruleId, descriptions] of candidates) {
    if ((await fixWithOnly(linter, file, text, language, config, ruleId)) !== text) applied.push({ ruleId, descriptions: [...new Set(descriptions)] });
  }
  return { original: text, fixed: outcome.output, applied, rolledBack: outcome.rolledBack };
}

/** The text with only one rule's fixes applied (to isolate a fix that broke something). */
export async function fixWithOnly(linter: Linter, file: string, text: string, language: Language, config: EffectiveConfig, ruleId: string): Promise<string> {
  const active = config.rules.get(ruleId);
  if (!active) return text;
  const only: EffectiveConfig = { rules: new Map([[ruleId, active]]), settings: config.settings };
  return (await linter.fix({ file, text, language, config: only })).output;
}
