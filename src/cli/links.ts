/**
 * The CLI's side of linking images to Dockerfiles (src/cross/links.ts): it
 * finds the project's build files on disk for the lint run's project step,
 * and prints the links for `drydock links`.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE_NAMES, type ConfigResolver } from '../core/config.js';
import { createHash } from '../core/lazy-builtins.js';
import { discoverLinks, isLinkSourceFile, type ConfigImageMapping, type ImageLink, type LinkSources } from '../cross/links.js';
import type { LintCache } from './cache.js';
import { displayPath, discover, type Discovery } from './discover.js';

/** What the project step needs to link images: the files to read, the config's entries, and a digest of both (the cache key). */
export interface LinkInputs {
  sources: LinkSources;
  config: ConfigImageMapping[];
  /** Computed on first use (only the cache needs it), from every build file's content hash. */
  digest(): string;
}

/** What a lint run already has that finding and digesting the build files can reuse. */
export interface LinkInputsReuse {
  /** Discovery's walks: the project root's files come from a walk of that folder when there was one. */
  walks?: Discovery['walks'];
  /** With `--cache`: content hashes by stamp, and the Dockerfiles the build files named when they last had this content. */
  cache?: LintCache | null;
}

/**
 * The folder whose build files describe the linted files: the nearest folder
 * above the files' common folder that holds `.git` or a `.drydock.yaml` with
 * `root: true`, else that common folder.
 */
export function projectRoot(files: readonly string[], cwd: string): string {
  const dirs = files.length > 0 ? [...new Set(files.map((file) => path.dirname(file)))] : [cwd];
  let common = dirs[0];
  for (const dir of dirs.slice(1)) {
    // Most folders are inside the common one already: a prefix test spares path.relative for them.
    if (dir === common || dir.startsWith(common.endsWith(path.sep) ? common : common + path.sep)) continue;
    while (path.relative(common, dir).startsWith('..')) common = path.dirname(common);
  }
  for (let dir = common; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.git')) || isRootConfigIn(dir)) return dir;
    if (path.dirname(dir) === dir) return common;
  }
}

function isRootConfigIn(dir: string): boolean {
  for (const name of CONFIG_FILE_NAMES) {
    const file = path.join(dir, name);
    // Asked for every folder holding a build file: a stat that cannot throw is cheaper than a failing read.
    if (!statSync(file, { throwIfNoEntry: false })) continue;
    try {
      if (/^root:[ \t]*true\b/m.test(readFileSync(file, 'utf8'))) return true;
    } catch {
      // not readable (a folder of that name)
    }
  }
  return false;
}

/**
 * The build files and Dockerfiles under `root` (`.gitignore` honoured), read
 * from disk on demand. A folder below the root with a `root: true` config is
 * a project of its own: its files are left out. `walked`: the lintable files
 * a walk of `root` found already.
 */
export function diskLinkSources(root: string, walked?: readonly string[]): LinkSources {
  const ownProject = new Map<string, boolean>();
  const inOtherProject = (dir: string): boolean => {
    if (dir === root || path.relative(root, dir).startsWith('..')) return false;
    let answer = ownProject.get(dir);
    if (answer === undefined) {
      answer = isRootConfigIn(dir) || inOtherProject(path.dirname(dir));
      ownProject.set(dir, answer);
    }
    return answer;
  };
  // Only build files are wanted: their names are checked before the ignore rules of every other file.
  const files = (walked ?? discover([root], root, 'dockerfile', { fileName: isLinkSourceFile }).targets.map((target) => target.absolute)).filter((file) => isLinkSourceFile(file) && !inOtherProject(path.dirname(file)));
  const texts = new Map<string, string | null>();
  return {
    files,
    read(file) {
      if (!texts.has(file)) {
        let text: string | null = null;
        try {
          text = readFileSync(file, 'utf8');
        } catch {
          text = null;
        }
        texts.set(file, text);
      }
      return texts.get(file)!;
    },
  };
}

/** The link inputs of a run over the files `targets`, with the `images:` of the configs that apply to `configFiles`. */
export function linkInputs(targets: readonly string[], configFiles: readonly string[], resolver: ConfigResolver, cwd: string, reuse: LinkInputsReuse = {}): LinkInputs {
  const root = projectRoot(targets, cwd);
  const sources = diskLinkSources(root, reuse.walks?.get(root));
  const config = resolver.imageMappings(configFiles);
  const cache = reuse.cache ?? null;
  // Unreadable files hash to a marker no digest has.
  const hashOf = (file: string): string => {
    if (cache) return cache.contentHash(file) ?? '-';
    const text = sources.read(file);
    return text === null ? '-' : createHash('sha1').update(text).digest('base64');
  };
  let digest: string | null = null;
  return {
    sources,
    config,
    digest() {
      if (digest === null) {
        const sourcesHash = createHash('sha1').update(JSON.stringify(config));
        for (const file of sources.files) sourcesHash.update(`\0${file}\0${hashOf(file)}`);
        const sourcesKey = sourcesHash.digest('base64');
        // Dockerfiles named by the config, skaffold or compose may lie outside the files listed (Dockerfile.prod).
        // Which they are follows from the build files' content: the cache keeps the list, so an unchanged project parses no YAML.
        let dockerfiles = cache?.linkedDockerfiles(sourcesKey) ?? null;
        if (!dockerfiles) {
          dockerfiles = [...new Set(discoverLinks(sources, { config }).table.links.map((link) => link.dockerfile))];
          cache?.storeLinkedDockerfiles(sourcesKey, dockerfiles);
        }
        const hash = createHash('sha1').update(sourcesKey);
        for (const file of dockerfiles) hash.update(`\0${file}\0${hashOf(file)}`);
        digest = hash.digest('base64');
      }
      return digest;
    },
  };
}

/** Why a link exists, for people: `skaffold.yaml:7`, `config .drydock.yaml:3`, `folder convention`. */
export function describeSource(link: ImageLink, cwd: string): string {
  const at = `${displayPath(link.source.file, cwd)}:${link.source.line}`;
  switch (link.source.kind) {
    case 'config':
      return `config ${at}`;
    case 'skaffold':
      return `skaffold ${at}`;
    case 'compose':
      return `compose ${at}`;
    case 'kustomize':
      return `kustomize ${at}`;
    case 'convention':
      return `folder convention (${displayPath(path.dirname(link.source.file), cwd)}/ is named like the image)`;
  }
}

export interface LinksOptions {
  format: 'text' | 'json';
  config?: string | false;
}

/** `drydock links [paths…]`: every link with its reason, the kustomize renames, and what each manifest image resolves to. */
export async function linksCommand(
  paths: string[],
  options: LinksOptions,
  resolver: ConfigResolver,
  io: { stdout: (text: string) => void; stderr: (text: string) => void; cwd: string },
): Promise<number> {
  const { targets, missing } = discover(paths, io.cwd);
  for (const m of missing) io.stderr(`drydock: ${m.message}\n`);
  if (missing.length > 0) return 2;
  const { loadK8sFile } = await import('../k8s/loader.js');
  const { decodeText } = await import('../core/source.js');
  const { buildProjectImages, manifestImages } = await import('../cross/project-images.js');
  const manifestTargets = targets.filter((target) => target.language === 'k8s' && !resolver.isIgnored(target.absolute));
  const manifests = manifestTargets.flatMap((target) => {
    let decoded;
    try {
      decoded = decodeText(readFileSync(target.absolute));
    } catch {
      return [];
    }
    return decoded.ok ? [loadK8sFile(target.absolute, decoded.text)] : [];
  });
  const inputs = linkInputs(targets.map((target) => target.absolute), manifestTargets.map((target) => target.absolute), resolver, io.cwd);
  const show = (absolute: string) => displayPath(absolute, io.cwd);
  const { discovery, unreadable } = buildProjectImages({ sources: inputs.sources, config: inputs.config, manifests, display: show, absolute: (file) => path.resolve(io.cwd, file) });
  const { table } = discovery;
  const links = table.links.map((link) => ({
    image: link.image,
    dockerfile: show(link.dockerfile),
    target: link.target,
    source: { kind: link.source.kind, file: show(link.source.file), line: link.source.line },
    reason: describeSource(link, io.cwd),
  }));
  const renames = table.renames.map((rename) => ({
    name: rename.name,
    newName: rename.newName,
    newTag: rename.newTag,
    digest: rename.digest,
    source: { kind: rename.source.kind, file: show(rename.source.file), line: rename.source.line },
  }));
  const used = manifests.flatMap((manifest) =>
    manifestImages([manifest]).map((image) => {
      const resolved = table.resolve(image, manifest.file);
      return {
        file: show(manifest.file),
        image,
        deployed: resolved ? `${resolved.deployed.name}${resolved.deployed.tag ? `:${resolved.deployed.tag}` : ''}${resolved.deployed.digest ? `@${resolved.deployed.digest}` : ''}` : null,
        dockerfile: resolved ? show(resolved.link.dockerfile) : null,
        target: resolved?.link.target ?? null,
      };
    }),
  );
  const notes = [...discovery.notes, ...unreadable.map((file) => `${show(file)}: cannot be read; the images linked to it are not checked`)];
  if (options.format === 'json') {
    io.stdout(`${JSON.stringify({ links, renames, images: used, notes }, null, 2)}\n`);
    return 0;
  }
  const lines: string[] = [];
  const withTarget = (dockerfile: string, target: string | null) => (target ? `${dockerfile}:${target}` : dockerfile);
  lines.push(links.length === 0 ? 'No image is linked to a Dockerfile.' : 'Links (image → Dockerfile[:target], and why):');
  for (const link of links) lines.push(`  ${link.image} → ${withTarget(link.dockerfile, link.target)}  (${link.reason})`);
  if (renames.length > 0) {
    lines.push('', 'Renames (kustomize images):');
    for (const rename of renames) {
      const to = `${rename.newName ?? rename.name}${rename.newTag ? `:${rename.newTag}` : ''}${rename.digest ? `@${rename.digest}` : ''}`;
      lines.push(`  ${rename.name} → ${to}  (${rename.source.file}:${rename.source.line})`);
    }
  }
  if (used.length > 0) {
    lines.push('', 'Images the manifests run:');
    for (const entry of used) {
      const renamed = entry.deployed && entry.deployed !== entry.image ? ` (deployed as ${entry.deployed})` : '';
      lines.push(`  ${entry.file}: ${entry.image}${renamed} → ${entry.dockerfile ? withTarget(entry.dockerfile, entry.target) : 'not linked'}`);
    }
  }
  if (notes.length > 0) {
    lines.push('', 'Notes:');
    for (const note of notes) lines.push(`  ${note}`);
  }
  io.stdout(`${lines.join('\n')}\n`);
  return 0;
}
