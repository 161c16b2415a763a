/**
 * The images of a project, ready for the cross rules: links discovered from
 * the project's files, and the Dockerfiles they name, read and parsed. The
 * CLI, the language server and the rule tester build it the same way, each
 * with its own `LinkSources`.
 */
import { parseDockerfile } from '../dockerfile/parser.js';
import type { K8sFile } from '../k8s/model.js';
import { containersOf } from '../k8s/workloads.js';
import { discoverLinks, type ConfigImageMapping, type Discovery, type LinkSources } from './links.js';
import type { ProjectImages } from './rule.js';

export interface ProjectImagesInput {
  sources: LinkSources;
  /** `images:` entries of the configs that apply. */
  config?: readonly ConfigImageMapping[];
  /** The manifests of the run (their images drive the folder convention). */
  manifests: readonly K8sFile[];
  /** How findings name a file (relative to the working directory for the CLI). */
  display(absolute: string): string;
  /** A manifest's file as results name it, made absolute. */
  absolute(file: string): string;
}

/** The image references the containers of some manifests run. */
export function manifestImages(manifests: readonly K8sFile[]): string[] {
  const images = new Set<string>();
  for (const manifest of manifests) {
    for (const object of manifest.objects) for (const container of containersOf(object)) if (typeof container.value.image === 'string') images.add(container.value.image);
  }
  return [...images];
}

export function buildProjectImages(input: ProjectImagesInput): { images: ProjectImages; discovery: Discovery; unreadable: string[] } {
  const discovery = discoverLinks(input.sources, { config: input.config, manifestImages: manifestImages(input.manifests) });
  const dockerfiles = new Map<string, { file: string; dockerfile: ReturnType<typeof parseDockerfile> }>();
  const unreadable: string[] = [];
  for (const link of discovery.table.links) {
    if (dockerfiles.has(link.dockerfile) || unreadable.includes(link.dockerfile)) continue;
    const text = input.sources.read(link.dockerfile);
    if (text === null) unreadable.push(link.dockerfile);
    else dockerfiles.set(link.dockerfile, { file: input.display(link.dockerfile), dockerfile: parseDockerfile(text) });
  }
  return { images: { table: discovery.table, dockerfiles, absolute: input.absolute }, discovery, unreadable };
}
