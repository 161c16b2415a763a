// Lints every corpus Dockerfile in-process with all default rules, as the benchmark's
// Dockerfile phase does, and prints wall and CPU time per pass. For profiling
// (`node --cpu-prof scripts/profile-dockerfiles.mjs`) and for checking that a speed-up
// changes no finding (`--dump FILE` writes every finding; diff two dumps).
// Usage: node scripts/profile-dockerfiles.mjs [--passes N] [--dump FILE] [CORPUS_DIR]
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setDrydockV8Flags } from '../dist/cli/v8-flags.js';

setDrydockV8Flags(); // as the command does (src/cli/main.ts)

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : undefined;
};
const passes = Number(option('--passes') ?? 1);
const dump = option('--dump');
const corpus = path.resolve(args[0] ?? path.join(root, '..', 'shared', 'corpus'), 'dockerfiles');

const { detectLanguage } = await import(path.join(root, 'dist/core/detect.js'));
const { decodeText } = await import(path.join(root, 'dist/core/source.js'));
const { Linter } = await import(path.join(root, 'dist/core/engine.js'));
const { RuleRegistry } = await import(path.join(root, 'dist/core/registry.js'));
const { ConfigResolver } = await import(path.join(root, 'dist/core/config.js'));
const { allRules } = await import(path.join(root, 'dist/rules/index.js'));

const files = [];
for (const repo of readdirSync(corpus).sort()) {
  for (const name of readdirSync(path.join(corpus, repo)).sort()) {
    if (detectLanguage(name.split('__').pop()) !== 'dockerfile') continue;
    const decoded = decodeText(readFileSync(path.join(corpus, repo, name)));
    if (decoded.ok) files.push({ file: `${repo}/${name}`, text: decoded.text });
  }
}
const registry = new RuleRegistry(allRules);
const linter = new Linter(registry);
const config = new ConfigResolver({ registry, noConfig: true }).resolve(path.join(corpus, 'x'));

console.log(`${files.length} Dockerfiles; load average ${os.loadavg().map((n) => n.toFixed(1)).join(' ')}`);
const dumped = [];
for (let pass = 1; pass <= passes; pass++) {
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  let findings = 0;
  for (const { file, text } of files) {
    const result = await linter.lint({ file, text, language: 'dockerfile', config });
    findings += result.findings.length;
    if (dump && pass === 1) dumped.push({ file, findings: result.findings });
  }
  const used = process.cpuUsage(cpu);
  console.log(`pass ${pass}: ${findings} findings, ${(Number(process.hrtime.bigint() - start) / 1e6).toFixed(0)} ms wall, ${((used.user + used.system) / 1000).toFixed(0)} ms CPU`);
}
if (dump) writeFileSync(dump, JSON.stringify(dumped, null, 1) + '\n');
