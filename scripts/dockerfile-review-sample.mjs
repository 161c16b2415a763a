// The sample of the Dockerfile false-positive review (docs/quality/dockerfile-review.md):
// 60 corpus Dockerfiles, stratified by base image family, drawn with a fixed seed. Prints
// the sample; with --lint, lints it with every default rule (needs `npm run build`) and
// prints each finding with its source line, for judging by hand.
// Usage: node scripts/dockerfile-review-sample.mjs [--lint] [CORPUS_DIR]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const lint = args.includes('--lint');
const corpus = path.resolve(args.find((a) => !a.startsWith('--')) ?? path.join(root, '..', 'shared', 'corpus'));

// Real Dockerfiles only: upstream test fixtures (compose e2e, testdata) may be broken on purpose.
const rows = readFileSync(path.join(corpus, 'MANIFEST.tsv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split('\t'))
  .filter((r) => r[0] === 'dockerfile' && !/(^|\/)(e2e|fixtures?|testdata|tests?)\//.test(r[3]));

function mulberry32(seed) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(20261122);

/** The base family of the final stage. */
function family(text) {
  const froms = [...text.matchAll(/^\s*FROM\s+(?:--\S+\s+)*(\S+)/gim)].map((m) => m[1].toLowerCase());
  const last = froms[froms.length - 1] ?? '';
  if (/windows|nanoserver|servercore/.test(text.match(/^\s*FROM.*$/gim)?.join(' ') ?? '')) return 'windows';
  if (/distroless|^scratch$|chainguard/.test(last)) return 'distroless/scratch';
  if (/alpine/.test(last)) return 'alpine';
  if (/centos|fedora|ubi|rhel|rocky|alma|amazonlinux|oraclelinux|redhat/.test(last)) return 'rhel';
  if (/debian|ubuntu|buster|bullseye|bookworm|trixie|jessie|stretch|focal|jammy|noble|slim|buildpack-deps/.test(last)) return 'debian/ubuntu';
  return 'other';
}
const quota = { 'debian/ubuntu': 16, alpine: 12, rhel: 8, 'distroless/scratch': 8, windows: 4, other: 12 };
const perRepoLimit = 4;

const items = rows.map((r) => {
  const text = readFileSync(path.join(corpus, r[1]), 'utf8');
  return {
    path: r[1],
    repo: r[2],
    source: r[3],
    commit: r[4],
    bytes: Number(r[7]),
    family: family(text),
    multiStage: (text.match(/^\s*FROM\s/gim) ?? []).length > 1,
    heredoc: /^\s*(RUN|COPY)\b[^\n]*<<-?\s*['"]?[A-Z]/m.test(text),
    key: random(),
  };
});
items.sort((a, b) => a.key - b.key);
const chosen = [];
const perFamily = {};
const perRepo = new Map();
// Three passes over one shuffled order: 4 files with heredocs, multi-stage files up to 16, then any.
const passes = [
  [(it) => it.heredoc, 4],
  [(it) => it.multiStage, 16],
  [() => true, 60],
];
for (const [wanted, upTo] of passes) {
  for (const it of items) {
    if (!wanted(it) || chosen.includes(it) || chosen.filter(wanted).length >= upTo) continue;
    if ((perFamily[it.family] ?? 0) >= quota[it.family] || (perRepo.get(it.repo) ?? 0) >= perRepoLimit) continue;
    chosen.push(it);
    perFamily[it.family] = (perFamily[it.family] ?? 0) + 1;
    perRepo.set(it.repo, (perRepo.get(it.repo) ?? 0) + 1);
  }
}

if (!lint) {
  chosen.forEach((it, i) => console.log(`#${i + 1}\t${it.family}\t${it.bytes}\t${it.multiStage ? 'multi' : ''}\t${it.heredoc ? 'heredoc' : ''}\t${it.path}\t${it.repo}/${it.source}@${it.commit.slice(0, 8)}`));
} else {
  const { decodeText } = await import(path.join(root, 'dist/core/source.js'));
  const { Linter } = await import(path.join(root, 'dist/core/engine.js'));
  const { RuleRegistry } = await import(path.join(root, 'dist/core/registry.js'));
  const { ConfigResolver } = await import(path.join(root, 'dist/core/config.js'));
  const { allRules } = await import(path.join(root, 'dist/rules/index.js'));
  const registry = new RuleRegistry(allRules);
  const linter = new Linter(registry);
  const config = new ConfigResolver({ registry, noConfig: true }).resolve(path.join(corpus, 'x'));
  let total = 0;
  for (const [i, it] of chosen.entries()) {
    const decoded = decodeText(readFileSync(path.join(corpus, it.path)));
    if (!decoded.ok) continue;
    // The file's path in its repository, so path-based judgements (.devcontainer) see what a user's run would.
    const result = await linter.lint({ file: it.source, text: decoded.text, language: 'dockerfile', config });
    const lines = decoded.text.split('\n');
    for (const f of result.findings) {
      total++;
      console.log(`#${i + 1} ${f.ruleId} ${f.range.start.line}:${f.range.start.column} | ${f.message}\n      > ${lines[f.range.start.line - 1].trim().slice(0, 160)}`);
    }
  }
  console.log(`${total} findings in ${chosen.length} files`);
}
