// One pass of the CLI's pipeline over a folder, in process, timed per phase: discovery,
// read, parse, shell analysis, rules, schema validation, cross-object rules, report; with
// peak RSS after each phase. With --peers, the Dockerfile linters and YAML parsers of
// issue #9 run side by side on the same files, in the same process. Called by
// scripts/bench.mjs once per scale (a fresh process each, so peak RSS is that scale's);
// prints one JSON record. A benchmark, not a test: figures vary with the machine's load.
// Usage: node scripts/bench-phases.mjs DIR [--peers] [--repeat N]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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
  return at >= 0 ? args.splice(at, 2)[1] : fallback;
};
const repeat = Number(option('--repeat', '1'));
const peers = args.includes('--peers');
const dir = path.resolve(args.find((arg) => !arg.startsWith('--')) ?? '.');

const dist = (module) => import(path.join(root, 'dist', module));
const { discover } = await dist('cli/discover.js');
const { decodeText } = await dist('core/source.js');
const { Linter } = await dist('core/engine.js');
const { lintProject } = await dist('core/project.js');
const { RuleRegistry } = await dist('core/registry.js');
const { ConfigResolver } = await dist('core/config.js');
const { allRules } = await dist('rules/index.js');
const { writeReport } = await dist('reporters/index.js');

const SCHEMA_RULE = 'k8s/schema';
const peakRssMB = () => Math.round(process.resourceUsage().maxRSS / 1024);
const newTimings = () => ({ parse: 0, shell: 0, rules: new Map(), project: 0, suppressions: 0 });
const sum = (values) => values.reduce((total, value) => total + value, 0);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const timed = (work) => {
  const start = performance.now();
  const value = work();
  return { ms: performance.now() - start, value };
};

const phases = [];
/** Records a phase; `files` and `documents` are what it went through (for the rates). */
function phase(name, ms, files, documents = 0) {
  phases.push({
    phase: name,
    ms: +ms.toFixed(1),
    filesPerSecond: files ? Math.round(files / (ms / 1000)) : null,
    documentsPerSecond: documents ? Math.round(documents / (ms / 1000)) : null,
    peakRssMB: peakRssMB(),
  });
}

const pipelineStart = performance.now();
const discovery = timed(() => discover([dir], dir).targets);
const targets = discovery.value;
phase('discovery', discovery.ms, targets.length);

const read = timed(() => {
  const files = [];
  let bytes = 0;
  for (const target of targets) {
    const raw = readFileSync(target.absolute);
    bytes += raw.length;
    const decoded = decodeText(raw);
    if (decoded.ok) files.push({ target, text: decoded.text });
  }
  return { files, bytes };
});
const { files, bytes } = read.value;
phase('read', read.ms, targets.length);

const registry = new RuleRegistry(allRules);
const linter = new Linter(registry);
// No config files: every default rule on, as `drydock --no-config`; schema validation included.
const config = new ConfigResolver({ registry, noConfig: true }).resolve(path.join(dir, 'x'));
const dockerfiles = files.filter((f) => f.target.language === 'dockerfile');
const manifests = files.filter((f) => f.target.language === 'k8s');
const ruleDomain = new Map(allRules.map((rule) => [rule.meta.id, rule.meta.domain]));

async function lintAll(list, timings, keep) {
  const results = [];
  for (const { target, text } of list) {
    const result = await linter.lint({ file: target.display, text, language: target.language, config, deferProjectRules: true, timings });
    if (keep) results.push({ result, config });
  }
  return results;
}

// The pass the CLI makes: every file once, results (and Kubernetes models) kept for the project step.
const dockerTimings = newTimings();
const k8sTimings = newTimings();
let start = performance.now();
const entries = [...(await lintAll(dockerfiles, dockerTimings, true)), ...(await lintAll(manifests, k8sTimings, true))];
const lintMs = performance.now() - start;
const documents = sum(entries.map(({ result }) => result.model?.documentCount ?? 0));
const objects = sum(entries.map(({ result }) => result.model?.objects.length ?? 0));
const project = timed(() => lintProject(registry, entries));

const ruleMs = (timings, keep) => sum([...timings.rules].filter(([id]) => keep(id)).map(([, ms]) => ms));
const dockerRulesMs = ruleMs(dockerTimings, () => true);
const k8sRulesMs = ruleMs(k8sTimings, (id) => id !== SCHEMA_RULE);
const schemaMs = k8sTimings.rules.get(SCHEMA_RULE) ?? 0;
const accounted = dockerTimings.parse + k8sTimings.parse + dockerTimings.shell + dockerRulesMs + k8sRulesMs + schemaMs + dockerTimings.suppressions + k8sTimings.suppressions;
// Phases run interleaved per file, so the peak RSS of each is that of the whole lint loop.
phase('parse: Dockerfiles', dockerTimings.parse, dockerfiles.length);
phase('parse: YAML', k8sTimings.parse, manifests.length, documents);
phase('shell analysis', dockerTimings.shell, dockerfiles.length);
phase('rules: Dockerfile', dockerRulesMs, dockerfiles.length);
phase('rules: Kubernetes, per file', k8sRulesMs, manifests.length, documents);
phase('schema validation', schemaMs, manifests.length, documents);
phase('rules: suppressions', dockerTimings.suppressions + k8sTimings.suppressions, files.length, documents);
// Per-file set-up (source index, rule contexts) and the timing hook's own cost.
phase('engine: the rest', lintMs - accounted, files.length, documents);
phase('rules: cross-object', project.ms, manifests.length, documents);

const report = timed(() =>
  // Made as the CLI makes it, in chunks; the CLI writes them to stdout, this discards them.
  writeReport('json', { results: entries.map((e) => e.result), fileErrors: [], registry, verbose: false, color: false, toolVersion: 'bench', cwd: dir, includeSuppressed: false }, () => {}),
);
phase('report (json)', report.ms, files.length, documents);
const pipelineMs = performance.now() - pipelineStart;
const findings = sum(entries.map(({ result }) => result.findings.length));

const slowestRules = [...dockerTimings.rules, ...k8sTimings.rules]
  .sort((a, b) => b[1] - a[1])
  .slice(0, 8)
  .map(([id, ms]) => ({ rule: id, ms: +ms.toFixed(1) }));

const record = {
  dir,
  files: targets.length,
  dockerfiles: dockerfiles.length,
  yamlFiles: manifests.length,
  yamlDocuments: documents,
  k8sObjects: objects,
  megabytes: +(bytes / 1e6).toFixed(1),
  rules: { dockerfile: [...ruleDomain.values()].filter((d) => d === 'dockerfile').length, k8s: [...ruleDomain.values()].filter((d) => d === 'k8s').length },
  findings,
  pipelineMs: +pipelineMs.toFixed(0),
  phases,
  slowestRules,
  peakRssMB: peakRssMB(),
};

if (peers) {
  entries.length = 0; // the comparison keeps no results
  record.peers = await comparePeers();
}
process.stdout.write(JSON.stringify(record) + '\n');

/**
 * drydock against the other tools on the same texts, `repeat` rounds in turn
 * (the first round is cold for every tool); the median round of each counts.
 */
async function comparePeers() {
  const { validate: dockerfileUtilsValidate } = await import('dockerfile-utils');
  const dockerfilelint = require('dockerfilelint');
  const DockerfileLint = require('dockerfile_lint');
  const { parseAllDocuments } = await import('yaml');
  let jsYamlLoadAll = null;
  try {
    jsYamlLoadAll = require('js-yaml').loadAll; // not a dependency of ours: present through the peers
  } catch {
    // measured only when installed
  }
  // dockerfilelint reads `.dockerfilelintrc` from the folder given, as its CLI does for each file.
  const dockerfilelintDir = dir;
  const dockerfileLint = new DockerfileLint();
  const quietly = (work) => {
    // dockerfile_lint logs through console.
    const { log, info } = console;
    console.log = console.info = () => {};
    try {
      return work();
    } finally {
      Object.assign(console, { log, info });
    }
  };
  // A peer that throws on a file (dockerfilelint does on some HEALTHCHECKs) has done its work on it so far.
  const failures = {};
  const each = (name, list, lint) => {
    let failed = 0;
    for (const f of list) {
      try {
        lint(f.text);
      } catch {
        failed++;
      }
    }
    failures[name] = failed;
  };
  const tools = {
    // Without the timing hook, as the CLI runs.
    'drydock, Dockerfiles (all rules)': () => lintAll(dockerfiles, undefined, false),
    "dockerfile-utils' validate": () => each("dockerfile-utils' validate", dockerfiles, (text) => dockerfileUtilsValidate(text)),
    dockerfilelint: () => each('dockerfilelint', dockerfiles, (text) => dockerfilelint.run(dockerfilelintDir, text)),
    dockerfile_lint: () => quietly(() => each('dockerfile_lint', dockerfiles, (text) => dockerfileLint.validate(text))),
    'drydock, Kubernetes (all rules, schema, cross-object)': async () => {
      const kept = await lintAll(manifests, undefined, true);
      lintProject(registry, kept);
    },
    "yaml's parseAllDocuments": () => each("yaml's parseAllDocuments", manifests, (text) => parseAllDocuments(text)),
  };
  // Throws on invalid YAML (the Helm templates among the decoys), having read as far as it goes.
  if (jsYamlLoadAll) tools["js-yaml's loadAll"] = () => each("js-yaml's loadAll", manifests, (text) => jsYamlLoadAll(text, () => {}));
  const rounds = Object.fromEntries(Object.keys(tools).map((name) => [name, []]));
  for (let round = 0; round < repeat; round++) {
    for (const [name, run] of Object.entries(tools)) {
      const begin = performance.now();
      await run();
      rounds[name].push(performance.now() - begin);
    }
  }
  const ms = Object.fromEntries(Object.entries(rounds).map(([name, times]) => [name, +median(times).toFixed(0)]));
  const drydockDocker = ms['drydock, Dockerfiles (all rules)'];
  const drydockK8s = ms['drydock, Kubernetes (all rules, schema, cross-object)'];
  const ratio = (a, b) => (a && b ? +(a / b).toFixed(2) : null);
  return {
    rounds: repeat,
    ms,
    /** Files on which a tool threw (its time on them still counts). */
    failures,
    perDockerfileMs: +(drydockDocker / dockerfiles.length).toFixed(3),
    dockerfilesPerSecond: Math.round(dockerfiles.length / (drydockDocker / 1000)),
    documentsPerSecond: Math.round(documents / (drydockK8s / 1000)),
    ratios: {
      // > 1: drydock is faster (goal for dockerfile-utils: ≥ 2).
      dockerfileUtilsOverDrydock: ratio(ms["dockerfile-utils' validate"], drydockDocker),
      dockerfilelintOverDrydock: ratio(ms.dockerfilelint, drydockDocker),
      dockerfileLintOverDrydock: ratio(ms.dockerfile_lint, drydockDocker),
      // The floor: how many times a plain parse linting costs (goal: ≤ 3 for yaml, ≤ 4 for js-yaml).
      drydockK8sOverYamlParse: ratio(drydockK8s, ms["yaml's parseAllDocuments"]),
      drydockK8sOverJsYamlLoadAll: ratio(drydockK8s, ms["js-yaml's loadAll"]),
    },
  };
}
