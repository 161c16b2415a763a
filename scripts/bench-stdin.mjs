#!/usr/bin/env node
/**
 * A live cluster read through standard input (`kubectl get … -o yaml | drydock
 * --stdin-filename cluster.yaml -`), against the same objects as files: every
 * Kubernetes object of ../shared/corpus becomes an item of one `kind: List`
 * (what kubectl prints), and both runs are timed in the same process tree,
 * taking turns. CPU time (user + system, from /proc on Linux) is the figure to
 * compare on a shared machine; wall time is printed beside it.
 * Prints figures; asserts nothing.
 *   npm run build && node scripts/bench-stdin.mjs [--corpus DIR] [--rounds N]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, stringify } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const option = (name, fallback) => {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : fallback;
};
const corpus = path.join(path.resolve(option('--corpus', path.join(root, '..', 'shared', 'corpus'))), 'k8s');
const rounds = Number(option('--rounds', '3'));
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
// kubectl prints every value in full: no anchors and aliases for values that a corpus file shared through an alias.
const asKubectl = { aliasDuplicateObjects: false };
items.forEach((item, i) => writeFileSync(path.join(folder, `${i}.yaml`), stringify(item, asKubectl)));
const list = stringify({ apiVersion: 'v1', kind: 'List', items, metadata: { resourceVersion: '' } }, asKubectl);

/** CPU seconds of the waited-for children of this process (Linux); null elsewhere. */
function childrenCpu() {
  try {
    // Fields after the command name: cutime and cstime are the 14th and 15th, in clock ticks (USER_HZ, 100 on Linux).
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return null;
  }
}

function timed(args, input) {
  const cpuBefore = childrenCpu();
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [cli, '--format', 'json', '--jobs', '1', '--max-file-size', '100', ...args], { input, maxBuffer: 1 << 30, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuAfter = childrenCpu();
  if (run.status !== 0 && run.status !== 1) throw new Error(`drydock exited with ${run.status}: ${run.stderr}${run.stdout.slice(0, 2000)}`);
  const findings = JSON.parse(run.stdout).files.reduce((sum, file) => sum + file.findings.length, 0);
  return { seconds, cpu: cpuBefore === null ? null : cpuAfter - cpuBefore, findings };
}

console.log(`${items.length} objects; List ${(list.length / 1e6).toFixed(1)} MB; load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
const stdinRuns = [];
const fileRuns = [];
// Taking turns, so that a change of load on a shared machine hits both alike.
for (let round = 0; round < rounds; round++) {
  stdinRuns.push(timed(['--stdin-filename', 'cluster.yaml', '-'], list));
  fileRuns.push(timed([folder]));
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const show = (name, runs) => {
  const cpu = runs[0].cpu === null ? '' : `CPU ${median(runs.map((run) => run.cpu)).toFixed(2)} s, `;
  const seconds = median(runs.map((run) => run.seconds));
  console.log(`${name}: ${cpu}wall ${seconds.toFixed(2)} s, ${Math.round(items.length / seconds)} objects/s, ${runs[0].findings} findings`);
};
show('stdin List', stdinRuns);
show('files     ', fileRuns);
const ratio = (key) => median(stdinRuns.map((run) => run[key])) / median(fileRuns.map((run) => run[key]));
console.log(`stdin / files (medians of ${rounds}):${stdinRuns[0].cpu === null ? '' : ` CPU ${ratio('cpu').toFixed(2)},`} wall ${ratio('seconds').toFixed(2)}`);
console.log(`load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
rmSync(folder, { recursive: true, force: true });
