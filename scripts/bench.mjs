// `npm run bench`: the performance figures of issue #9 in one run, as ratios that mean
// something on a noisy shared machine. A benchmark, not a test: nothing is asserted.
//   - per phase (discovery, read, parse, shell analysis, rules, schema validation, report),
//     in process, on ../shared/corpus and on the corpus replicated 4× and 16× (scripts/bench-phases.mjs);
//   - the CLI's wall time and peak RSS per scale; --jobs and --cache when the CLI has them;
//   - dockerfile-utils, dockerfilelint, dockerfile_lint and the raw YAML parse side by side;
//   - one-file start-up (scripts/bench-startup.mjs when present) and LSP edit latency (scripts/bench-lsp.mjs).
// Writes bench/results/<date>-<host>.json and the generated section of docs/performance.md.
// Usage: npm run bench [-- --quick] [--scales 1,4,16] [--corpus DIR] [--no-write]   (run `npm run build` first)
//        npm run bench -- --from-record bench/results/FILE.json   (regenerates docs/performance.md's section)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MIRROR_ROOT, mirrorCorpus } from './corpus-mirror.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const args = process.argv.slice(2);
const valueOf = (name) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const quick = args.includes('--quick');
const write = !quick && !args.includes('--no-write');
const source = path.resolve(valueOf('--corpus') ?? path.join(root, '..', 'shared', 'corpus'));
const scales = (valueOf('--scales') ?? (quick ? '1' : '1,4,16')).split(',').map(Number);
if (scales[0] !== 1 || scales.some((n, i) => !Number.isInteger(n) || (i > 0 && n <= scales[i - 1]))) fail('--scales takes increasing whole numbers from 1, e.g. 1,4,16');
const rounds = quick ? 1 : 3;
const startupRuns = quick ? 5 : 15;
const languageRuns = quick ? 1 : 7;
const lspEdits = quick ? 50 : 200;
const bin = path.join(root, 'dist', 'cli', 'main.js');
const work = MIRROR_ROOT;
// Reports the child's own peak RSS on exit, so the CLI is measured without a wrapper process.
const RSS_HOOK = `data:text/javascript,${encodeURIComponent(
  'import { writeSync } from "node:fs"; process.on("exit", () => writeSync(2, `\\nbench-peak-rss-kb ${process.resourceUsage().maxRSS}\\n`));',
)}`;

// Regenerates the section of docs/performance.md from a saved record (after a change to the tables).
const fromRecord = valueOf('--from-record');
if (fromRecord) {
  const saved = JSON.parse(readFileSync(fromRecord, 'utf8'));
  saved.file = path.relative(root, path.resolve(fromRecord));
  saved.targets = targets(saved);
  console.log(render(saved, 'terminal'));
  updateDocs(saved);
  console.log(`\nregenerated the section of docs/performance.md from ${saved.file}`);
  process.exit(0);
}

if (!existsSync(source)) fail(`no corpus at ${source} (give one with --corpus DIR)`);
if (!existsSync(bin)) fail('dist/ is missing: run `npm run build` first');
const stale = newestSource(path.join(root, 'src')) > statSync(bin).mtimeMs;
if (stale) console.warn('bench: warning: src/ has changes newer than dist/; run `npm run build` to measure them');

const loadBefore = os.loadavg();
const startedAt = new Date();
const began = performance.now();
const record = {
  date: startedAt.toISOString(),
  quick,
  machine: machine(),
  loadAverageBefore: loadBefore.map((n) => +n.toFixed(2)),
  corpus: source,
  scales: [],
  cli: {},
};

// --- the corpus and its replicas ---------------------------------------------------------
const mirrors = new Map(scales.map((scale) => [scale, mirrorCorpus(source, scale, log).dir]));

// --- per phase, in process: one fresh process per scale ------------------------------------
for (const scale of scales) {
  log(`phases at ${scale}×…`);
  warmFileCache(mirrors.get(scale));
  const phases = runJson(process.execPath, [path.join(here, 'bench-phases.mjs'), mirrors.get(scale), ...(scale === 1 ? ['--peers', '--repeat', String(rounds)] : [])]);
  record.scales.push({ scale, ...phases });
}
const base = record.scales[0];
record.peers = base.peers;
delete base.peers;

// --- the CLI, wall and peak RSS --------------------------------------------------------------
const help = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' }).stdout ?? '';
const hasJobs = /--jobs\b/.test(help);
const hasCache = /--cache\b/.test(help);
const cores = os.availableParallelism?.() ?? os.cpus().length;
const largest = scales.at(-1);
record.cli.command = 'drydock --no-config --format json . (output to /dev/null)';
record.cli.scales = [];
// The smallest and largest scales: the growth ratio, and peak RSS where it matters (the in-process runs have every scale).
for (const scale of new Set([1, largest])) {
  log(`CLI at ${scale}×…`);
  // With worker threads, as many as cores at every scale, so the growth ratio compares like with like.
  const run = cli(['--no-config', '--format', 'json', ...(hasJobs ? ['--jobs', String(cores)] : []), '.'], mirrors.get(scale));
  const phases = record.scales.find((s) => s.scale === scale);
  record.cli.scales.push({
    scale,
    ...run,
    filesPerSecond: Math.round(phases.files / (run.ms / 1000)),
    documentsPerSecond: Math.round(phases.yamlDocuments / (run.ms / 1000)),
  });
}
const cliAt = (scale) => record.cli.scales.find((s) => s.scale === scale);
if (largest > 1) {
  record.growth = {
    cliWall: +(cliAt(largest).ms / cliAt(1).ms).toFixed(2),
    inProcessPipeline: +(record.scales.at(-1).pipelineMs / base.pipelineMs).toFixed(2),
    scale: largest,
  };
}
if (hasJobs) {
  log(`CLI at ${largest}×, --jobs 1…`);
  const one = cli(['--no-config', '--format', 'json', '--jobs', '1', '.'], mirrors.get(largest));
  const many = cliAt(largest);
  record.cli.jobs = one.signal
    ? { scale: largest, cores, notMeasured: `the --jobs 1 run was stopped (${one.signal})` }
    : { scale: largest, cores, jobs1: one, jobsN: many, speedUp: +(one.ms / many.ms).toFixed(2) };
}
// Issue #3 asks for the corpus's Dockerfiles alone and #4 for its Kubernetes documents: each language's folder of the 1×
// mirror on its own, default --jobs, interleaved and repeated (medians), since one run moves with the machine's load.
record.cli.languages = {};
{
  // A corpus given with --corpus may lack one of them.
  const kinds = Object.fromEntries(Object.entries({ dockerfiles: 'dockerfiles', kubernetes: 'k8s' }).filter(([, folder]) => existsSync(path.join(mirrors.get(1), 'copy-0', folder))));
  const runsOf = Object.fromEntries(Object.keys(kinds).map((name) => [name, []]));
  for (let round = 0; round < languageRuns; round++) {
    for (const [name, folder] of Object.entries(kinds)) {
      if (round === 0) log(`CLI at 1×, ${name} only…`);
      runsOf[name].push(cli(['--no-config', '--format', 'json', '.'], path.join(mirrors.get(1), 'copy-0', folder)));
    }
  }
  for (const [name, runs] of Object.entries(runsOf)) {
    const walls = runs.map((run) => run.ms).sort((a, b) => a - b);
    record.cli.languages[name] = { runs: walls.length, medianMs: walls[Math.floor(walls.length / 2)], minMs: walls[0], maxMs: walls.at(-1) };
  }
  const { dockerfiles, kubernetes } = record.cli.languages;
  if (dockerfiles) dockerfiles.files = base.dockerfiles;
  if (kubernetes) {
    kubernetes.objects = base.k8sObjects;
    kubernetes.objectsPerSecond = Math.round(base.k8sObjects / (kubernetes.medianMs / 1000));
  }
}
if (hasCache) {
  log('CLI at 1× with --cache, cold then warm…');
  const location = path.join(work, 'cache');
  rmSync(location, { recursive: true, force: true });
  const cacheArgs = ['--no-config', '--format', 'json', '--cache', '--cache-location', location, '.'];
  const cold = cli(cacheArgs, mirrors.get(1));
  const warm = cli(cacheArgs, mirrors.get(1));
  record.cli.cache = cold.signal || warm.signal ? { scale: 1, notMeasured: 'a run was stopped' } : { scale: 1, cold, warm };
}

// --- start-up and the language server -------------------------------------------------------
log('start-up…');
record.startup = await startup();
log('LSP edit latency…');
record.lsp = runJson(process.execPath, [path.join(here, 'bench-lsp.mjs'), String(lspEdits), '--json']);

record.loadAverageAfter = os.loadavg().map((n) => +n.toFixed(2));
record.benchSeconds = +((performance.now() - began) / 1000).toFixed(0);
record.targets = targets(record);

console.log(render(record, 'terminal'));
if (write) {
  const stamp = startedAt.toISOString().slice(0, 16).replace(':', '');
  const jsonPath = path.join(root, 'bench', 'results', `${stamp}-${os.hostname()}.json`);
  mkdirSync(path.dirname(jsonPath), { recursive: true });
  writeFileSync(jsonPath, JSON.stringify(record, null, 2) + '\n');
  record.file = path.relative(root, jsonPath);
  updateDocs(record);
  console.log(`\nwrote ${record.file} and the generated section of docs/performance.md`);
} else {
  console.log(`\n(${quick ? '--quick: ' : ''}nothing written; a full run writes bench/results/ and docs/performance.md)`);
}

// ------------------------------------------------------------------------------------------------

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(2);
}

function log(message) {
  process.stderr.write(`bench: ${message}\n`);
}

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(file) : statSync(file).mtimeMs);
  }
  return newest;
}

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    ramGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    host: os.hostname(),
  };
}


/** Runs a script that prints one JSON record as its last line of output. */
function runJson(command, argv) {
  const run = spawnSync(command, argv, { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'inherit'] });
  const last = run.stdout?.trim().split('\n').at(-1);
  if (run.status !== 0 || !last?.startsWith('{')) fail(`${path.basename(argv[0])} failed (exit ${run.status ?? run.signal})`);
  return JSON.parse(last);
}

/**
 * Reads every file under `dir` once, untimed. This VM's kernel drops file-system caches
 * within minutes (DAMON reclaim): a run right after another scale's found its folders and
 * files cold and spent up to a third of its time in readdir and read. A tree being linted
 * (a checkout, a pre-commit hook's files) is normally in the cache; so are the timed runs.
 */
function warmFileCache(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const absolute = path.join(dir, entry.name);
    if (entry.isDirectory()) warmFileCache(absolute);
    else if (entry.isFile()) readFileSync(absolute);
  }
}

/** One CLI run: wall time, exit code and peak RSS (the report goes to /dev/null); the tree's files are read once before. */
function cli(argv, cwd) {
  warmFileCache(cwd);
  const begin = performance.now();
  const run = spawnSync(process.execPath, ['--import', RSS_HOOK, bin, ...argv], { cwd, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 28 });
  const ms = performance.now() - begin;
  const rss = /bench-peak-rss-kb (\d+)/.exec(run.stderr ?? '');
  if (run.status === 2 || !rss) {
    const detail = (run.stderr ?? '').replace(/\nbench-peak-rss-kb \d+\n/, '').trim().split('\n').slice(0, 3).join(' | ');
    log(`warning: drydock ${argv.join(' ')} exited ${run.status ?? run.signal}${detail ? `: ${detail}` : ''}`);
  }
  return { ms: +ms.toFixed(0), exitCode: run.status, ...(run.signal ? { signal: run.signal } : {}), peakRssMB: rss ? Math.round(Number(rss[1]) / 1024) : null };
}

/** One-file start-up: scripts/bench-startup.mjs's `measureStartup` when it exists, else measured here. */
async function startup() {
  const script = path.join(here, 'bench-startup.mjs');
  if (existsSync(script)) {
    try {
      const { measureStartup } = await import(pathToFileURL(script).href);
      const measured = measureStartup({ bin, runs: startupRuns });
      const commands = {};
      for (const c of measured.cases) {
        commands[c.name] = { medianMs: c.wallMs.median, minMs: c.wallMs.min, p90Ms: c.wallMs.p90, cpuMedianMs: c.cpuMs?.median ?? null, medianOverFloor: c.medianOverFloor };
      }
      return { by: 'scripts/bench-startup.mjs', runs: measured.runs, loadAverage: measured.loadAverage, commands };
    } catch (error) {
      log(`warning: scripts/bench-startup.mjs failed (${error instanceof Error ? error.message.split('\n')[0] : error}); measuring start-up here`);
    }
  }
  const dir = path.join(work, 'startup');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'Dockerfile'),
    'FROM debian:12\nRUN apt-get update && apt-get install -y curl\nCOPY . /app\nWORKDIR /app\nUSER 1000\nCMD ["/app/run"]\n',
  );
  writeFileSync(
    path.join(dir, 'deployment.yaml'),
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n          ports: [{containerPort: 8080}]\n',
  );
  const commands = {
    'node -e 0': ['-e', '0'],
    'drydock --version': [bin, '--version'],
    'drydock Dockerfile': [bin, '--no-config', 'Dockerfile'],
    'drydock deployment.yaml': [bin, '--no-config', 'deployment.yaml'],
  };
  const times = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
  // In turn, so a burst of load from other jobs spreads over every command alike.
  for (let run = 0; run < startupRuns; run++) {
    for (const [name, argv] of Object.entries(commands)) {
      const begin = performance.now();
      spawnSync(process.execPath, argv, { cwd: dir, stdio: 'ignore' });
      times[name].push(performance.now() - begin);
    }
  }
  const commandsOut = {};
  for (const [name, list] of Object.entries(times)) {
    list.sort((a, b) => a - b);
    commandsOut[name] = { medianMs: +list[Math.floor(list.length / 2)].toFixed(0), minMs: +list[0].toFixed(0) };
  }
  return { by: 'scripts/bench.mjs', runs: startupRuns, commands: commandsOut };
}

function targets(r) {
  const list = [];
  const largest = r.scales.at(-1).scale;
  const cliAt = (scale) => r.cli.scales.find((s) => s.scale === scale);
  const add = (what, goal, measured, met) => list.push({ what, goal, measured, met });
  const cli1 = cliAt(1);
  add('whole corpus, CLI wall', '< 2 s', `${(cli1.ms / 1000).toFixed(2)} s`, cli1.ms < 2000);
  const languages = r.cli.languages;
  const d = languages?.dockerfiles;
  if (d) add(`the corpus's ${d.files.toLocaleString('en')} Dockerfiles, CLI wall (median of ${d.runs}; #3)`, '< 2 s', `${(d.medianMs / 1000).toFixed(2)} s`, d.medianMs < 2000);
  const k = languages?.kubernetes;
  if (k) add(`Kubernetes objects/s, CLI over the corpus's manifests (median of ${k.runs}; #4)`, '≥ 7,500', k.objectsPerSecond.toLocaleString('en'), k.objectsPerSecond >= 7500);
  const startupDockerfile = r.startup.commands['drydock Dockerfile'];
  if (startupDockerfile) add('one Dockerfile, wall incl. Node start-up (median)', '< 200 ms', `${startupDockerfile.medianMs} ms`, startupDockerfile.medianMs < 200);
  const peers = r.peers;
  if (peers) {
    // Each only when the corpus has that language (a --corpus may not).
    if (peers.ratios.dockerfileUtilsOverDrydock) {
      add("per Dockerfile vs dockerfile-utils' validate", '≥ 2× faster', `${peers.ratios.dockerfileUtilsOverDrydock}×`, peers.ratios.dockerfileUtilsOverDrydock >= 2);
    }
    if (peers.documentsPerSecond) {
      add('Kubernetes documents/s, schema on (in process)', '≥ 7,500', `${peers.documentsPerSecond.toLocaleString('en')}`, peers.documentsPerSecond >= 7500);
    }
    if (peers.ratios.drydockK8sOverYamlParse) {
      add("Kubernetes lint / yaml's parseAllDocuments", '≤ 3×', `${peers.ratios.drydockK8sOverYamlParse}×`, peers.ratios.drydockK8sOverYamlParse <= 3);
    }
    if (peers.ratios.drydockK8sOverJsYamlLoadAll) {
      add("Kubernetes lint / js-yaml's loadAll", '≤ 4×', `${peers.ratios.drydockK8sOverJsYamlLoadAll}×`, peers.ratios.drydockK8sOverJsYamlLoadAll <= 4);
    }
  }
  if (r.growth) {
    add(`growth ${r.growth.scale}× / 1×, CLI wall`, `≤ ${r.growth.scale + 1}`, `${r.growth.cliWall}`, r.growth.cliWall <= r.growth.scale + 1);
    const peak = cliAt(largest).peakRssMB;
    add(`peak RSS at ${largest}×, CLI`, '< 1 GB', `${peak} MB`, peak !== null && peak < 1024);
  }
  if (r.cli.jobs?.speedUp) add(`--jobs ${r.cli.jobs.cores} speed-up at ${r.cli.jobs.scale}×`, '≥ 1.6×', `${r.cli.jobs.speedUp}×`, r.cli.jobs.speedUp >= 1.6);
  if (r.cli.cache?.warm) add('second run with --cache, unchanged corpus', '< 0.5 s', `${(r.cli.cache.warm.ms / 1000).toFixed(2)} s`, r.cli.cache.warm.ms < 500);
  for (const [name, figures] of Object.entries(r.lsp.documents ?? {})) {
    add(`LSP didChange → diagnostics p95, ${name}`, '< 30 ms', `${figures.p95} ms`, figures.p95 < 30);
  }
  return list;
}

/** The figures as Markdown tables (the terminal gets the same text). */
function render(r, target) {
  const out = [];
  const base = r.scales[0];
  const largest = r.scales.at(-1).scale;
  const num = (n) => (n === null || n === undefined ? '–' : typeof n === 'number' ? n.toLocaleString('en') : n);
  const table = (head, rows) => {
    out.push(`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`);
    for (const row of rows) out.push(`| ${row.map(num).join(' | ')} |`);
    out.push('');
  };
  const m = r.machine;
  out.push(`Run of ${r.date.slice(0, 16).replace('T', ' ')} UTC${r.quick ? ' (--quick)' : ''}, ${r.benchSeconds} s in all.`);
  out.push(`Machine: ${m.cores} × ${m.cpu}, ${m.ramGiB} GiB RAM, Node ${m.node}, ${m.platform}; load average ${r.loadAverageBefore.join(' / ')} before, ${r.loadAverageAfter.join(' / ')} after (1 / 5 / 15 min; the machine is shared, so compare ratios within this run).`);
  out.push(
    `Corpus (1×): ${num(base.files)} files: ${num(base.dockerfiles)} Dockerfiles, ${num(base.yamlFiles)} YAML files (${num(base.yamlDocuments)} documents, ${num(base.k8sObjects)} Kubernetes objects), ${base.megabytes} MB; ${base.rules.dockerfile} Dockerfile and ${base.rules.k8s} Kubernetes rules, all defaults on (\`--no-config\`), schema validation on; ${num(base.findings)} findings.`,
  );
  out.push('');
  if (target === 'docs') out.push('#### Targets of issue #9', '');
  else out.push('Targets of issue #9:');
  table(['target', 'goal', 'measured', 'met'], r.targets.map((t) => [t.what, t.goal, t.measured, t.met ? 'yes' : '**no**']));

  out.push(target === 'docs' ? '#### Per phase, in process, one core (1×)' : 'Per phase, in process, one core (1×):', '');
  table(
    ['phase', 'ms', 'files/s', 'documents/s', 'peak RSS so far, MB'],
    base.phases.map((p) => [p.phase, p.ms, p.filesPerSecond, p.documentsPerSecond, p.peakRssMB]),
  );
  out.push(`Whole in-process pipeline: ${num(base.pipelineMs)} ms. Slowest rules: ${base.slowestRules.map((s) => `${s.rule} ${s.ms} ms`).join(', ')}.`, '');
  if (r.scales.length > 1) {
    out.push(target === 'docs' ? '#### Per phase at each scale (ms; the corpus replicated as links)' : 'Per phase at each scale (ms):', '');
    const head = ['phase', ...r.scales.map((s) => `${s.scale}×`), `${largest}× / 1×`];
    const rows = base.phases.map((p, i) => [p.phase, ...r.scales.map((s) => s.phases[i].ms), +(r.scales.at(-1).phases[i].ms / p.ms).toFixed(1)]);
    rows.push(['whole pipeline', ...r.scales.map((s) => s.pipelineMs), +(r.scales.at(-1).pipelineMs / base.pipelineMs).toFixed(1)]);
    rows.push(['peak RSS, MB', ...r.scales.map((s) => s.peakRssMB), +(r.scales.at(-1).peakRssMB / base.peakRssMB).toFixed(1)]);
    table(head, rows);
  }

  if (r.peers) {
    out.push(
      target === 'docs' ? `#### Side by side (1×, same files, same process, median of ${r.peers.rounds} round${r.peers.rounds === 1 ? '' : 's'})` : 'Side by side (1×):',
      '',
    );
    const ms = r.peers.ms;
    const dockerName = 'drydock, Dockerfiles (all rules)';
    const k8sName = 'drydock, Kubernetes (all rules, schema, cross-object)';
    table(
      ['tool', 'ms', 'vs drydock'],
      Object.entries(ms).map(([name, value]) => {
        const mine = name.includes('yaml') || name.includes('Kubernetes') ? ms[k8sName] : ms[dockerName];
        const ratio = name.startsWith('drydock') ? '1' : name.includes('yaml') ? `drydock = ${(mine / value).toFixed(2)}× this` : `${(value / mine).toFixed(2)}× drydock's time`;
        return [name, value, ratio];
      }),
    );
    out.push(`drydock: ${r.peers.perDockerfileMs} ms per Dockerfile (${num(r.peers.dockerfilesPerSecond)} files/s); ${num(r.peers.documentsPerSecond)} Kubernetes documents/s.`, '');
  }

  out.push(target === 'docs' ? `#### CLI (\`${r.cli.command}\`)` : `CLI (${r.cli.command}):`, '');
  table(
    ['scale', 'files', 'wall, s', 'files/s', 'documents/s', 'peak RSS, MB', 'exit'],
    r.cli.scales.map((s) => [`${s.scale}×`, r.scales.find((p) => p.scale === s.scale).files, (s.ms / 1000).toFixed(2), s.filesPerSecond, s.documentsPerSecond, s.peakRssMB, s.exitCode]),
  );
  if (r.growth) out.push(`Growth ${r.growth.scale}× / 1×: CLI wall ${r.growth.cliWall}, in-process pipeline ${r.growth.inProcessPipeline} (linear would be ${r.growth.scale}).`);
  if (r.cli.jobs?.notMeasured) out.push(`Worker threads: not measured (${r.cli.jobs.notMeasured}).`);
  else if (r.cli.jobs) {
    const j = r.cli.jobs;
    out.push(`Worker threads at ${j.scale}×: --jobs 1 ${(j.jobs1.ms / 1000).toFixed(2)} s, --jobs ${j.cores} ${(j.jobsN.ms / 1000).toFixed(2)} s: ${j.speedUp}× (peak RSS ${j.jobs1.peakRssMB} / ${j.jobsN.peakRssMB} MB).`);
  } else out.push('No `--jobs` option in this build: one thread.');
  if (r.cli.languages) {
    const { dockerfiles: d, kubernetes: k } = r.cli.languages;
    const range = (l) => `median ${(l.medianMs / 1000).toFixed(2)} s (${(l.minMs / 1000).toFixed(2)}–${(l.maxMs / 1000).toFixed(2)} s over ${l.runs} runs)`;
    const parts = [...(d ? [`the ${num(d.files)} Dockerfiles ${range(d)}`] : []), ...(k ? [`the manifests (${num(k.objects)} Kubernetes objects) ${range(k)}, ${num(k.objectsPerSecond)} objects/s`] : [])];
    if (parts.length > 0) out.push(`Each language alone at 1×: ${parts.join('; ')}.`);
  }
  if (r.cli.cache?.notMeasured) out.push(`Cache: not measured (${r.cli.cache.notMeasured}).`);
  else if (r.cli.cache) out.push(`Cache at 1×: first run ${(r.cli.cache.cold.ms / 1000).toFixed(2)} s, second run ${(r.cli.cache.warm.ms / 1000).toFixed(2)} s.`);
  else out.push('No `--cache` option in this build.');
  out.push('');

  const s = r.startup;
  out.push(target === 'docs' ? `#### One-file start-up (wall, ${s.runs ?? '?'} runs each, by ${s.by})` : 'Start-up:', '');
  const cpu = Object.values(s.commands).some((f) => f.cpuMedianMs !== undefined && f.cpuMedianMs !== null);
  const floor = s.commands['node -e 0']?.medianMs;
  table(
    ['command', 'wall median, ms', 'wall min, ms', ...(cpu ? ['CPU median, ms'] : []), '÷ node -e 0'],
    Object.entries(s.commands).map(([name, f]) => [`\`${name}\``, f.medianMs, f.minMs, ...(cpu ? [f.cpuMedianMs] : []), floor ? (f.medianMs / floor).toFixed(2) : null]),
  );

  out.push(target === 'docs' ? `#### LSP: didChange → publishDiagnostics (${r.lsp.edits} edits, debounce 0)` : 'LSP:', '');
  table(
    ['document', 'p50, ms', 'p95, ms', 'max, ms'],
    Object.entries(r.lsp.documents).map(([name, f]) => [name, f.p50, f.p95, f.max]),
  );
  out.push(`Server start: initialize answered after ${r.lsp.initializeMs} ms, first diagnostics after ${r.lsp.firstDiagnosticsMs} ms.`);
  return out.join('\n');
}

/** Regenerates the section between the markers of docs/performance.md; the rest of the file is left as it is. */
function updateDocs(r) {
  const file = path.join(root, 'docs', 'performance.md');
  const START = '<!-- bench:start -->';
  const END = '<!-- bench:end -->';
  const body = [
    START,
    `<!-- generated by \`npm run bench\` (scripts/bench.mjs); edits here are overwritten -->`,
    '',
    render(r, 'docs'),
    '',
    `Record: [\`${r.file}\`](../${r.file}).`,
    END,
  ].join('\n');
  const text = readFileSync(file, 'utf8');
  const from = text.indexOf(START);
  const to = text.indexOf(END);
  const next = from >= 0 && to > from ? text.slice(0, from) + body + text.slice(to + END.length) : `${text.trimEnd()}\n\n## Benchmark\n\n${body}\n`;
  writeFileSync(file, next);
}
