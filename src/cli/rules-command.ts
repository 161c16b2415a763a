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
  const table = [
    ['RULE', 'SEVERITY', 'FIX', 'TITLE', 'ALIASES'],
    ...rows.map((row) => [
      row.id,
      row.severity,
      row.fixable ? 'yes' : '',
      row.title,
      Object.entries(row.aliases)
        .flatMap(([tool, ids]) => (ids ?? []).map((id) => `${tool}:${id}`))
        .join(' '),
    ]),
  ];
  const widths = table[0].map((_, column) => Math.max(...table.map((cells) => cells[column].length)));
  return table.map((cells) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ').trimEnd()).join('\n') + '\n';
}
