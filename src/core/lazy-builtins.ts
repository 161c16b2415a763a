/**
 * Node built-ins that few runs use, loaded on first use: a static
 * `import … from 'node:crypto'` (or worker_threads, zlib) loads the module
 * and its internals at start-up, a few ms of CPU each, even in the one-file
 * runs of a pre-commit hook that never hash, start a thread or decompress.
 */
import type { Hash } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function createHash(algorithm: string): Hash {
  return (require('node:crypto') as typeof import('node:crypto')).createHash(algorithm);
}

/**
 * SHA-256 of a text, as hex. Node's one-shot `crypto.hash` (20.12 and later)
 * costs half of a Hash object per call, which counts for the fingerprints of
 * every finding in a report; older Node 20 releases get the Hash object.
 */
export function sha256Hex(text: string): string {
  const crypto = require('node:crypto') as typeof import('node:crypto');
  return typeof crypto.hash === 'function' ? crypto.hash('sha256', text, 'hex') : crypto.createHash('sha256').update(text).digest('hex');
}

export function workerThreads(): typeof import('node:worker_threads') {
  return require('node:worker_threads') as typeof import('node:worker_threads');
}

export function zlib(): typeof import('node:zlib') {
  return require('node:zlib') as typeof import('node:zlib');
}
