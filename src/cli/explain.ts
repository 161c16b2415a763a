/** `drydock explain <rule-id|alias>`: a rule's documentation page, as in docs/rules/. */
import type { RuleRegistry } from '../core/registry.js';
import { renderRuleDoc } from '../docs/rule-docs.js';

/** The page text of every rule the id or alias names, or an error message for an unknown one. */
export function explainRule(registry: RuleRegistry, idOrAlias: string): { ok: true; text: string } | { ok: false; message: string } {
  const rules = registry.resolve(idOrAlias);
  if (rules.length === 0) {
    const suggestion = registry.suggest(idOrAlias);
    return {
      ok: false,
      message: `drydock: unknown rule "${idOrAlias}"${suggestion ? `; did you mean "${suggestion}"?` : ''} (run \`drydock rules\` to list them)\n`,
    };
  }
  return { ok: true, text: rules.map(renderRuleDoc).join('\n---\n\n') };
}
