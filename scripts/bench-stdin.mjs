#!/usr/bin/env node
/**
 * A live cluster read through standard input (`kubectl get … -o yaml | drydock
 * --stdin-filename cluster.yaml -`), against the same objects as files: every
 * Kubernetes object of ../shared/corpus becomes an item of one `kind: List`
 * (what kubectl prints), and both runs are timed in the same process tree.
 * Prints figures; asserts nothing.   npm run build && node scripts/bench-stdin.mjs
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, stringify } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpus = path.resolve(root, '..', 'shared', 'corpus', 'k8s');
const cli = path.join(root, 'dist', 'cli', 'main.js');

const items = [];
const folder = mkdtempSync(path.join(os.tmpdir(), 'drydock-stdin-'));
for (const repo of readdirSync(corpus)) {
  for (const name of readdirSync(path.join(corpus, repo))) {
    if (!/\.ya?ml$/i.test(name)) continue;
    for (const document of parseAllDocuments(readFileSync(path.join(corpus, repo, name), 'utf8'))) {
      if (document.errors.length > 0) continue;
      const value = document.toJS({ maxAliasCount: 100 });
      if (!value || typeof value !== 'object' || typeof value.kind !== 'string' || typeof value.apiVersion !== 'string' || value.kind === 'List') continue;
      items.push(value);
    }
  }
}
// The same objects as one file each, as a repository would hold them.
items.forEach((item, i) => writeFileSync(path.join(folder, `${i}.yaml`), stringify(item)));
const list = stringify({ apiVersion: 'v1', kind: 'List', items, metadata: { resourceVersion: '' } });

function timed(args, input) {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [cli, '--format', 'json', '--jobs', '1', '--max-file-size', '100', ...args], { input, maxBuffer: 1 << 30, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0 && run.status !== 1) throw new Error(`drydock exited with ${run.status}: ${run.stderr}${run.stdout.slice(0, 2000)}`);
  const findings = JSON.parse(run.stdout).files.reduce((sum, file) => sum + file.findings.length, 0);
  return { seconds, findings };
}

console.log(`${items.length} objects; List ${(list.length / 1e6).toFixed(1)} MB; load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
const best = (run) => [run(), run(), run()].sort((a, b) => a.seconds - b.seconds)[0];
const stdin = best(() => timed(['--stdin-filename', 'cluster.yaml', '-'], list));
const files = best(() => timed([folder]));
console.log(`stdin List : ${stdin.seconds.toFixed(2)} s, ${Math.round(items.length / stdin.seconds)} objects/s, ${stdin.findings} findings`);
console.log(`files      : ${files.seconds.toFixed(2)} s, ${Math.round(items.length / files.seconds)} objects/s, ${files.findings} findings`);
console.log(`stdin / files time: ${(stdin.seconds / files.seconds).toFixed(2)}`);
rmSync(folder, { recursive: true, force: true });
