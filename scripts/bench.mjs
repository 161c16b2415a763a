// Benchmark: lints ../shared/corpus (or the folder given) and prints throughput per phase
// and peak memory. A benchmark, not a test: figures vary with the machine's load.
// Usage: npm run bench [-- CORPUS_DIR] [--json FILE]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--liftoff-only'); // as the CLI does (src/cli/main.ts)

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const args = process.argv.slice(2);
const jsonIndex = args.indexOf('--json');
const jsonOut = jsonIndex >= 0 ? args.splice(jsonIndex, 2)[1] : null;
const source = path.resolve(args[0] ?? path.join(root, '..', 'shared', 'corpus'));
if (!existsSync(source)) {
  console.error(`no corpus at ${source}`);
  process.exit(2);
}

// The shared corpus flattens paths into names (`repo__dir__Dockerfile`); mirror it as a tree of
// links under the original base names, so the CLI discovers files exactly as in a repository.
const corpus = path.join(os.tmpdir(), 'drydock-bench-corpus');
rmSync(corpus, { recursive: true, force: true });
let linked = 0;
for (const kind of ['dockerfiles', 'k8s', 'compose']) {
  const kindDir = path.join(source, kind);
  if (!existsSync(kindDir)) continue;
  for (const repo of readdirSync(kindDir)) {
    for (const name of readdirSync(path.join(kindDir, repo))) {
      const dir = path.join(corpus, kind, repo, String(linked++));
      mkdirSync(dir, { recursive: true });
      symlinkSync(path.join(kindDir, repo, name), path.join(dir, name.split('__').pop()));
    }
  }
}

const { discover } = await import(path.join(root, 'dist/cli/discover.js'));
const { decodeText } = await import(path.join(root, 'dist/core/source.js'));
const { parseDockerfile } = await import(path.join(root, 'dist/dockerfile/parser.js'));
const { loadK8sFile } = await import(path.join(root, 'dist/k8s/loader.js'));
const { Linter } = await import(path.join(root, 'dist/core/engine.js'));
const { RuleRegistry } = await import(path.join(root, 'dist/core/registry.js'));
const { ConfigResolver } = await import(path.join(root, 'dist/core/config.js'));
const { allRules } = await import(path.join(root, 'dist/rules/index.js'));

const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;
const now = () => process.hrtime.bigint();

let t = now();
const { targets } = discover([corpus], corpus);
const discoveryMs = ms(t);

t = now();
const files = [];
let bytes = 0;
for (const target of targets) {
  const raw = readFileSync(target.absolute);
  bytes += raw.length;
  const decoded = decodeText(raw);
  if (decoded.ok) files.push({ ...target, text: decoded.text });
}
const readMs = ms(t);
const dockerfiles = files.filter((f) => f.language === 'dockerfile');
const yamlFiles = files.filter((f) => f.language === 'k8s');

t = now();
for (const f of dockerfiles) parseDockerfile(f.text);
const dockerParseMs = ms(t);

t = now();
let documents = 0;
let objects = 0;
for (const f of yamlFiles) {
  const loaded = loadK8sFile(f.display, f.text);
  documents += loaded.documentCount;
  objects += loaded.objects.length;
}
const yamlParseMs = ms(t);

const registry = new RuleRegistry(allRules);
const linter = new Linter(registry);
const config = new ConfigResolver({ registry, noConfig: true }).resolve(path.join(corpus, 'x'));
t = now();
let findings = 0;
for (const f of dockerfiles) findings += (await linter.lint({ file: f.display, text: f.text, language: 'dockerfile', config })).findings.length;
const dockerLintMs = ms(t);
t = now();
for (const f of yamlFiles) findings += (await linter.lint({ file: f.display, text: f.text, language: 'k8s', config })).findings.length;
const yamlLintMs = ms(t);

// Peers on the same files in the same run, so the ratios mean something on a noisy machine.
const { validate: dockerfileUtilsValidate } = await import('dockerfile-utils');
t = now();
for (const f of dockerfiles) dockerfileUtilsValidate(f.text);
const peerDockerfileUtilsMs = ms(t);
const { parseAllDocuments } = await import('yaml');
t = now();
for (const f of yamlFiles) parseAllDocuments(f.text);
const peerYamlParseMs = ms(t);

const bin = path.join(root, 'dist/cli/main.js');
const wall = (argv) => {
  const start = now();
  const run = spawnSync(process.execPath, [bin, ...argv], { cwd: corpus, encoding: 'utf8', maxBuffer: 1 << 30 });
  return { ms: ms(start), status: run.status };
};
const cliWhole = wall(['--no-config', '--format', 'json', '.']);
const oneFile = dockerfiles[0] ? wall(['--no-config', dockerfiles[0].absolute]) : null;

const record = {
  date: new Date().toISOString(),
  machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  corpus: source,
  dockerfiles: dockerfiles.length,
  yamlFiles: yamlFiles.length,
  yamlDocuments: documents,
  k8sObjects: objects,
  megabytes: +(bytes / 1e6).toFixed(1),
  findings,
  ms: {
    discovery: +discoveryMs.toFixed(0),
    read: +readMs.toFixed(0),
    dockerfileParse: +dockerParseMs.toFixed(0),
    yamlLoad: +yamlParseMs.toFixed(0),
    dockerfileLint: +dockerLintMs.toFixed(0),
    yamlLint: +yamlLintMs.toFixed(0),
    cliWholeCorpusWall: +cliWhole.ms.toFixed(0),
    cliOneFileWall: oneFile ? +oneFile.ms.toFixed(0) : null,
    peerDockerfileUtilsValidate: +peerDockerfileUtilsMs.toFixed(0),
    peerYamlParseAllDocuments: +peerYamlParseMs.toFixed(0),
  },
  ratios: {
    dockerfileUtilsOverDrydockDockerfileLint: +(peerDockerfileUtilsMs / dockerLintMs).toFixed(2),
    drydockYamlLintOverYamlParse: +(yamlLintMs / peerYamlParseMs).toFixed(2),
  },
  rates: {
    dockerfilesPerSecond: Math.round(dockerfiles.length / (dockerLintMs / 1000)),
    yamlDocumentsPerSecond: Math.round(documents / (yamlLintMs / 1000)),
    yamlMBPerSecond: +(yamlFiles.reduce((n, f) => n + f.text.length, 0) / 1e6 / (yamlLintMs / 1000)).toFixed(1),
  },
  peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
};

console.log(`corpus: ${record.dockerfiles} Dockerfiles, ${record.yamlFiles} YAML files (${record.yamlDocuments} documents, ${record.k8sObjects} objects), ${record.megabytes} MB`);
console.log(`discovery ${record.ms.discovery} ms, read ${record.ms.read} ms`);
console.log(`Dockerfiles: parse ${record.ms.dockerfileParse} ms, lint (parse + shell + rules) ${record.ms.dockerfileLint} ms = ${record.rates.dockerfilesPerSecond} files/s`);
console.log(`YAML: load ${record.ms.yamlLoad} ms, lint ${record.ms.yamlLint} ms = ${record.rates.yamlDocumentsPerSecond} documents/s (${record.rates.yamlMBPerSecond} MB/s)`);
console.log(`side by side: dockerfile-utils validate ${record.ms.peerDockerfileUtilsValidate} ms (drydock ${record.ratios.dockerfileUtilsOverDrydockDockerfileLint}× faster, all rules on); yaml parseAllDocuments ${record.ms.peerYamlParseAllDocuments} ms (drydock lint = ${record.ratios.drydockYamlLintOverYamlParse}× that)`);
console.log(`CLI, whole corpus: ${record.ms.cliWholeCorpusWall} ms wall (exit ${cliWhole.status}); one Dockerfile: ${record.ms.cliOneFileWall} ms wall`);
console.log(`findings: ${record.findings}; peak RSS of this process: ${record.peakRssMB} MB`);
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(record, null, 2) + '\n');
