/** `drydock rules`: every rule with its id, aliases, severity and fixability. */
import type { RuleRegistry } from '../core/registry.js';

export function formatRuleList(registry: RuleRegistry, format: 'text' | 'json'): string {
  const rows = registry.rules.map((rule) => ({
    id: rule.meta.id,
    title: rule.meta.title,
    severity: rule.meta.severity,
    category: rule.meta.category,
    fixable: rule.meta.fixable,
    aliases: rule.meta.aliases,
    description: rule.meta.rationale,
  }));
  if (format === 'json') return JSON.stringify(rows, null, 2) + '\n';
  const lines = rows.map((row) => {
    const aliases = Object.entries(row.aliases)
      .flatMap(([tool, ids]) => (ids ?? []).map((id) => `${tool}:${id}`))
      .join(' ');
    return [row.id, row.severity, row.fixable ? 'fixable' : '-', row.title, aliases].join('\t');
  });
  return ['id\tseverity\tfix\ttitle\taliases', ...lines].join('\n') + '\n';
}
