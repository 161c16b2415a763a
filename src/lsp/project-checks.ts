/**
 * Checks across manifests (a Service and the pods it selects, an Ingress and
 * its backend…) for the editor: the document being linted together with every
 * manifest of the workspace index, through the project rules of
 * src/core/project.ts.
 */
import type { EffectiveConfig } from '../core/config.js';
import type { Linter, LintResult } from '../core/engine.js';
import { lintProject, type ProjectEntry } from '../core/project.js';
import type { ConfigImageMapping, LinkSources } from '../cross/links.js';
import { buildProjectImages } from '../cross/project-images.js';
import type { ManifestFile } from './workspace-index.js';

interface CachedModel {
  text: string;
  configGeneration: number;
  result: LintResult;
}

export class ProjectChecks {
  /** The other manifests' lint results (for their models), by file; re-linted only when their text or the config changes. */
  private readonly cache = new Map<string, CachedModel>();

  constructor(private readonly linter: Linter) {}

  /**
   * Adds the project rules' findings for `target` (linted with
   * `deferProjectRules`) to its result, checking it against `manifests`.
   * `configOf` gives a file's config, or null when the config ignores it.
   */
  async addFindings(
    target: ProjectEntry,
    manifests: readonly ManifestFile[],
    configOf: (file: string) => EffectiveConfig | null,
    configGeneration: number,
    links?: { sources: LinkSources; config: readonly ConfigImageMapping[] },
  ): Promise<void> {
    const entries: ProjectEntry[] = [target];
    const seen = new Set([target.result.file]);
    for (const manifest of manifests) {
      if (seen.has(manifest.file)) continue;
      seen.add(manifest.file);
      const config = configOf(manifest.file);
      if (!config) continue;
      let cached = this.cache.get(manifest.file);
      if (!cached || cached.text !== manifest.text || cached.configGeneration !== configGeneration) {
        const result = await this.linter.lint({ file: manifest.file, text: manifest.text, language: 'k8s', config, deferProjectRules: true });
        cached = { text: manifest.text, configGeneration, result };
        this.cache.set(manifest.file, cached);
      }
      // lintProject adds findings to every entry; the other files' copies take them so the cache stays clean.
      entries.push({ result: { ...cached.result, findings: [], suppressed: [], internalErrors: [] }, config });
    }
    for (const file of this.cache.keys()) if (!seen.has(file)) this.cache.delete(file);
    // Checks between manifests and Dockerfiles: the workspace's build files link images; paths are absolute already.
    const images = links
      ? buildProjectImages({ ...links, manifests: entries.flatMap((entry) => (entry.result.model ? [entry.result.model] : [])), display: (file) => file, absolute: (file) => file }).images
      : undefined;
    lintProject(this.linter.registry, entries, { images });
  }
}
