// The sample of the Kubernetes false-positive review (docs/quality/k8s-review.md): 40 manifests
// of ../shared/corpus drawn with a fixed seed, 5 per stratum, each linted alone with every
// default rule (as `drydock --no-config FILE`). Prints the sample and every finding as JSON lines.
// Usage: node scripts/k8s-review.mjs [--list]   (run `npm run build` first)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpus = path.join(root, '..', 'shared', 'corpus');
const dist = (file) => import(path.join(root, 'dist', file));
const SEED = 4; // the issue number
const PER_STRATUM = 5;
const PER_REPO = 2; // per stratum, so that one big repository cannot fill a stratum

// Upstream test fixtures that break rules on purpose (corpus README): not review material.
const FIXTURES = [/resource_customizations__.*__testdata__/, /\.kyverno-test__/, /hack__invalid-examples__/, /conformance__tests__/];

// Strata, in priority order: a file goes to the first one it fits.
const STRATA = [
  ['Helm-rendered output', (f) => /^# Source: /m.test(f.text)],
  ['multi-document files', (f) => f.kinds.length >= 3],
  ['CRDs', (f) => f.kinds.includes('CustomResourceDefinition')],
  ['StatefulSets', (f) => f.kinds.includes('StatefulSet')],
  ['Jobs/CronJobs', (f) => f.kinds.includes('Job') || f.kinds.includes('CronJob')],
  ['RBAC', (f) => f.kinds.some((k) => /^(Cluster)?Role(Binding)?$/.test(k))],
  ['Services/Ingress', (f) => f.kinds.some((k) => k === 'Service' || k === 'Ingress')],
  ['Deployments', (f) => f.kinds.includes('Deployment')],
];

function mulberry32(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rows = readFileSync(path.join(corpus, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split('\t'));
const files = rows
  .filter(([kind, corpusPath]) => kind === 'k8s' && !FIXTURES.some((re) => re.test(corpusPath)))
  .map(([, corpusPath, repo]) => {
    const text = readFileSync(path.join(corpus, corpusPath), 'utf8');
    const kinds = parseAllDocuments(text).map((d) => d.toJS()?.kind).filter((k) => typeof k === 'string');
    return { corpusPath, repo, text, kinds };
  })
  .sort((a, b) => a.corpusPath.localeCompare(b.corpusPath));

const random = mulberry32(SEED);
const shuffled = files.map((f) => [random(), f]).sort((a, b) => a[0] - b[0]).map(([, f]) => f);
const sample = [];
const taken = new Set();
for (const [stratum] of STRATA) {
  const perRepo = new Map();
  let n = 0;
  // A second pass without the per-repository cap fills a stratum that few repositories have (Helm output).
  for (const cap of [PER_REPO, Infinity]) {
    for (const file of shuffled) {
      if (n === PER_STRATUM) break;
      if (taken.has(file.corpusPath) || STRATA.find(([, test]) => test(file))?.[0] !== stratum) continue;
      if ((perRepo.get(file.repo) ?? 0) >= cap) continue;
      perRepo.set(file.repo, (perRepo.get(file.repo) ?? 0) + 1);
      taken.add(file.corpusPath);
      sample.push({ stratum, ...file });
      n++;
    }
  }
}

if (process.argv.includes('--list')) {
  for (const f of sample) console.log(`${f.stratum}\t${f.corpusPath}\t${f.kinds.length} objects`);
  process.exit(0);
}

const { Linter } = await dist('core/engine.js');
const { RuleRegistry } = await dist('core/registry.js');
const { ConfigResolver } = await dist('core/config.js');
const { allRules } = await dist('rules/index.js');
const registry = new RuleRegistry(allRules);
const linter = new Linter(registry);
const config = new ConfigResolver({ registry, noConfig: true }).resolve(path.join(corpus, 'x'));
for (const f of sample) {
  const result = await linter.lint({ file: f.corpusPath, text: f.text, language: 'k8s', config });
  for (const e of result.internalErrors) console.log(JSON.stringify({ file: f.corpusPath, internalError: e }));
  for (const finding of result.findings) {
    console.log(JSON.stringify({ stratum: f.stratum, file: f.corpusPath, line: finding.range.start.line, rule: finding.ruleId, severity: finding.severity, message: finding.message }));
  }
}
