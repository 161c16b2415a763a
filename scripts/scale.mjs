// Scale, parallelism and cache figures for docs/performance.md ("Parallelism, cache and scale"):
// lints the corpus replicated N× (a tree of links, as scripts/bench.mjs mirrors it) with the
// built CLI, with --jobs 1 and --jobs 2 in the same run, and a second --cache run over the
// unchanged 1× tree; prints wall time, CPU time and peak RSS of each. A benchmark, not a test.
// Usage: node scripts/scale.mjs [--copies 1,16] [--jobs 1,2] [--format json] [--no-cache] [--build DIR] [--prepare] [CORPUS_DIR]
// (--prepare: only link the trees, e.g. `node scripts/scale.mjs --prepare --copies 1,4,16 /work/shared/corpus`)
// (--build: a folder holding another build's dist/, e.g. a private copy while others rebuild dist/)
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mirrorCorpus } from './corpus-mirror.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(name);
  return index >= 0 ? args.splice(index, 2)[1] : fallback;
};
const copiesList = option('--copies', '1,16').split(',').map(Number);
const jobsList = option('--jobs', '1,2').split(',').map(Number);
const format = option('--format', 'json');
const noCache = args.includes('--no-cache');
if (noCache) args.splice(args.indexOf('--no-cache'), 1);
const bin = path.join(path.resolve(option('--build', root)), 'dist', 'cli', 'main.js');
const prepareOnly = args.includes('--prepare');
if (prepareOnly) args.splice(args.indexOf('--prepare'), 1);
const source = path.resolve(args[0] ?? path.join(root, '..', 'shared', 'corpus'));
const timeBin = '/usr/bin/time';
if (!existsSync(source)) throw new Error(`no corpus at ${source}`);
if (!prepareOnly && !existsSync(bin)) throw new Error('dist/ is missing: run npm run build');


/** Runs the CLI once: wall and CPU seconds, peak RSS in MB (GNU time when present, else wall only). */
function measure(cwd, cliArgs) {
  const withTime = existsSync(timeBin);
  const command = withTime ? [timeBin, ['-f', '%e %U %S %M', process.execPath, bin, ...cliArgs]] : [process.execPath, [bin, ...cliArgs]];
  const start = process.hrtime.bigint();
  const run = spawnSync(command[0], command[1], { cwd, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 30 });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  if (run.status !== 0 && run.status !== 1) throw new Error(`drydock ${cliArgs.join(' ')} exited ${run.status}: ${run.stderr.slice(-2000)}`);
  if (!withTime) return { wall, cpu: null, rssMB: null };
  const [elapsed, user, sys, rssKB] = run.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { wall: elapsed, cpu: user + sys, rssMB: Math.round(rssKB / 1024) };
}

const load = () => os.loadavg().map((n) => n.toFixed(1)).join(' ');
const fmt = (m) => `${m.wall.toFixed(2)} s wall, ${m.cpu === null ? '?' : m.cpu.toFixed(1)} s CPU, ${m.rssMB ?? '?'} MB peak RSS`;
console.log(`node ${process.version}, ${os.availableParallelism()} cores, format ${format}, load average ${load()}`);

if (prepareOnly) {
  for (const copies of copiesList) console.log(`${copies}×: ${mirrorCorpus(source, copies).dir}`);
  process.exit(0);
}

const results = {};
for (const copies of copiesList) {
  const { dir, files } = mirrorCorpus(source, copies);
  for (const jobs of jobsList) {
    const m = measure(dir, ['--no-config', '-f', format, '--jobs', String(jobs), '.']);
    results[`${copies}x/j${jobs}`] = m;
    console.log(`${copies}× (${files} files), --jobs ${jobs}: ${fmt(m)}  [load ${load()}]`);
  }
  if (jobsList.length > 1) {
    const [a, b] = jobsList;
    console.log(`  speed-up --jobs ${b} over --jobs ${a}: ${(results[`${copies}x/j${a}`].wall / results[`${copies}x/j${b}`].wall).toFixed(2)}×`);
  }
  if (copies === copiesList[0] && !noCache) {
    const cacheFile = path.join(os.tmpdir(), `drydock-scale-cache-${process.pid}`);
    rmSync(cacheFile, { force: true });
    const cold = measure(dir, ['--no-config', '-f', format, '--cache', '--cache-location', cacheFile, '.']);
    const warm = measure(dir, ['--no-config', '-f', format, '--cache', '--cache-location', cacheFile, '.']);
    const quiet = measure(dir, ['--no-config', '-f', format, '--quiet', '--cache', '--cache-location', cacheFile, '.']);
    console.log(`${copies}× --cache: first run ${fmt(cold)}; second run ${fmt(warm)}; second run with --quiet ${fmt(quiet)}`);
    rmSync(cacheFile, { force: true });
  }
}
for (const jobs of jobsList) {
  const base = results[`${copiesList[0]}x/j${jobs}`];
  for (const copies of copiesList.slice(1)) {
    const m = results[`${copies}x/j${jobs}`];
    console.log(`--jobs ${jobs}: ${copies}× / ${copiesList[0]}× time ratio ${(m.wall / base.wall).toFixed(2)} (CPU ${m.cpu && base.cpu ? (m.cpu / base.cpu).toFixed(2) : '?'})`);
  }
}
