// Benchmark of one-file start-up, as a pre-commit hook runs drydock: wall time (and CPU time when
// /usr/bin/time exists) of `drydock --version`, one Dockerfile and one manifest, next to bare
// `node -e 0` (the floor) in the same run. The cases take turns so that a change of load hits
// them alike. A benchmark, not a test: figures vary with the machine's load (quoted with them).
//
// Usage: node scripts/bench-startup.mjs [--runs 20] [--bin PATH]... [--json FILE] [--no-code-cache]
//   --bin            the command's entry to run with Node (default: package.json `bin.drydock`); repeat
//                    it to compare builds in the same run
//   --no-code-cache  run drydock with DRYDOCK_CODE_CACHE=off (the launcher's V8 code cache, which the
//                    warm-up round otherwise fills, is not read or written: a first run's figures)
// The benchmark harness imports `measureStartup` instead.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TIME = '/usr/bin/time';

/** The cases: the floor, then per entry `--version`, one Dockerfile and one manifest (labelled by entry when there are several). */
function cases(bins) {
  const list = [{ name: 'node -e 0', argv: ['-e', '0'] }];
  for (const bin of bins) {
    const label = bins.length > 1 ? ` (${path.relative(process.cwd(), bin) || bin})` : '';
    list.push(
      { name: `drydock --version${label}`, argv: [bin, '--version'] },
      { name: `drydock Dockerfile${label}`, argv: [bin, '--no-config', path.join(root, 'examples/api/Dockerfile')] },
      { name: `drydock deployment.yaml${label}`, argv: [bin, '--no-config', path.join(root, 'examples/k8s/deployment.yaml')] },
    );
  }
  return list;
}

/** One run: wall milliseconds measured here, CPU seconds (user + sys) from /usr/bin/time when present. */
function runOnce(argv, cwd, timeFile, env) {
  const useTime = timeFile !== null;
  const command = useTime ? TIME : process.execPath;
  const commandArgs = useTime ? ['-f', '%U %S', '-o', timeFile, process.execPath, ...argv] : argv;
  const start = process.hrtime.bigint();
  const result = spawnSync(command, commandArgs, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.error) throw result.error;
  // Findings exit 1; 2 would be a usage or internal error, which would make the figure meaningless.
  if (result.status === 2 || result.status === null) throw new Error(`${argv.join(' ')} failed: ${result.stderr}`);
  let cpuMs = null;
  if (useTime) {
    const [user, sys] = readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
    cpuMs = (user + sys) * 1000;
  }
  return { wallMs, cpuMs };
}

function quantile(sorted, q) {
  if (sorted.length === 0) return null;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index];
}

function summarize(values) {
  const sorted = values.filter((v) => v !== null).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const round = (v) => Math.round(v);
  return { median: round(quantile(sorted, 0.5)), p90: round(quantile(sorted, 0.9)), min: round(sorted[0]) };
}

/**
 * Runs every case `runs` times, taking turns, and returns medians, p90 and minima in
 * milliseconds, with the load average before and after. `bins`: the entries to compare
 * in the same run; `bin`: just one (default: the package's `bin`).
 */
export function measureStartup({ bin, bins = [bin ?? defaultBin()], runs = 20, cwd = os.tmpdir(), codeCache = true } = {}) {
  const env = codeCache ? {} : { DRYDOCK_CODE_CACHE: 'off' };
  const timeDir = existsSync(TIME) ? mkdtempSync(path.join(os.tmpdir(), 'drydock-bench-startup-')) : null;
  const timeFile = timeDir ? path.join(timeDir, 'time') : null;
  const list = cases(bins);
  const samples = list.map(() => ({ wall: [], cpu: [] }));
  const loadBefore = os.loadavg();
  try {
    // One warm-up round fills the page cache; it is not counted.
    for (const c of list) runOnce(c.argv, cwd, timeFile, env);
    for (let i = 0; i < runs; i++) {
      list.forEach((c, index) => {
        const { wallMs, cpuMs } = runOnce(c.argv, cwd, timeFile, env);
        samples[index].wall.push(wallMs);
        samples[index].cpu.push(cpuMs);
      });
    }
  } finally {
    if (timeDir) rmSync(timeDir, { recursive: true, force: true });
  }
  const floor = summarize(samples[0].wall);
  return {
    date: new Date().toISOString(),
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
    bins: bins.map((bin) => path.relative(root, bin) || bin),
    runs,
    codeCache,
    loadAverage: { before: loadBefore.map((v) => +v.toFixed(2)), after: os.loadavg().map((v) => +v.toFixed(2)) },
    cases: list.map((c, index) => {
      const wall = summarize(samples[index].wall);
      return { name: c.name, wallMs: wall, cpuMs: summarize(samples[index].cpu), medianOverFloor: +(wall.median / floor.median).toFixed(2) };
    }),
  };
}

function defaultBin() {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin.drydock;
  return path.join(root, bin);
}

function printTable(record) {
  const cell = (s) => (s ? `${s.median} / ${s.p90} / ${s.min}` : '—');
  const lines = [
    `${record.machine}; ${record.runs} runs each${record.codeCache ? '' : ', no code cache'}; load average ${record.loadAverage.before.join(', ')} → ${record.loadAverage.after.join(', ')}`,
    `entries: ${record.bins.join(', ')}`,
    '',
    '| command | wall ms, median / p90 / min | CPU ms, median / p90 / min | median ÷ node -e 0 |',
    '| --- | --- | --- | --- |',
    ...record.cases.map((c) => `| \`${c.name}\` | ${cell(c.wallMs)} | ${cell(c.cpuMs)} | ${c.medianOverFloor.toFixed(2)} |`),
  ];
  console.log(lines.join('\n'));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const option = (name) => {
    const index = args.indexOf(name);
    return index >= 0 ? args[index + 1] : undefined;
  };
  const runs = Number(option('--runs') ?? 20);
  if (!Number.isInteger(runs) || runs < 1) {
    console.error('bench-startup: --runs takes a whole number of at least 1');
    process.exit(2);
  }
  const bins = args.flatMap((arg, index) => (arg === '--bin' && args[index + 1] ? [path.resolve(args[index + 1])] : []));
  if (bins.length === 0) bins.push(defaultBin());
  for (const bin of bins) {
    if (!existsSync(bin)) {
      console.error(`bench-startup: ${path.relative(process.cwd(), bin)} does not exist (run \`npm run build\` first)`);
      process.exit(2);
    }
    // In a source checkout the launcher runs tsc's modules when they are newer than the bundle (src/cli/main.ts).
    const bundle = ['drydock.cjs', 'drydock.js'].map((name) => path.join(path.dirname(bin), '..', 'bundle', name)).find(existsSync);
    const unbundled = path.join(path.dirname(bin), 'start.js');
    const source = path.join(path.dirname(bin), '..', '..', 'src', 'cli', 'start.ts');
    if (existsSync(source) && existsSync(unbundled) && (!existsSync(bundle) || statSync(bundle).mtimeMs < statSync(unbundled).mtimeMs)) {
      console.error(`bench-startup: warning: ${path.relative(process.cwd(), bin)} will run tsc's unbundled modules, newer than the bundle (run \`npm run build\`)`);
    }
  }
  const record = measureStartup({ bins, runs, codeCache: !args.includes('--no-code-cache') });
  printTable(record);
  const jsonFile = option('--json');
  if (jsonFile) writeFileSync(jsonFile, `${JSON.stringify(record, null, 2)}\n`);
}
