/** Rule documentation as hover markdown, from the rule's own metadata. */
import type { AnyRule } from '../core/rule.js';
import type { Finding } from '../core/types.js';
import { ruleDocsUrl } from './convert.js';

const TOOL_NAMES: Record<string, string> = {
  hadolint: 'hadolint',
  buildkit: 'BuildKit',
  'dockerfile-utils': 'dockerfile-utils',
  'kube-linter': 'kube-linter',
  'kube-score': 'kube-score',
  polaris: 'Polaris',
  pss: 'Pod Security Standards',
  checkov: 'Checkov',
  trivy: 'Trivy',
};

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
    .map(([tool, ids]) => `${TOOL_NAMES[tool] ?? tool} ${ids!.map((id) => `\`${id}\``).join(', ')}`);
  if (aliases.length > 0) parts.push(`Same check as: ${aliases.join('; ')}`);
  parts.push(`[Rule documentation](${ruleDocsUrl(meta.id)})`);
  return parts.join('\n\n');
}
