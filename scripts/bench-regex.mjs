#!/usr/bin/env node
/**
 * Adversarial-input benchmark for every rule (issue #10: no catastrophic
 * backtracking). Each rule's own bad and good examples are mutated: one token
 * at a time is replaced by a long pathological string (repeated characters
 * with a failing tail, nested quote and brace runs, separators a regex may
 * split on…). Every mutated file is linted with all rules on and the time each
 * rule spends is recorded. The slowest (rule, input) pairs are then re-run at
 * four times the length: linear code takes about 4× as long, quadratic 16×,
 * exponential never finishes. Prints figures; asserts nothing.
 *
 *   npm run build && node scripts/bench-regex.mjs [--length 4000] [--top 15]
 */
import { performance } from 'node:perf_hooks';
import os from 'node:os';
import { detectLanguage, Linter, RuleRegistry, allRules } from '../dist/index.js';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const LENGTH = option('length', 4000);
const TOP = option('top', 15);
/** Token positions tried per example (spread over the example). */
const POSITIONS = option('positions', 3);

/** Pathological payloads of about `n` characters. */
const PAYLOADS = {
  'a…a!': (n) => 'a'.repeat(n) + '!',
  'a-a-…': (n) => 'a-'.repeat(n / 2) + '!',
  'a a …': (n) => 'a '.repeat(n / 2) + '!',
  'a=a=…': (n) => 'a='.repeat(n / 2),
  'a:a:…': (n) => 'a:'.repeat(n / 2) + '@',
  '/a/a…': (n) => '/a'.repeat(n / 2) + '/..',
  '${${…': (n) => '${'.repeat(n / 2),
  '"\'"\'…': (n) => `"'`.repeat(n / 2),
  '0.0.0…': (n) => '0.'.repeat(n / 2) + 'x',
  '\\t \\t…': (n) => ' \t'.repeat(n / 2) + 'x',
  'AKIA…': (n) => 'AKIA' + 'A1'.repeat(n / 2),
  'http://a:a…': (n) => 'http://' + 'a:'.repeat(n / 2) + '@',
  '--a--a…': (n) => '--a'.repeat(n / 3) + '=',
  'a,a,…': (n) => 'a,'.repeat(n / 2) + ',',
};

const registry = new RuleRegistry(allRules);
const linter = new Linter(registry);
const config = { rules: new Map(registry.rules.map((rule) => [rule.meta.id, { severity: rule.meta.severity, options: rule.meta.defaultOptions }])), settings: {} };

/** Replaces the `index`-th whitespace-separated token of `code` by `payload`. */
function mutate(code, index, payload) {
  let seen = -1;
  return code.replace(/[^\s]+/g, (token) => (++seen === index ? payload : token));
}

async function timeRules(file, text) {
  const language = detectLanguage(file) ?? 'dockerfile';
  const timings = { parse: 0, shell: 0, rules: new Map(), project: 0, suppressions: 0 };
  const started = performance.now();
  await linter.lint({ file, text, language, config, timings });
  return { total: performance.now() - started, timings };
}

const examples = [];
for (const rule of registry.rules) {
  for (const example of [...rule.meta.examples.bad, ...rule.meta.examples.good]) {
    examples.push({ rule: rule.meta.id, file: example.filename ?? (rule.meta.domain === 'k8s' ? 'deploy.yaml' : 'Dockerfile'), code: example.code });
  }
}

// Warm up: the shell parser's WebAssembly and the YAML loader load on first use.
await timeRules('Dockerfile', 'FROM alpine:3.20\nRUN echo hi\n');
await timeRules('deploy.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec: {containers: [{name: a, image: b}]}\n');

const started = performance.now();
/** Slowest time per rule, with the input that caused it. */
const worst = new Map();
let lints = 0;
for (const example of examples) {
  const tokens = example.code.match(/[^\s]+/g)?.length ?? 0;
  const step = Math.max(1, Math.floor(tokens / POSITIONS));
  for (let index = 1; index < tokens; index += step) {
    for (const [name, make] of Object.entries(PAYLOADS)) {
      const text = mutate(example.code, index, make(LENGTH));
      const { timings } = await timeRules(example.file, text);
      lints++;
      for (const [ruleId, ms] of timings.rules) {
        const current = worst.get(ruleId);
        if (!current || ms > current.ms) worst.set(ruleId, { ms, example, index, payload: name });
      }
      const shell = worst.get('(shell analysis)');
      if (!shell || timings.shell > shell.ms) worst.set('(shell analysis)', { ms: timings.shell, example, index, payload: name });
      const parse = worst.get('(parse)');
      if (!parse || timings.parse > parse.ms) worst.set('(parse)', { ms: timings.parse, example, index, payload: name });
    }
  }
}
const sweepSeconds = (performance.now() - started) / 1000;

const ranked = [...worst.entries()].sort((a, b) => b[1].ms - a[1].ms);
console.log(`drydock adversarial-input benchmark — ${new Date().toISOString()}, ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log(`${examples.length} examples of ${registry.rules.length} rules, ${lints} mutated files of ~${LENGTH} extra characters, ${sweepSeconds.toFixed(1)} s`);
console.log(`\nslowest ${TOP} (rule, input) pairs, re-measured (best of 3) at ${LENGTH} and ${LENGTH * 4} characters (growth: ~4 linear, ~16 quadratic):`);
console.log('rule'.padEnd(48), 'payload'.padEnd(14), `${LENGTH} ch`.padStart(10), `${LENGTH * 4} ch`.padStart(10), 'growth'.padStart(7));
/** A rule's (or phase's) time on one input, best of three: single samples on a shared machine are mostly GC and noise. */
async function bestOf3(ruleId, file, text) {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const { timings } = await timeRules(file, text);
    const ms = ruleId === '(shell analysis)' ? timings.shell : ruleId === '(parse)' ? timings.parse : (timings.rules.get(ruleId) ?? 0);
    best = Math.min(best, ms);
  }
  return best;
}
const verdicts = [];
for (const [ruleId, entry] of ranked.slice(0, TOP)) {
  const make = PAYLOADS[entry.payload];
  const ms = await bestOf3(ruleId, entry.example.file, mutate(entry.example.code, entry.index, make(LENGTH)));
  const longMs = await bestOf3(ruleId, entry.example.file, mutate(entry.example.code, entry.index, make(LENGTH * 4)));
  const growth = longMs / Math.max(ms, 0.01);
  verdicts.push({ ruleId, ms, longMs, growth });
  console.log(ruleId.padEnd(48), entry.payload.padEnd(14), `${ms.toFixed(2)} ms`.padStart(10), `${longMs.toFixed(2)} ms`.padStart(10), growth.toFixed(1).padStart(7));
}
const slowest = verdicts.reduce((a, b) => (b.ms > a.ms ? b : a));
console.log(`\nworst re-measured: ${slowest.ruleId} ${slowest.ms.toFixed(2)} ms on ~${LENGTH} characters, ${slowest.longMs.toFixed(2)} ms on ~${LENGTH * 4}`);
const superLinear = verdicts.filter((v) => v.longMs > 5 && v.growth > 10);
console.log(superLinear.length === 0 ? 'no rule grows faster than linearly on these inputs (growth ≤ 10 where it matters, > 5 ms)' : `super-linear: ${superLinear.map((v) => `${v.ruleId} (${v.growth.toFixed(1)}×)`).join(', ')}`);
