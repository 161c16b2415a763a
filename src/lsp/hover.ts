/** Rule documentation as hover markdown, from the rule's own metadata. */
import type { AnyRule } from '../core/rule.js';
import { ALIAS_TOOL_NAMES, type AliasTool, type Finding } from '../core/types.js';
import { ruleDocsUrl } from './convert.js';


function fence(code: string, language: string): string {
  const longest = Math.max(2, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${language}\n${code.endsWith('\n') ? code : `${code}\n`}${ticks}`;
}

/** Markdown for one rule: title, the finding's message, why, a bad and a good example, aliases, link. */
export function ruleMarkdown(rule: AnyRule, finding?: Finding): string {
  const { meta } = rule;
  const language = meta.domain === 'dockerfile' ? 'dockerfile' : 'yaml';
  const parts = [`**${meta.title}** · \`${meta.id}\` · ${meta.severity} · ${meta.category}${meta.fixable ? ' · fixable' : ''}`];
  if (finding) parts.push(finding.message);
  parts.push(`**Why:** ${meta.rationale}`);
  const bad = meta.examples.bad[0];
  const good = meta.examples.good[0];
  if (bad) parts.push(`Bad:\n\n${fence(bad.code, language)}`);
  if (good) parts.push(`Good:\n\n${fence(good.code, language)}`);
  const aliases = Object.entries(meta.aliases)
    .filter(([, ids]) => ids && ids.length > 0)
    .map(([tool, ids]) => `${ALIAS_TOOL_NAMES[tool as AliasTool] ?? tool} ${ids!.map((id) => `\`${id}\``).join(', ')}`);
  if (aliases.length > 0) parts.push(`Same check as: ${aliases.join('; ')}`);
  parts.push(`[Rule documentation](${ruleDocsUrl(meta.id)})`);
  return parts.join('\n\n');
}
