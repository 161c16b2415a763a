/** Where drydock and its rule pages live, from package.json `homepage` (one place for every reporter and the LSP). */
import { createRequire } from 'node:module';

function homepage(): string {
  try {
    const pkg = createRequire(import.meta.url)('../../package.json') as { homepage?: unknown };
    if (typeof pkg.homepage === 'string' && pkg.homepage) return pkg.homepage.replace(/#.*$/, '').replace(/\/+$/, '');
  } catch {
    // A bundled server may have no package.json next to it; the default applies.
  }
  return 'https://github.com/drydock-lint/drydock';
}

export const PROJECT_URL = homepage();

/** The rule's page, docs/rules/<rule-id>.md in the repository. */
export function ruleDocsUrl(ruleId: string): string {
  return `${PROJECT_URL}/blob/main/docs/rules/${ruleId.split('/').map(encodeURIComponent).join('/')}.md`;
}
