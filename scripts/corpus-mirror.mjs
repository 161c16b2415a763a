// The corpus as a tree of hard links under the files' original base names (the shared corpus flattens
// paths into `repo__dir__Name`), so that the CLI discovers files as in a repository, `scale` copies
// side by side: `$TMPDIR/drydock-bench/x<scale>/copy-<i>/<kind>/<repo>/<index>/<Name>`, one folder per
// file (several files of a repository share a base name, Dockerfile). Kept between runs while the
// corpus listing is the same (the 16× tree has 82k links). Used by scripts/bench.mjs and scripts/scale.mjs.
// Hard links are regular files, as in a checkout: a symbolic link costs the walk a stat per file to
// follow it, which no repository makes it pay. Where the corpus is on another file system, copies.
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const MIRROR_ROOT = path.join(os.tmpdir(), 'drydock-bench');

/** Links the corpus at `source` `scale` times; returns the tree and how many files it holds. */
export function mirrorCorpus(source, scale, log = console.log) {
  const listing = [];
  for (const kind of ['dockerfiles', 'k8s', 'compose']) {
    const kindDir = path.join(source, kind);
    if (!existsSync(kindDir)) continue;
    for (const repo of readdirSync(kindDir).sort()) {
      for (const name of readdirSync(path.join(kindDir, repo)).sort()) listing.push([kind, repo, name]);
    }
  }
  const dir = path.join(MIRROR_ROOT, `x${scale}`);
  const files = listing.length * scale;
  const stampFile = path.join(dir, '.bench-stamp');
  const stamp = JSON.stringify({ source, files: listing.length, scale, links: 'hard' });
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return { dir, files };
  log(`linking the corpus ${scale}× into ${dir}…`);
  rmSync(dir, { recursive: true, force: true });
  for (let copy = 0; copy < scale; copy++) {
    listing.forEach(([kind, repo, name], index) => {
      const folder = path.join(dir, `copy-${copy}`, kind, repo, String(index));
      mkdirSync(folder, { recursive: true });
      linkOrCopy(path.join(source, kind, repo, name), path.join(folder, name.split('__').pop()));
    });
  }
  writeFileSync(stampFile, stamp);
  return { dir, files };
}

function linkOrCopy(from, to) {
  try {
    linkSync(from, to);
  } catch (error) {
    if (error.code !== 'EXDEV' && error.code !== 'EPERM') throw error;
    copyFileSync(from, to);
  }
}
