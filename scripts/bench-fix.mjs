// The fix loop on the corpus: how many passes `Linter.fix` takes per file and how long it runs.
// A benchmark, not a test: nothing is asserted. Compare two builds in one session (same load):
//   npx tsc -p tsconfig.json --outDir /tmp/drydock-before   (on the old sources)
//   node scripts/bench-fix.mjs --dist /tmp/drydock-before && node scripts/bench-fix.mjs
// Usage: node scripts/bench-fix.mjs [--dist DIR] [--corpus DIR] [--language k8s|dockerfile] [--rounds N] [--outputs FILE]
//   --outputs FILE writes every fixed text (JSON, file → output) to compare two builds' results.
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const valueOf = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const dist = path.resolve(valueOf('--dist', path.join(root, 'dist')));
const corpus = path.resolve(valueOf('--corpus', path.join(root, '..', 'shared', 'corpus')));
const language = valueOf('--language', 'k8s');
const rounds = Number(valueOf('--rounds', '1'));
const outputsFile = valueOf('--outputs');
if (!existsSync(path.join(dist, 'index.js'))) fail(`no build at ${dist}: run \`npx tsc -p tsconfig.json\` (or give --dist DIR)`);
if (!existsSync(corpus)) fail(`no corpus at ${corpus} (give one with --corpus DIR)`);

const lib = await import(pathToFileURL(path.join(dist, 'index.js')).href);
const registry = new lib.RuleRegistry(lib.allRules);
const linter = new lib.Linter(registry);
const rules = new Map(registry.rules.map((rule) => [rule.meta.id, { severity: rule.meta.severity, options: { ...rule.meta.defaultOptions } }]));
const config = { rules, settings: {} };

// Counts the lints `fix` runs: one before the first pass, then one per pass it tries.
let lints = 0;
const lint = linter.lint.bind(linter);
linter.lint = (input) => {
  lints++;
  return lint(input);
};

const inputs = [];
for (const kind of ['dockerfiles', 'k8s', 'compose']) {
  const kindDir = path.join(corpus, kind);
  if (!existsSync(kindDir)) continue;
  for (const repo of readdirSync(kindDir).sort()) {
    for (const name of readdirSync(path.join(kindDir, repo)).sort()) {
      if (lib.detectLanguage(name.split('__').pop() ?? name) !== language) continue;
      const text = readFileSync(path.join(kindDir, repo, name), 'utf8');
      inputs.push({ file: `${kind}/${repo}/${name}`, text, language, config });
    }
  }
}

// Only files with something to fix take part (as in test/corpus.test.ts).
const fixable = [];
for (const input of inputs) if ((await linter.lint(input)).findings.some((f) => f.fix)) fixable.push(input);

const loadBefore = os.loadavg();
const histogram = new Map();
const outputs = {};
let fixesApplied = 0;
let rolledBack = 0;
let totalPasses = 0;
const times = [];
for (let round = 0; round < rounds; round++) {
  const began = performance.now();
  for (const input of fixable) {
    lints = 0;
    const outcome = await linter.fix(input);
    if (round > 0) continue;
    const passes = lints - 1;
    totalPasses += passes;
    histogram.set(passes, (histogram.get(passes) ?? 0) + 1);
    fixesApplied += outcome.fixesApplied;
    if (outcome.rolledBack) rolledBack++;
    outputs[input.file] = outcome.output;
  }
  times.push(performance.now() - began);
}
const loadAfter = os.loadavg();

const ms = times.map((t) => Math.round(t));
console.log(`bench-fix: ${dist}`);
console.log(`  ${language} files: ${inputs.length}, with fixes: ${fixable.length}; fixes applied: ${fixesApplied}; passes rolled back: ${rolledBack}`);
console.log(`  passes (lint after apply, incl. a rolled-back one): total ${totalPasses}, mean ${(totalPasses / fixable.length).toFixed(2)}`);
console.log(`  histogram: ${[...histogram].sort((a, b) => a[0] - b[0]).map(([passes, files]) => `${passes}:${files}`).join('  ')}`);
console.log(`  Linter.fix time, ms per round: ${ms.join(', ')} (min ${Math.min(...ms)})`);
console.log(`  load average before ${loadBefore.map((n) => n.toFixed(2)).join(' ')}, after ${loadAfter.map((n) => n.toFixed(2)).join(' ')} (${os.cpus().length} cores)`);
if (outputsFile) writeFileSync(outputsFile, JSON.stringify(outputs));

function fail(message) {
  console.error(`bench-fix: ${message}`);
  process.exit(2);
}
