/**
 * Rule documentation generated from rule metadata: one Markdown page per rule
 * (docs/rules/<rule-id>.md), the index (docs/rules/README.md), and the same
 * page for `drydock explain` and SARIF's `help.markdown`.
 */
import type { AnyRule } from '../core/rule.js';
import { ALIAS_TOOL_NAMES, type AliasTool, type RuleExample } from '../core/types.js';

/** The version the first set of rules shipped in; a rule may say otherwise with `meta.since`. */
const FIRST_RELEASE = '0.1.0';

/** The upstream tool's page for one of its checks (or its list of checks when it has no page per check). */
export function aliasUrl(tool: AliasTool, id: string): string {
  switch (tool) {
    case 'hadolint':
      return /^SC\d+$/.test(id) ? `https://www.shellcheck.net/wiki/${id}` : `https://github.com/hadolint/hadolint/wiki/${id}`;
    case 'buildkit':
      return `https://docs.docker.com/reference/build-checks/${id.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}/`;
    case 'dockerfile-utils':
      return 'https://github.com/rcjsuen/dockerfile-utils#readme';
    case 'kube-linter':
      return `https://docs.kubelinter.io/#/generated/checks?id=${encodeURIComponent(id)}`;
    case 'kube-score':
      return 'https://github.com/zegl/kube-score/blob/master/README_CHECKS.md';
    case 'polaris':
      // Polaris documents its checks on one page per category.
      return `https://polaris.docs.fairwinds.com/checks/${polarisCategory(id)}/`;
    case 'pss':
      return 'https://kubernetes.io/docs/concepts/security/pod-security-standards/';
    case 'checkov':
      return id.startsWith('CKV_DOCKER')
        ? 'https://www.checkov.io/5.Policy%20Index/dockerfile.html'
        : 'https://www.checkov.io/5.Policy%20Index/kubernetes.html';
    case 'trivy':
      return `https://avd.aquasec.com/misconfig/${id.replace(/-0*(\d{3,})$/, '$1').toLowerCase()}`;
  }
}

function polarisCategory(id: string): 'security' | 'efficiency' | 'reliability' {
  if (/^(cpu|memory)(Requests|Limits)Missing$/.test(id)) return 'efficiency';
  if (/Probe|replicas|pullPolicy|priorityClass|deploymentMissing|pdb|hpa|topologySpread|metadataAndInstanceMismatched|tagNotSpecified/i.test(id)) return 'reliability';
  return 'security';
}

/** `since` is not part of RuleMeta yet; rules that need it may declare it. */
function since(rule: AnyRule): string {
  return (rule.meta as { since?: string }).since ?? FIRST_RELEASE;
}

function fence(example: RuleExample, rule: AnyRule): string {
  const language = rule.meta.domain === 'dockerfile' ? 'dockerfile' : 'yaml';
  return fenced(example.code, language);
}

function fenced(code: string, language: string): string {
  return ['```' + language, code.replace(/\n$/, ''), '```'].join('\n');
}

/** The other files of a project example (cross rules): each under its name, Dockerfiles as Dockerfiles. */
function otherFiles(example: RuleExample): string[] {
  return Object.entries(example.files ?? {}).flatMap(([name, code]) => [
    `\`${name}\`:`,
    '',
    fenced(code, /\.ya?ml$/i.test(name) ? 'yaml' : 'dockerfile'),
    '',
  ]);
}

function exampleBlock(example: RuleExample, rule: AnyRule): string[] {
  const lines: string[] = otherFiles(example);
  const where = example.filename ? `\`${example.filename}\`` : '';
  const options = example.options ? `with options \`${JSON.stringify(example.options)}\`` : '';
  if (where || options) lines.push([where, options].filter(Boolean).join(', ') + ':', '');
  lines.push(fence(example, rule), '');
  if (example.output !== undefined) lines.push('After `drydock --fix`:', '', fence({ ...example, code: example.output }, rule), '');
  return lines;
}

function aliasLines(rule: AnyRule): string[] {
  const entries = Object.entries(rule.meta.aliases) as Array<[AliasTool, string[] | undefined]>;
  const lines = entries.flatMap(([tool, ids]) => (ids ?? []).map((id) => `- ${ALIAS_TOOL_NAMES[tool]}: [\`${id}\`](${aliasUrl(tool, id)})`));
  return lines.length > 0 ? lines : ['None: no other tool we know of has this check.'];
}

const APPLIES_TO: Record<string, string> = {
  dockerfile: 'Dockerfiles',
  k8s: 'Kubernetes manifests',
  cross: 'Kubernetes manifests, checked against the Dockerfiles that build their images ([linking](../../cross-checks.md))',
};

/** The Markdown page of one rule. */
export function renderRuleDoc(rule: AnyRule): string {
  const meta = rule.meta;
  const options = Object.entries(meta.defaultOptions as Record<string, unknown>);
  const out: string[] = [
    `# ${meta.id}`,
    '',
    `**${meta.title}**`,
    '',
    '| | |',
    '| --- | --- |',
    `| Default severity | ${meta.severity} |`,
    `| Category | ${meta.category} |`,
    `| Applies to | ${APPLIES_TO[meta.domain]} |`,
    `| Fixable | ${meta.fixable ? 'yes, with `--fix`' : 'no'} |`,
    `| Since | ${since(rule)} |`,
    '',
    '## Why',
    '',
    meta.rationale,
    '',
    '## Examples',
    '',
    'Flagged:',
    '',
    ...meta.examples.bad.flatMap((example) => exampleBlock(example, rule)),
    'Not flagged:',
    '',
    ...meta.examples.good.flatMap((example) => exampleBlock(example, rule)),
    '## How to fix',
    '',
    meta.fixable
      ? '`drydock --fix` applies the fix shown above where it is safe (`--fix-dry-run` shows it as a diff first); otherwise change the code as the examples that are not flagged show.'
      : 'drydock has no automatic fix for this rule: change the code as the examples that are not flagged show.',
    '',
    '## Options',
    '',
  ];
  if (options.length === 0) out.push('This rule has no options.', '');
  else {
    out.push('| option | default |', '| --- | --- |');
    for (const [name, value] of options) out.push(`| \`${name}\` | \`${JSON.stringify(value)}\` |`);
    out.push('', 'Set them in `.drydock.yaml`:', '', '```yaml', 'rules:', `  ${meta.id}: [${meta.severity}, ${JSON.stringify(Object.fromEntries(options))}]`, '```', '');
  }
  out.push(
    '## Configuration',
    '',
    'Change the severity or turn the rule off in `.drydock.yaml` (any alias works in place of the id):',
    '',
    '```yaml',
    'rules:',
    `  ${meta.id}: off   # or error, warning, info`,
    '```',
    '',
    '## Aliases',
    '',
    'The same check in other tools; drydock accepts these ids wherever it takes a rule id.',
    '',
    ...aliasLines(rule),
    '',
  );
  return out.join('\n');
}

const DOMAIN_TITLES: Record<string, string> = { cross: 'Manifest and Dockerfile rules', dockerfile: 'Dockerfile rules', k8s: 'Kubernetes rules' };

/** docs/rules/README.md: every rule, by domain and then category. */
export function renderRuleIndex(rules: readonly AnyRule[]): string {
  const out = [
    '# Rules',
    '',
    'Generated from the rules\' metadata by `npm run docs`; do not edit by hand. `drydock explain <rule-id|alias>` prints a rule\'s page in the terminal.',
    '',
  ];
  const domains = [...new Set(rules.map((rule) => rule.meta.domain))].sort();
  for (const domain of domains) {
    out.push(`## ${DOMAIN_TITLES[domain] ?? domain}`, '');
    const inDomain = rules.filter((rule) => rule.meta.domain === domain);
    for (const category of [...new Set(inDomain.map((rule) => rule.meta.category))].sort()) {
      out.push(`### ${category}`, '', '| rule | what it flags | severity | fix | aliases |', '| --- | --- | --- | --- | --- |');
      for (const rule of inDomain.filter((r) => r.meta.category === category).sort((a, b) => a.meta.id.localeCompare(b.meta.id))) {
        const aliases = Object.values(rule.meta.aliases).flat().map((id) => `\`${id}\``).join(', ');
        out.push(`| [\`${rule.meta.id}\`](${rule.meta.id}.md) | ${escapeCell(rule.meta.title)} | ${rule.meta.severity} | ${rule.meta.fixable ? 'yes' : ''} | ${aliases} |`);
      }
      out.push('');
    }
  }
  return out.join('\n');
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** Every generated file, path relative to docs/rules/ → content. */
export function renderAllRuleDocs(rules: readonly AnyRule[]): Map<string, string> {
  const files = new Map<string, string>([['README.md', renderRuleIndex(rules)]]);
  for (const rule of rules) files.set(`${rule.meta.id}.md`, renderRuleDoc(rule));
  return files;
}
