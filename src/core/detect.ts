/** Which files drydock lints, by name. */
import path from 'node:path';

export type Language = 'dockerfile' | 'k8s';

/** Suffixes of templates that are named like Dockerfiles but are not (docker-library's `Dockerfile.template`, `Dockerfile.m4`). */
const TEMPLATE_SUFFIXES = ['.template', '.tmpl', '.tpl', '.m4', '.j2', '.jinja', '.jinja2', '.erb', '.mustache', '.hbs', '.gotmpl', '.orig', '.bak', '.swp'];

export function detectLanguage(filePath: string): Language | null {
  const base = path.basename(filePath);
  const lower = base.toLowerCase();
  if (lower === '.drydock.yaml' || lower === '.drydock.yml') return null;
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'k8s';
  if (TEMPLATE_SUFFIXES.some((suffix) => lower.endsWith(suffix))) return null;
  if (lower === 'dockerfile' || lower === 'containerfile') return 'dockerfile';
  if (lower.startsWith('dockerfile.') || lower.startsWith('dockerfile-') || lower.startsWith('containerfile.')) return 'dockerfile';
  if (lower.endsWith('.dockerfile') || lower.endsWith('.containerfile')) return 'dockerfile';
  return null;
}
