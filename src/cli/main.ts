#!/usr/bin/env node
/**
 * The `drydock` command (package.json `bin`): sets V8 flags, then runs the
 * bundled CLI (dist/bundle/drydock.cjs, made by scripts/build-cli.mjs) with a
 * V8 code cache. In a source checkout, tsc's unbundled modules (./start.js)
 * run instead when they are newer than the bundle, so that `tsc` alone never
 * leaves a stale command; an installed package (no src/) always runs the bundle.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { setDrydockV8Flags } from './v8-flags.js';

setDrydockV8Flags();

/** The first line of the bundle, then the digest of its content (scripts/build-cli.mjs). */
const DIGEST_PREFIX = '// drydock-bundle-digest: ';
/**
 * Runs that rewrite the cache after it was first written, each adding what it
 * compiled (a `--version`, then a Dockerfile, then a manifest): after that,
 * runs only read it (serializing costs a few ms).
 */
const CACHE_REFINEMENTS = 3;

const bundle = new URL('../bundle/drydock.cjs', import.meta.url);
const unbundled = new URL('./start.js', import.meta.url);

function modifiedMs(url: URL): number {
  return statSync(url, { throwIfNoEntry: false })?.mtimeMs ?? -1;
}

const bundleMs = modifiedMs(bundle);
const sourceCheckout = modifiedMs(new URL('../../src/cli/start.ts', import.meta.url)) >= 0;
const useBundle = bundleMs >= 0 && (!sourceCheckout || bundleMs >= modifiedMs(unbundled));
if (useBundle) runBundle(fileURLToPath(bundle));
else await import(unbundled.href);

/**
 * Compiles and runs the bundle (CommonJS) with node:vm so that V8 can take the
 * compiled code from a cache instead of parsing and compiling ~2 MB of
 * JavaScript in every run (about a third of a one-file run's CPU time; Node
 * 20 has no code cache for ES modules). The cache is only ever a speed-up:
 * any failure to read or write it is ignored, and V8 rejects data that does
 * not match its version and flags (then the run compiles as usual and writes
 * the cache anew).
 */
function runBundle(file: string): void {
  const source = readFileSync(file, 'utf8');
  const cacheFile = codeCacheFile(source);
  let cachedData: Buffer | undefined;
  let refinements = 0;
  if (cacheFile) {
    try {
      const bytes = readFileSync(cacheFile);
      refinements = bytes[0];
      cachedData = bytes.subarray(1);
    } catch {
      cachedData = undefined;
    }
  }
  const wrapper = `(function (exports, require, module, __filename, __dirname, __drydockBundleUrl) {${source}\n})`;
  const script = new Script(wrapper, { filename: file, cachedData });
  const accepted = cachedData !== undefined && !script.cachedDataRejected;
  if (cacheFile && (!accepted || refinements < CACHE_REFINEMENTS)) {
    // At exit the cache also holds the functions this run compiled lazily.
    process.once('exit', () => writeCodeCache(script, cacheFile, accepted ? refinements + 1 : 0));
  }
  const module = { exports: {} };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run(module.exports, createRequire(file), module, file, path.dirname(file), bundle.href);
}

/**
 * Where the code cache of this bundle lives: the user's cache folder (never a
 * shared one such as /tmp: the cache is code V8 runs), keyed on the bundle's
 * digest (drydock's code and version), Node's version and architecture and the
 * V8 flags given to Node. Null when there is no digest, no home folder, or
 * DRYDOCK_CODE_CACHE=off.
 */
function codeCacheFile(source: string): string | null {
  if (process.env.DRYDOCK_CODE_CACHE === 'off' || !source.startsWith(DIGEST_PREFIX)) return null;
  const digest = source.slice(DIGEST_PREFIX.length, source.indexOf('\n'));
  if (!/^[0-9a-f]+$/.test(digest)) return null;
  let base = process.env.XDG_CACHE_HOME || (process.platform === 'win32' ? process.env.LOCALAPPDATA : undefined);
  if (!base) {
    try {
      base = path.join(homedir(), '.cache');
    } catch {
      return null;
    }
  }
  const flags = hashText(`${process.execArgv.join(' ')}\0${process.env.NODE_OPTIONS ?? ''}`);
  return path.join(base, 'drydock', 'code-cache', `${digest}-node${process.version}-${process.arch}-${flags}.bin`);
}

/** Writes the cache atomically (a temporary file renamed into place); never fails the run. */
function writeCodeCache(script: Script, cacheFile: string, refinements: number): void {
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  try {
    const data = script.createCachedData();
    mkdirSync(path.dirname(cacheFile), { recursive: true, mode: 0o700 });
    writeFileSync(temporary, Buffer.concat([Buffer.from([Math.min(refinements, 255)]), data]), { mode: 0o600 });
    renameSync(temporary, cacheFile);
  } catch {
    try {
      unlinkSync(temporary);
    } catch {
      // nothing was written
    }
    return;
  }
  if (refinements === 0) pruneCodeCaches(path.dirname(cacheFile));
}

/**
 * Caches kept, the one just written included: each drydock release (and, in a checkout, each
 * build) and each Node version writes its own file of about 2 MB, which no later run reads again.
 */
const KEPT_CODE_CACHES = 8;

/** Deletes all but the most recently written caches; when a new one is written (a few runs per release), never failing the run. */
function pruneCodeCaches(folder: string): void {
  try {
    const caches = readdirSync(folder)
      .filter((name) => name.endsWith('.bin'))
      .map((name) => ({ file: path.join(folder, name), written: statSync(path.join(folder, name)).mtimeMs }))
      .sort((a, b) => b.written - a.written);
    for (const { file } of caches.slice(KEPT_CODE_CACHES)) unlinkSync(file);
  } catch {
    // another process pruned or wrote at the same time: the next new cache prunes again
  }
}

/** FNV-1a, as hex: enough to tell flag sets apart in a file name. */
function hashText(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
}
