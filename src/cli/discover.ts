/**
 * Finds the files to lint: explicit files as given, directories walked
 * recursively with .gitignore respected (from the repository root down),
 * `.git` and `node_modules` skipped, symlinked folders not followed.
 */
import { existsSync, readdirSync, readFileSync, statSync, type Dirent, type Stats } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { detectLanguage, type Language } from '../core/detect.js';

export interface Target {
  /** Absolute path. */
  absolute: string;
  /** As shown to the user: relative to cwd when inside it. */
  display: string;
  language: Language;
  /** Named on the command line (so config `ignore` globs do not drop it silently). */
  explicit: boolean;
  /** The file's stat when discovery took one (it follows symbolic links): the cache reuses it instead of a second stat. */
  stats?: Stats;
}

export interface Discovery {
  targets: Target[];
  /** Paths that do not exist or cannot be read. */
  missing: Array<{ path: string; message: string }>;
  /** Each folder walked (absolute) → every lintable file its walk found, in order: a later walk of the same folder can reuse it. */
  walks: Map<string, string[]>;
  /** What the walks saw of `.dockerignore` files: the pipeline looks for them beside every Dockerfile. */
  listed: FolderListings;
}

/** Which folders were listed, and the `.dockerignore` files (any `*.dockerignore`) in them. */
export interface FolderListings {
  folders: Set<string>;
  dockerignores: Set<string>;
}

const ALWAYS_SKIPPED = new Set(['.git', 'node_modules', '.hg', '.svn']);

interface IgnoreLayer {
  base: string;
  rules: Ignore;
}

export interface DiscoverOptions {
  /** Only files in walked folders whose name passes (explicit files always do): checked before the ignore rules, which cost more. */
  fileName?: (name: string) => boolean;
  /** Called once, as soon as this many files have been found (the walk goes on). */
  whenFound?: { count: number; then: () => void };
}

export function discover(paths: string[], cwd: string, defaultLanguage: Language = 'dockerfile', options: DiscoverOptions = {}): Discovery {
  const targets: Target[] = [];
  const missing: Discovery['missing'] = [];
  const walks: Discovery['walks'] = new Map();
  const listed: FolderListings = { folders: new Set(), dockerignores: new Set() };
  const seen = new Set<string>();
  const add = (absolute: string, language: Language, explicit: boolean, stats?: Stats) => {
    if (seen.has(absolute)) return;
    seen.add(absolute);
    const inside = relativeInside(cwd, absolute);
    const display = inside !== null && !inside.startsWith('..') ? inside : displayPath(absolute, cwd);
    targets.push({ absolute, display, language, explicit, ...(stats ? { stats } : {}) });
    if (targets.length === options.whenFound?.count) options.whenFound.then();
  };

  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    let stats;
    try {
      stats = statSync(absolute);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      missing.push({ path: given, message: code === 'ENOENT' ? `no such file or directory: ${given}` : `cannot access ${given} (${code})` });
      continue;
    }
    if (stats.isDirectory()) {
      if (walks.has(absolute)) continue;
      const found: string[] = [];
      walks.set(absolute, found);
      walk(absolute, ancestorIgnores(absolute), new Set(), (file, language, fileStats) => {
        found.push(file);
        add(file, language, false, fileStats);
      }, missing, cwd, options.fileName, listed);
    } else {
      // A file named explicitly is linted even when its name says nothing (hadolint does the same).
      add(absolute, detectLanguage(absolute) ?? defaultLanguage, true, stats);
    }
  }
  return { targets, missing, walks, listed };
}

export function displayPath(absolute: string, cwd: string): string {
  const relative = path.relative(cwd, absolute);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative.split(path.sep).join('/') : absolute;
}

/**
 * `path.join(dir, name)` for a normalized folder and an entry name from its listing (which
 * holds no separator): joined as text, since path.join's normalizing costs a tenth of a walk.
 */
function childPath(dir: string, name: string): string {
  return dir.endsWith(path.sep) ? dir + name : dir + path.sep + name;
}

function walk(
  dir: string,
  layers: IgnoreLayer[],
  visited: Set<string>,
  onFile: (file: string, language: Language, stats?: Stats) => void,
  missing: Discovery['missing'],
  cwd: string,
  fileName: ((name: string) => boolean) | undefined,
  listed: FolderListings,
): void {
  if (visited.has(dir)) return;
  visited.add(dir);
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    missing.push({ path: displayPath(dir, cwd), message: `cannot read folder ${displayPath(dir, cwd)} (${(error as NodeJS.ErrnoException).code})` });
    return;
  }
  listed.folders.add(dir);
  for (const entry of entries) if (entry.name.endsWith('.dockerignore')) listed.dockerignores.add(childPath(dir, entry.name));
  // Most folders have no .gitignore: looking at the listing spares a failing open per folder.
  const own = entries.some((entry) => entry.name === '.gitignore') ? readGitignore(dir) : null;
  const active = own ? [...layers, own] : layers;
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (ALWAYS_SKIPPED.has(entry.name)) continue;
    const absolute = childPath(dir, entry.name);
    if (fileName && !entry.isDirectory() && !fileName(entry.name)) continue;
    if (entry.isSymbolicLink()) {
      // Follow links to files, never to folders (loops, and trees outside the project); a link is
      // stat'ed only when it could be linted, and its stat is kept for the cache.
      const language = detectLanguage(entry.name);
      if (!language || isIgnored(active, absolute, false)) continue;
      let stats: Stats | undefined;
      try {
        stats = statSync(absolute);
      } catch {
        continue;
      }
      if (stats.isFile()) onFile(absolute, language, stats);
      continue;
    }
    const isDirectory = entry.isDirectory();
    if (isIgnored(active, absolute, isDirectory)) continue;
    if (isDirectory) walk(absolute, active, visited, onFile, missing, cwd, fileName, listed);
    else if (entry.isFile()) {
      const language = detectLanguage(entry.name);
      if (language) onFile(absolute, language);
    }
  }
}

/**
 * The path of `absolute` below `base`, with `/` separators, when it starts with `base` and a
 * separator; else null. For the normalized paths discovery makes, this is what `path.relative`
 * answers for a path inside `base`, without its cost (it runs for every entry of the walk).
 */
function relativeInside(base: string, absolute: string): string | null {
  const prefix = base.endsWith(path.sep) ? base : base + path.sep;
  if (absolute.length <= prefix.length || !absolute.startsWith(prefix)) return null;
  const relative = absolute.slice(prefix.length);
  return path.sep === '/' ? relative : relative.split(path.sep).join('/');
}

function isIgnored(layers: IgnoreLayer[], absolute: string, isDirectory: boolean): boolean {
  for (const layer of layers) {
    const relative = relativeInside(layer.base, absolute) ?? path.relative(layer.base, absolute).split(path.sep).join('/');
    if (!relative || relative.startsWith('..')) continue;
    if (layer.rules.ignores(isDirectory ? `${relative}/` : relative)) return true;
  }
  return false;
}

function readGitignore(dir: string): IgnoreLayer | null {
  const file = path.join(dir, '.gitignore');
  try {
    const text = readFileSync(file, 'utf8');
    return { base: dir, rules: ignore().add(text) };
  } catch {
    return null;
  }
}

/** The .gitignore files between the repository root and a folder, so `drydock sub/` honours the root's ignores. */
function ancestorIgnores(dir: string): IgnoreLayer[] {
  if (existsSync(path.join(dir, '.git'))) return [];
  const chain: string[] = [];
  let current = path.dirname(dir);
  for (;;) {
    chain.unshift(current);
    if (existsSync(path.join(current, '.git'))) break;
    const parent = path.dirname(current);
    if (parent === current) return []; // not in a repository: only the walked tree's own ignores apply
    current = parent;
  }
  return chain.flatMap((d) => readGitignore(d) ?? []);
}

export interface WalkedFolder {
  folder: string;
  /** The lintable files directly in the folder, by name. */
  files: Array<{ absolute: string; language: Language }>;
}

/**
 * The lintable files under a folder, found as `discover` finds them (same
 * ignores, skips and symlink handling), one folder per step: every read is
 * asynchronous, so a walk of a large tree never blocks the event loop (the
 * language server answers requests meanwhile). Unreadable folders are skipped.
 */
export async function* walkFolder(root: string): AsyncGenerator<WalkedFolder> {
  const visited = new Set<string>();
  const stack: Array<{ dir: string; layers: IgnoreLayer[] }> = [{ dir: root, layers: ancestorIgnores(root) }];
  while (stack.length > 0) {
    const { dir, layers } = stack.pop()!;
    if (visited.has(dir)) continue;
    visited.add(dir);
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    const own = entries.some((entry) => entry.name === '.gitignore') ? await readGitignoreAsync(dir) : null;
    const active = own ? [...layers, own] : layers;
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const files: WalkedFolder['files'] = [];
    const subfolders: string[] = [];
    for (const entry of entries) {
      if (ALWAYS_SKIPPED.has(entry.name)) continue;
      const absolute = childPath(dir, entry.name);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          isFile = (await stat(absolute)).isFile();
          isDirectory = false;
        } catch {
          continue;
        }
      }
      if (isIgnored(active, absolute, isDirectory)) continue;
      if (isDirectory) subfolders.push(absolute);
      else if (isFile) {
        const language = detectLanguage(entry.name);
        if (language) files.push({ absolute, language });
      }
    }
    // Pushed in reverse so folders are visited in name order, as `discover` does.
    for (let i = subfolders.length - 1; i >= 0; i--) stack.push({ dir: subfolders[i], layers: active });
    yield { folder: dir, files };
  }
}

async function readGitignoreAsync(dir: string): Promise<IgnoreLayer | null> {
  try {
    return { base: dir, rules: ignore().add(await readFile(path.join(dir, '.gitignore'), 'utf8')) };
  } catch {
    return null;
  }
}
