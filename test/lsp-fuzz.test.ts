/**
 * The language server under a fuzzed edit sequence: corpus files are opened
 * and hit with random incremental inserts and deletes (half-typed keys,
 * quotes, continuations, tabs, NULs…). The server must never crash, and its
 * diagnostics for the last version must equal a fresh CLI run on that text.
 * LSP_FUZZ_FILES / LSP_FUZZ_EDITS make it longer locally; FUZZ_SEED replays a run.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../src/lsp/server.js';
import { looksLikeKubernetes } from '../src/lsp/workspace-index.js';
import { runCli } from './support/cli.js';
import { corpusFiles, corpusPresent, type CorpusFile } from './support/corpus.js';

const FILES = Number(process.env.LSP_FUZZ_FILES ?? 24);
const EDITS = Number(process.env.LSP_FUZZ_EDITS ?? 40);
const SEED = Number(process.env.FUZZ_SEED ?? 20261122);

/** Small deterministic PRNG (mulberry32), so that a failing seed can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fragments people type (and break) in Dockerfiles and YAML. */
const FRAGMENTS = ['\n', ' ', '\t', '\\\n', '"', "'", ':', '- ', '  ', '{', '}', '[', ']', '$', '${', '#', '&&', '|', 'RUN ', 'FROM ', 'USER ', '<<EOF\n', 'EOF\n', 'image: ', 'securityContext:\n', 'privileged: true', '---\n', '&a ', '*a', '\r\n', 'é', '😀', 'x'];

interface Change {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  text: string;
}

/** A random insert or delete on `text`, as the LSP change an editor sends, and the text after it. */
function randomEdit(text: string, next: () => number): { change: Change; text: string } {
  const pick = (n: number) => Math.floor(next() * n);
  const start = cursor(text, pick(text.length + 1));
  const end = next() < 0.45 ? cursor(text, Math.min(text.length, start + 1 + pick(12))) : start;
  const insert = end > start && next() < 0.5 ? '' : FRAGMENTS[pick(FRAGMENTS.length)];
  return { change: { range: { start: position(text, start), end: position(text, end) }, text: insert }, text: text.slice(0, start) + insert + text.slice(end) };
}

/** Moves an offset where an editor's cursor can be: not inside a surrogate pair, not between `\r` and `\n`. */
function cursor(text: string, offset: number): number {
  if (offset > 0 && offset < text.length && /[\uDC00-\uDFFF]/.test(text[offset])) return offset - 1;
  if (offset > 0 && text[offset - 1] === '\r' && text[offset] === '\n') return offset - 1;
  return offset;
}

/** The LSP position of an offset: lines end at `\r\n`, `\r` or `\n`; characters are UTF-16 code units. */
function position(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: offset - lineStart };
}

interface Diagnostic {
  code?: string;
  message: string;
  severity?: number;
  range: Change['range'];
}

/** A comparable line per finding: rule, 1-based range, severity and message. */
function key(code: string | undefined, range: Change['range'], severity: string, message: string): string {
  return `${code} ${range.start.line + 1}:${range.start.character + 1}-${range.end.line + 1}:${range.end.character + 1} ${severity} ${message}`;
}

const SEVERITY_NAMES: Record<number, string> = { 1: 'error', 2: 'warning', 3: 'info', 4: 'info' };

function sample(files: CorpusFile[], count: number, next: () => number): CorpusFile[] {
  const pool = files.filter((file) => readFileSync(file.absolute).length < 40_000);
  const chosen: CorpusFile[] = [];
  while (chosen.length < count && pool.length > 0) chosen.push(pool.splice(Math.floor(next() * pool.length), 1)[0]);
  return chosen;
}

describe.skipIf(!corpusPresent)('language server under fuzzed edits', () => {
  const next = random(SEED);
  const all = corpusFiles();
  const dockerfiles = sample(all.filter((file) => file.language === 'dockerfile'), Math.ceil(FILES / 2), next);
  const manifests = sample(all.filter((file) => file.language === 'k8s'), Math.floor(FILES / 2), next);
  let folder: string;

  beforeAll(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'drydock-lsp-fuzz-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it(`survives ${EDITS} random edits on each of ${FILES} corpus files and ends where a fresh CLI run does (seed ${SEED})`, async () => {
    const toServer = new PassThrough();
    const fromServer = new PassThrough();
    const serverConnection = createConnection(ProposedFeatures.all, new StreamMessageReader(toServer), new StreamMessageWriter(fromServer));
    startServer(serverConnection, { debounceMs: 0 });
    const client = createMessageConnection(new StreamMessageReader(fromServer), new StreamMessageWriter(toServer));
    const waiting = new Map<string, { version: number; resolve: (diagnostics: Diagnostic[]) => void }>();
    const errors: string[] = [];
    client.onNotification('textDocument/publishDiagnostics', (params: { uri: string; version?: number; diagnostics: Diagnostic[] }) => {
      const waiter = waiting.get(params.uri);
      if (waiter && params.version === waiter.version) waiter.resolve(params.diagnostics);
    });
    client.onNotification('window/logMessage', (params: { type: number; message: string }) => {
      if (params.type === 1) errors.push(params.message);
    });
    client.onRequest(() => null);
    client.listen();
    const mismatches: string[] = [];
    try {
      await client.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} });
      await client.sendNotification('initialized', {});
      for (const [index, file] of [...dockerfiles, ...manifests].entries()) {
        // One folder per file, so the CLI run below sees that file alone, as the server does.
        const name = file.display.split('__').pop() ?? 'file';
        const dir = path.join(folder, String(index));
        const target = path.join(dir, name);
        const uri = pathToFileURL(target).href;
        let text = readFileSync(file.absolute, 'utf8');
        await client.sendNotification('textDocument/didOpen', {
          textDocument: { uri, languageId: file.language === 'dockerfile' ? 'dockerfile' : 'yaml', version: 1, text },
        });
        let version = 1;
        for (let i = 0; i < EDITS; i++) {
          const edit = randomEdit(text, next);
          text = edit.text;
          version++;
          await client.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [edit.change] });
        }
        // The last version's diagnostics (earlier runs are cancelled or superseded).
        const received = await new Promise<Diagnostic[]>((resolve) => waiting.set(uri, { version, resolve }));
        await client.sendNotification('textDocument/didClose', { textDocument: { uri } });

        // The server leaves YAML alone once it no longer looks like Kubernetes (the CLI lints any file it is given).
        if (file.language === 'k8s' && !looksLikeKubernetes(text)) {
          if (received.length > 0) mismatches.push(`${file.display} (seed ${SEED}): diagnostics on YAML that is not Kubernetes`);
          continue;
        }
        mkdirSync(dir);
        writeFileSync(target, text);
        const cli = await runCli(['--format', 'json', name], dir);
        const report = JSON.parse(cli.stdout) as {
          files: Array<{ findings: Array<{ ruleId: string; severity: string; message: string; line: number; column: number; endLine: number; endColumn: number }> }>;
        };
        const expected = (report.files[0]?.findings ?? [])
          .map((f) => key(f.ruleId, { start: { line: f.line - 1, character: f.column - 1 }, end: { line: f.endLine - 1, character: f.endColumn - 1 } }, f.severity, f.message))
          .sort();
        const actual = received.map((d) => key(d.code, d.range, SEVERITY_NAMES[d.severity ?? 1], d.message)).sort();
        if (JSON.stringify(actual) !== JSON.stringify(expected)) {
          mismatches.push(`${file.display} (seed ${SEED}):\n  server only: ${actual.filter((a) => !expected.includes(a)).join('\n    ')}\n  CLI only: ${expected.filter((e) => !actual.includes(e)).join('\n    ')}`);
        }
      }
    } finally {
      client.dispose();
      serverConnection.dispose();
    }
    expect(errors).toEqual([]);
    expect(mismatches).toEqual([]);
  }, 600_000);
});
