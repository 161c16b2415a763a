/**
 * The rule pages in docs/rules are generated from rule metadata: this fails
 * when they are stale (run `npm run docs`), and checks what every page says.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderAllRuleDocs, renderRuleDoc } from '../src/docs/rule-docs.js';
import { allRules } from '../src/rules/index.js';

const docsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'rules');

function markdownFiles(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? markdownFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`) : entry.name.endsWith('.md') ? [`${prefix}${entry.name}`] : [],
  );
}

describe('rule docs', () => {
  const wanted = renderAllRuleDocs(allRules);

  it('docs/rules matches the rules exactly (run `npm run docs` when this fails)', () => {
    const stale = [...wanted].filter(([file, content]) => !existsSync(path.join(docsDir, file)) || readFileSync(path.join(docsDir, file), 'utf8') !== content).map(([file]) => file);
    const orphaned = markdownFiles(docsDir).filter((file) => !wanted.has(file));
    expect({ stale, orphaned }).toEqual({ stale: [], orphaned: [] });
  });

  it('has a page per rule at docs/rules/<rule-id>.md, linked from the index', () => {
    const index = wanted.get('README.md')!;
    for (const rule of allRules) {
      expect(wanted.has(`${rule.meta.id}.md`)).toBe(true);
      expect(index).toContain(`](${rule.meta.id}.md)`);
    }
  });

  it('says what a rule flags, why, with examples, fix, options, aliases with links, and since when', () => {
    const rule = allRules.find((r) => r.meta.id === 'dockerfile/apt-no-install-recommends')!;
    const page = renderRuleDoc(rule);
    for (const heading of ['## Why', '## Examples', '## How to fix', '## Options', '## Aliases']) expect(page).toContain(heading);
    expect(page).toContain(rule.meta.rationale);
    expect(page).toContain('| Since | 0.1.0 |');
    expect(page).toContain('```dockerfile\n' + rule.meta.examples.bad[0].code.trimEnd() + '\n```');
    expect(page).toContain('After `drydock --fix`:\n\n```dockerfile\n' + rule.meta.examples.bad[0].output!.trimEnd() + '\n```');
    expect(page).toContain('- hadolint: [`DL3015`](https://github.com/hadolint/hadolint/wiki/DL3015)');
    expect(page).toContain('- Trivy: [`DS-0029`](https://avd.aquasec.com/misconfig/ds029)');
    for (const rule of allRules) {
      const text = renderRuleDoc(rule);
      for (const alias of Object.values(rule.meta.aliases).flat()) expect(text).toContain(`[\`${alias}\`](https://`);
    }
  });

  it('shows every file of a cross rule\'s example project, each under its name', () => {
    const rule = allRules.find((r) => r.meta.id === 'cross/run-as-non-root-image-user')!;
    const page = renderRuleDoc(rule);
    const [bad] = rule.meta.examples.bad;
    expect(page).toContain('| Applies to | Kubernetes manifests, checked against the Dockerfiles that build their images');
    expect(page).toContain('`api/Dockerfile`:\n\n```dockerfile\n' + bad.files!['api/Dockerfile'].trimEnd() + '\n```\n\n`pod.yaml`:\n\n```yaml\n' + bad.code.trimEnd() + '\n```');
    expect(wanted.get('README.md')).toContain('## Manifest and Dockerfile rules');
  });

  it('lists options with their defaults and how to set them', () => {
    const withOptions = allRules.find((r) => Object.keys(r.meta.defaultOptions).length > 0);
    expect(withOptions).toBeDefined();
    const page = renderRuleDoc(withOptions!);
    for (const [name, value] of Object.entries(withOptions!.meta.defaultOptions)) expect(page).toContain(`| \`${name}\` | \`${JSON.stringify(value)}\` |`);
    expect(page).toContain(`  ${withOptions!.meta.id}: [${withOptions!.meta.severity}, {`);
  });
});
