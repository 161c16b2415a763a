// Benchmark (not a test): time from didChange to publishDiagnostics of the
// drydock language server, on a 300-line Dockerfile and a 60-object manifest,
// with the debounce set to 0 so only the server's own work is measured; and
// the server's start-up time. Issue #7's goal: p95 under 30 ms. Run after
// `npm run build` (scripts/bench.mjs runs it with --json):
//   node scripts/bench-lsp.mjs [edits=200] [--json]
import { spawn } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import os from 'node:os';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'dist', 'cli', 'main.js');
const json = process.argv.includes('--json');
const edits = Number(process.argv.slice(2).find((arg) => !arg.startsWith('--')) ?? 200);
const say = (line) => {
  if (!json) console.log(line);
};

function dockerfile() {
  const lines = ['# syntax=docker/dockerfile:1', 'ARG BASE=debian:12'];
  for (let stage = 0; lines.length < 300; stage++) {
    lines.push(`FROM \${BASE} AS stage${stage}`, 'WORKDIR /app', 'ENV PATH=/app/bin:$PATH');
    lines.push('RUN apt-get update && apt-get install -y curl ca-certificates && rm -rf /var/lib/apt/lists/*');
    lines.push('COPY . .', 'RUN make build && \\', '    make test', 'USER 1000', 'EXPOSE 8080', '# padding comment');
  }
  return lines.slice(0, 300).join('\n') + '\n';
}

function manifest() {
  const docs = [];
  for (let i = 0; i < 60; i++) {
    docs.push(
      i % 2 === 0
        ? `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app${i}\nspec:\n  selector:\n    matchLabels: {app: app${i}}\n  template:\n    metadata:\n      labels: {app: app${i}}\n    spec:\n      containers:\n        - name: app\n          image: nginx:1.27\n          ports: [{containerPort: 8080, name: http}]\n`
        : `apiVersion: v1\nkind: Service\nmetadata:\n  name: app${i - 1}\nspec:\n  selector: {app: app${i - 1}}\n  ports: [{port: 80, targetPort: http}]\n`,
    );
  }
  return docs.join('---\n');
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const spawnedAt = performance.now();
const child = spawn(process.execPath, [bin, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
child.on('exit', (code) => {
  if (code !== 0) {
    console.error(`the server exited with code ${code}`);
    process.exit(1);
  }
});
const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
const waiting = new Map();
connection.onNotification('textDocument/publishDiagnostics', (params) => {
  const key = `${params.uri}@${params.version}`;
  waiting.get(key)?.(params);
});
connection.onRequest(() => null);
connection.listen();
const diagnosticsOf = (uri, version) => new Promise((resolve) => waiting.set(`${uri}@${version}`, resolve));

// The documents are never saved: a folder with no drydock config above it, so every default rule runs.
const workspace = path.join(os.tmpdir(), 'drydock-bench-lsp');
await connection.sendRequest('initialize', {
  processId: process.pid,
  rootUri: null,
  capabilities: {},
  initializationOptions: { debounceMs: 0 },
});
const initializedAt = performance.now();
await connection.sendNotification('initialized', {});

const dockerUri = pathToFileURL(path.join(workspace, 'bench', 'Dockerfile')).href;
const firstDiagnostics = diagnosticsOf(dockerUri, 1);
await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: dockerUri, languageId: 'dockerfile', version: 1, text: dockerfile() } });
await firstDiagnostics;
const firstDiagnosticsAt = performance.now();
say(`start: initialize answered ${(initializedAt - spawnedAt).toFixed(0)} ms after spawn; first Dockerfile diagnostics ${(firstDiagnosticsAt - spawnedAt).toFixed(0)} ms after spawn`);

async function measure(uri, languageId, text, line) {
  if (uri !== dockerUri) {
    const opened = diagnosticsOf(uri, 1);
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    await opened;
  }
  const times = [];
  for (let version = 2; version < edits + 2; version++) {
    // Type a character, then delete it: the text alternates and every version is linted.
    const insert = version % 2 === 0;
    const range = insert ? { start: { line, character: 0 }, end: { line, character: 0 } } : { start: { line, character: 0 }, end: { line, character: 1 } };
    const published = diagnosticsOf(uri, version);
    const sent = performance.now();
    await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text: insert ? ' ' : '' }] });
    await published;
    times.push(performance.now() - sent);
  }
  times.sort((a, b) => a - b);
  const round = (ms) => +ms.toFixed(1);
  return { p50: round(percentile(times, 50)), p95: round(percentile(times, 95)), max: round(times.at(-1)) };
}

const docker = await measure(dockerUri, 'dockerfile', null, 150);
say(`Dockerfile (300 lines), ${edits} edits: p50 ${docker.p50} ms, p95 ${docker.p95} ms, max ${docker.max} ms`);
const manifestUri = pathToFileURL(path.join(workspace, 'bench', 'app.yaml')).href;
const k8s = await measure(manifestUri, 'yaml', manifest(), 3);
say(`manifest (60 objects), ${edits} edits: p50 ${k8s.p50} ms, p95 ${k8s.p95} ms, max ${k8s.max} ms`);
if (json) {
  const record = {
    edits,
    initializeMs: Math.round(initializedAt - spawnedAt),
    firstDiagnosticsMs: Math.round(firstDiagnosticsAt - spawnedAt),
    documents: { 'Dockerfile, 300 lines': docker, 'manifest, 60 objects': k8s },
  };
  console.log(JSON.stringify(record));
}

await connection.sendRequest('shutdown');
await connection.sendNotification('exit');
