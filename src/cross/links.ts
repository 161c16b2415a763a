/**
 * Which Dockerfile builds the image a manifest runs. Links come, strongest
 * first, from the config's `images:` map, from what the repository's build
 * files say (skaffold.yaml artifacts, docker-compose `build` sections), and
 * from the convention of a Dockerfile in a folder named like the image's last
 * path segment; kustomization.yaml `images` renames map the name a manifest
 * uses to the one that is built.
 *
 * Discovery reads files through a `LinkSources` (the CLI gives the disk, the
 * language server its workspace index, tests a map), never for rules: the
 * resulting `LinkTable` is handed to the project phase (src/core/project.ts).
 */
import { normalizeImageName, parseImageReference, type ImageReference } from './image-reference.js';
import path from 'node:path';
import picomatch from 'picomatch';
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Node as YNode, type YAMLMap } from 'yaml';

export type LinkKind = 'config' | 'skaffold' | 'compose' | 'kustomize' | 'convention';

/** Where a link was read, for `drydock links` and messages. */
export interface LinkSource {
  kind: LinkKind;
  /** Absolute path of the file that says it (for the convention: the Dockerfile). */
  file: string;
  /** 1-based line of the entry (1 for the convention). */
  line: number;
}

export interface ImageLink {
  /** The image name without tag or digest (a glob for config entries). */
  image: string;
  /** Absolute path of the Dockerfile. */
  dockerfile: string;
  /** The build target stage, or null for the last stage. */
  target: string | null;
  source: LinkSource;
}

/** A kustomize `images:` entry: manifests in its scope that name `name` deploy `newName:newTag@digest`. */
export interface ImageRename {
  name: string;
  newName: string | null;
  newTag: string | null;
  digest: string | null;
  /** Absolute files and folders of the kustomization's resources (and its own folder). */
  scope: string[];
  source: LinkSource;
}

/** A `.drydock.yaml` `images:` entry, as the config loader reads it. */
export interface ConfigImageMapping {
  /** Image name or glob (`ghcr.io/acme/*`). */
  image: string;
  /** Absolute path of the Dockerfile. */
  dockerfile: string;
  target: string | null;
  file: string;
  line: number;
}

/** What a manifest's image resolves to. */
export interface ResolvedImage {
  link: ImageLink;
  /** The reference as deployed (after a kustomize rename). */
  deployed: ImageReference;
  rename: ImageRename | null;
}

/** The links of a project and the renames that lead to them. */
export class LinkTable {
  private readonly matchers: Array<{ link: ImageLink; matches: (name: string) => boolean }>;

  constructor(
    readonly links: readonly ImageLink[],
    readonly renames: readonly ImageRename[] = [],
  ) {
    this.matchers = links.map((link) => ({
      link,
      // A config entry may be a glob; one written with a tag matches the name alone.
      matches: link.source.kind === 'config' && /[*?[{]/.test(link.image) ? picomatch(normalizeImageName(link.image), { dot: true }) : equals(parseImageReference(link.image).name),
    }));
  }

  /** The rename that applies to `name` in a manifest at `manifest` (absolute), if any. */
  renameFor(name: string, manifest: string): ImageRename | null {
    return this.renames.find((rename) => normalizeImageName(rename.name) === name && rename.scope.some((scope) => isWithin(manifest, scope))) ?? null;
  }

  /** The link for an image reference used by the manifest at `manifest` (absolute), or null. */
  resolve(reference: string, manifest: string): ResolvedImage | null {
    const used = parseImageReference(reference);
    const rename = this.renameFor(used.name, manifest);
    const deployed: ImageReference = rename
      ? { name: rename.newName ? normalizeImageName(rename.newName) : used.name, tag: rename.newTag ?? used.tag, digest: rename.digest ?? used.digest }
      : used;
    const link = this.linkFor(deployed.name);
    return link ? { link, deployed, rename } : null;
  }

  /** The first link whose image (or glob) matches a normalised name. */
  linkFor(name: string): ImageLink | null {
    return this.matchers.find((matcher) => matcher.matches(name))?.link ?? null;
  }
}

function equals(expected: string): (name: string) => boolean {
  return (name) => name === expected;
}

function isWithin(file: string, scope: string): boolean {
  const relative = path.relative(scope, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** The files discovery may read. */
export interface LinkSources {
  /** Absolute paths of the candidate files (Dockerfiles and YAML files of the project). */
  files: readonly string[];
  /** The text of a file, or null when it cannot be read. */
  read(file: string): string | null;
}

export interface DiscoverOptions {
  /** `images:` entries of the configs that apply, nearest config first. */
  config?: readonly ConfigImageMapping[];
  /** The image references the manifests use (for the folder convention and kustomize renames). */
  manifestImages?: readonly string[];
}

export interface Discovery {
  table: LinkTable;
  /** Things worth telling (`drydock links`): unreadable build files, ambiguous conventions. */
  notes: string[];
}

const SKAFFOLD = /^skaffold\.ya?ml$/i;
const COMPOSE = /^(?:docker-)?compose(?:\.[\w-]+)?\.ya?ml$/i;
const KUSTOMIZATION = /^(?:kustomization\.ya?ml|Kustomization)$/;
const DOCKERFILE = /^(?:Dockerfile|Containerfile)$/i;

/** Whether a file name is one that discovery reads (for watchers). */
export function isLinkSourceFile(file: string): boolean {
  const base = path.basename(file);
  return SKAFFOLD.test(base) || COMPOSE.test(base) || KUSTOMIZATION.test(base) || DOCKERFILE.test(base);
}

/** Builds the link table of a project. */
export function discoverLinks(sources: LinkSources, options: DiscoverOptions = {}): Discovery {
  const notes: string[] = [];
  const links: ImageLink[] = [];
  for (const mapping of options.config ?? []) {
    links.push({ image: mapping.image, dockerfile: mapping.dockerfile, target: mapping.target, source: { kind: 'config', file: mapping.file, line: mapping.line } });
  }
  const renames: ImageRename[] = [];
  const files = [...sources.files].sort();
  let holders: Set<string> | undefined;
  // Whether a path is one of the files or a folder holding some: every kustomization asks it of
  // each resource it lists, so the files and their folders are listed once (not scanned per question).
  // Windows paths compare without case, as path.relative compares them there.
  const key = process.platform === 'win32' ? (p: string) => p.toLowerCase() : (p: string) => p;
  const holdsFiles = (target: string): boolean => {
    if (!holders) {
      holders = new Set();
      for (const source of sources.files) {
        for (let at = source; !holders.has(key(at)); at = path.dirname(at)) {
          holders.add(key(at));
          if (path.dirname(at) === at) break;
        }
      }
    }
    return holders.has(key(target));
  };
  for (const file of files) {
    const base = path.basename(file);
    const kind = SKAFFOLD.test(base) ? 'skaffold' : COMPOSE.test(base) ? 'compose' : KUSTOMIZATION.test(base) ? 'kustomize' : null;
    if (!kind) continue;
    const text = sources.read(file);
    if (text === null) continue;
    const documents = parseYaml(text);
    if (!documents) {
      notes.push(`${file}: not valid YAML; its images are not linked`);
      continue;
    }
    for (const { root, line } of documents) {
      if (kind === 'skaffold') links.push(...skaffoldLinks(file, root, line));
      else if (kind === 'compose') links.push(...composeLinks(file, root, line));
      else renames.push(...kustomizeRenames(file, root, line, holdsFiles));
    }
  }
  const preliminary = new LinkTable(links, renames);
  const dockerfiles = files.filter((file) => DOCKERFILE.test(path.basename(file)));
  const conventional = new Set<string>();
  for (const reference of options.manifestImages ?? []) {
    const used = parseImageReference(reference);
    const rename = renames.find((r) => normalizeImageName(r.name) === used.name && r.newName);
    const name = rename?.newName ? normalizeImageName(rename.newName) : used.name;
    if (!name || conventional.has(name) || preliminary.linkFor(name)) continue;
    conventional.add(name);
    const segment = name.split('/').pop()!;
    const candidates = dockerfiles.filter((file) => path.basename(path.dirname(file)) === segment);
    if (candidates.length === 1) links.push({ image: name, dockerfile: candidates[0], target: null, source: { kind: 'convention', file: candidates[0], line: 1 } });
    else if (candidates.length > 1) notes.push(`${name}: ${candidates.length} Dockerfiles are in folders named "${segment}"; none linked (map it with \`images:\` in .drydock.yaml)`);
  }
  return { table: new LinkTable(links, renames), notes };
}

/** The 1-based line where a YAML node starts. */
type LineOf = (node: YNode | null | undefined) => number;

function parseYaml(text: string): Array<{ root: YAMLMap; line: LineOf }> | null {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, uniqueKeys: false });
  if (!Array.isArray(documents)) return null;
  const line: LineOf = (node) => (node?.range ? lineCounter.linePos(node.range[0]).line : 1);
  const out: Array<{ root: YAMLMap; line: LineOf }> = [];
  for (const document of documents) {
    if (document.errors.length > 0) return null;
    if (isMap(document.contents)) out.push({ root: document.contents, line });
  }
  return out;
}

function get(map: unknown, key: string): unknown {
  return isMap(map) ? map.get(key, true) : undefined;
}

function text(node: unknown): string | null {
  return isScalar(node) && node.value !== null && node.value !== undefined && typeof node.value !== 'object' ? String(node.value) : null;
}

/** skaffold.yaml: `build.artifacts` of the config and of its profiles; docker builder only. */
function skaffoldLinks(file: string, root: YAMLMap, line: LineOf): ImageLink[] {
  const dir = path.dirname(file);
  const builds: unknown[] = [get(root, 'build')];
  const profiles = get(root, 'profiles');
  if (isSeq(profiles)) for (const profile of profiles.items) builds.push(get(profile, 'build'));
  const out: ImageLink[] = [];
  for (const build of builds) {
    const artifacts = get(build, 'artifacts');
    if (!isSeq(artifacts)) continue;
    for (const artifact of artifacts.items) {
      const imageNode = get(artifact, 'image');
      const image = text(imageNode);
      if (!image) continue;
      const otherBuilder = ['jib', 'bazel', 'buildpacks', 'ko', 'custom'].some((builder) => get(artifact, builder) !== undefined);
      if (otherBuilder) continue;
      const context = path.resolve(dir, text(get(artifact, 'context')) ?? '.');
      const docker = get(artifact, 'docker');
      const dockerfile = path.resolve(context, text(get(docker, 'dockerfile')) ?? 'Dockerfile');
      const target = text(get(docker, 'target'));
      out.push({ image: normalizeImageName(parseImageReference(image).name), dockerfile, target, source: { kind: 'skaffold', file, line: line(imageNode as YNode) } });
    }
  }
  return out;
}

/** docker-compose: services with both `image` and `build` (a context string, or context/dockerfile/target). */
function composeLinks(file: string, root: YAMLMap, line: LineOf): ImageLink[] {
  const services = get(root, 'services');
  if (!isMap(services)) return [];
  const dir = path.dirname(file);
  const out: ImageLink[] = [];
  for (const pair of services.items) {
    const service = pair.value;
    const imageNode = get(service, 'image');
    const image = text(imageNode);
    const build = get(service, 'build');
    if (!image || build === undefined || build === null) continue;
    const contextText = isMap(build) ? text(get(build, 'context')) : text(build);
    if (isMap(build) && get(build, 'dockerfile_inline') !== undefined) continue;
    const context = path.resolve(dir, contextText ?? '.');
    const dockerfile = path.resolve(context, (isMap(build) ? text(get(build, 'dockerfile')) : null) ?? 'Dockerfile');
    const target = isMap(build) ? text(get(build, 'target')) : null;
    out.push({ image: normalizeImageName(parseImageReference(image).name), dockerfile, target, source: { kind: 'compose', file, line: line(imageNode as YNode) } });
  }
  return out;
}

/** kustomization.yaml `images:` entries, scoped to the kustomization's folder and its local resources. */
function kustomizeRenames(file: string, root: YAMLMap, line: LineOf, holdsFiles: (target: string) => boolean): ImageRename[] {
  const images = get(root, 'images');
  if (!isSeq(images)) return [];
  const dir = path.dirname(file);
  const scope = [dir];
  for (const key of ['resources', 'bases', 'components']) {
    const list = get(root, key);
    if (!isSeq(list)) continue;
    for (const item of list.items) {
      const entry = text(item);
      // Remote resources (URLs, git refs) hold no files of this project.
      if (!entry || /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) || entry.includes('?ref=') || entry.startsWith('git@')) continue;
      const resolved = path.resolve(dir, entry);
      if (!isWithin(resolved, dir) || holdsFiles(resolved)) scope.push(resolved);
    }
  }
  const out: ImageRename[] = [];
  for (const item of images.items) {
    const nameNode = get(item, 'name');
    const name = text(nameNode);
    if (!name) continue;
    out.push({
      name,
      newName: text(get(item, 'newName')),
      newTag: text(get(item, 'newTag')),
      digest: text(get(item, 'digest')),
      scope,
      source: { kind: 'kustomize', file, line: line(nameNode as YNode) },
    });
  }
  return out;
}
