// Kubernetes throughput through the library, in process (Node start-up excluded): every YAML
// file of ../shared/corpus linted with the default rules, with and without schema validation
// (k8s/schema), cross-object rules included, beside the bare YAML parsers on the same texts:
// `yaml`'s parseAllDocuments (what our loader builds on) and js-yaml's loadAll when it is
// installed. Prints Kubernetes objects per second, median of --rounds passes after one warm-up
// pass (the first pass, which compiles the schema validators it needs, is shown apart), by wall
// time and by the process's CPU time (user + system), which a loaded machine distorts less.
// A benchmark, not a test: quote `uptime` with the figures and compare the ratios.
// Usage: node scripts/bench-k8s.mjs [--corpus DIR] [--rounds N] [--json]   (run `npm run build` first)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { setDrydockV8Flags } from '../dist/cli/v8-flags.js';

setDrydockV8Flags(); // as the command does (src/cli/main.ts)

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const corpus = path.resolve(option('--corpus', path.join(root, '..', 'shared', 'corpus')));
const rounds = Number(option('--rounds', '3'));
const asJson = args.includes('--json');

const dist = (module) => import(path.join(root, 'dist', module));
const { Linter } = await dist('core/engine.js');
const { lintProject } = await dist('core/project.js');
const { RuleRegistry } = await dist('core/registry.js');
const { ConfigResolver } = await dist('core/config.js');
const { allRules } = await dist('rules/index.js');
const { parseAllDocuments } = require('yaml');
let jsYaml = null;
try {
  jsYaml = require('js-yaml');
} catch {
  // not installed: that peer is left out
}

function yamlFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...yamlFiles(full));
    else if (/\.ya?ml$/i.test(name)) out.push(full);
  }
  return out;
}
const files = yamlFiles(corpus).map((file) => ({ file: path.relative(corpus, file), text: readFileSync(file, 'utf8') }));
const bytes = files.reduce((n, f) => n + Buffer.byteLength(f.text), 0);

const registry = new RuleRegistry(allRules);
const linter = new Linter(registry);
const withSchema = new ConfigResolver({ registry, noConfig: true }).resolve(path.join(corpus, 'x'));
const withoutSchema = { ...withSchema, rules: new Map([...withSchema.rules].filter(([id]) => id !== 'k8s/schema')) };

let objects = 0;
let documents = 0;
/** One pass of the linter over every file, then the cross-object rules over all of them. */
async function lintAll(config) {
  const entries = [];
  let found = 0;
  let docs = 0;
  for (const { file, text } of files) {
    const result = await linter.lint({ file, text, language: 'k8s', config, deferProjectRules: true });
    if (result.internalErrors.length) throw new Error(`${file}: ${result.internalErrors.join('; ')}`);
    found += result.model?.objects.length ?? 0;
    docs += result.model?.documentCount ?? 0;
    entries.push({ result, config });
  }
  lintProject(registry, entries);
  objects = found;
  documents = docs;
}

const measures = {
  'drydock, default rules + schema validation': () => lintAll(withSchema),
  'drydock, default rules, no schema validation': () => lintAll(withoutSchema),
  'yaml parseAllDocuments (+ toJS)': () => {
    for (const { text } of files) for (const doc of parseAllDocuments(text, { logLevel: 'error' })) doc.toJS();
  },
  ...(jsYaml ? { 'js-yaml loadAll': () => jsYamlAll() } : {}),
};

/** js-yaml throws on the corpus's invalid YAML (Helm templates among the decoys): those files count as parsed. */
function jsYamlAll() {
  for (const { text } of files) {
    try {
      jsYaml.loadAll(text);
    } catch {
      // invalid YAML: nothing more to parse in this file
    }
  }
}

const results = [];
for (const [name, run] of Object.entries(measures)) {
  const passes = [];
  for (let i = 0; i <= rounds; i++) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    await run();
    const cpu = process.cpuUsage(cpuStart);
    passes.push({ ms: performance.now() - start, cpuMs: (cpu.user + cpu.system) / 1000 });
  }
  const [first, ...warm] = passes;
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  results.push({ name, firstPassMs: Math.round(first.ms), medianMs: Math.round(median(warm.map((p) => p.ms))), medianCpuMs: Math.round(median(warm.map((p) => p.cpuMs))) });
}
for (const r of results) {
  r.objectsPerSecond = Math.round(objects / (r.medianMs / 1000));
  // CPU time is what the process got of the machine: on a loaded machine, wall time counts the waiting too.
  r.objectsPerCpuSecond = Math.round(objects / (r.medianCpuMs / 1000));
}
const base = results[0].medianMs;
for (const r of results) r.relativeToSchemaRun = +(r.medianMs / base).toFixed(2);

const record = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: os.cpus().length,
  loadAverage: os.loadavg().map((n) => +n.toFixed(2)),
  corpus,
  files: files.length,
  megabytes: +(bytes / 1e6).toFixed(1),
  yamlDocuments: documents,
  kubernetesObjects: objects,
  rounds,
  results,
};
if (asJson) {
  console.log(JSON.stringify(record, null, 2));
} else {
  console.log(`${files.length} YAML files (${record.megabytes} MB), ${documents} YAML documents, ${objects} Kubernetes objects; load average ${record.loadAverage.join(' ')} on ${record.cpus} CPUs`);
  console.log(`median of ${rounds} passes after a warm-up pass:`);
  for (const r of results) {
    console.log(
      `  ${r.name.padEnd(46)} ${String(r.medianMs).padStart(6)} ms wall ${String(r.objectsPerSecond).padStart(6)} objects/s | ${String(r.medianCpuMs).padStart(6)} ms CPU ${String(r.objectsPerCpuSecond).padStart(6)} objects/CPU-s | ×${r.relativeToSchemaRun} of the schema run's wall time (first pass ${r.firstPassMs} ms)`,
    );
  }
}
