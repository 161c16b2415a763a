/** The language server in-process over streams: a crashing rule, and memory over 10,000 edits. */
import { PassThrough } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { describe, expect, it } from 'vitest';
import { defineDockerfileRule, type AnyRule } from '../src/core/rule.js';
import { startServer } from '../src/lsp/server.js';
import { allRules } from '../src/rules/index.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

interface Published {
  version?: number;
  diagnostics: Array<{ code?: string }>;
}

/** A server and a client joined by in-memory streams (no `exit`: that would end the test process). */
async function connect(rules?: readonly AnyRule[]) {
  const toServer = new PassThrough();
  const fromServer = new PassThrough();
  const serverConnection = createConnection(ProposedFeatures.all, new StreamMessageReader(toServer), new StreamMessageWriter(fromServer));
  startServer(serverConnection, { debounceMs: 0, rules });
  const client = createMessageConnection(new StreamMessageReader(fromServer), new StreamMessageWriter(toServer));
  const waiters = new Map<number, (params: Published) => void>();
  const logs: string[] = [];
  client.onNotification('textDocument/publishDiagnostics', (params: Published) => waiters.get(params.version ?? -1)?.(params));
  client.onNotification('window/logMessage', (params: { message: string }) => logs.push(params.message));
  client.onRequest(() => null);
  client.listen();
  await client.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} });
  await client.sendNotification('initialized', {});
  /** Resolves with the diagnostics of `version` (register before sending the change that makes it). */
  const diagnosticsOf = (version: number) =>
    new Promise<Published>((resolve) =>
      waiters.set(version, (params) => {
        waiters.delete(version);
        resolve(params);
      }),
    );
  const close = () => {
    client.dispose();
    serverConnection.dispose();
  };
  return { client, logs, diagnosticsOf, close };
}

const crashingRule = defineDockerfileRule({
  meta: {
    id: 'dockerfile/test-crash',
    title: 'Always crashes',
    severity: 'error',
    category: 'correctness',
    rationale: 'A rule with a bug, for the test.',
    aliases: {},
    fixable: false,
    defaultOptions: {},
    examples: { bad: [], good: [] },
  },
  check() {
    throw new Error('boom');
  },
});

describe('language server in-process', () => {
  it('logs a rule that crashes to the client and still reports the other rules', async () => {
    const { client, logs, diagnosticsOf, close } = await connect([crashingRule, ...allRules]);
    const uri = 'file:///crash/Dockerfile';
    const published = diagnosticsOf(1);
    await client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text: 'FROM ubuntu\n' } });
    const { diagnostics } = await published;
    expect(diagnostics.map((d) => d.code)).toContain('dockerfile/unpinned-base-image');
    expect(logs.some((message) => message.includes('/crash/Dockerfile: rule dockerfile/test-crash failed: boom'))).toBe(true);
    close();
  });

  it('keeps memory flat over 10,000 incremental edits', async () => {
    const { client, diagnosticsOf, close } = await connect();
    const uri = 'file:///memory/Dockerfile';
    const text = 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\nUSER 1000\n';
    const opened = diagnosticsOf(1);
    await client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
    await opened;

    let version = 1;
    /** 100 edits sent back to back (typing a character, deleting it), then the diagnostics of the last one. */
    const batch = async () => {
      const done = diagnosticsOf(version + 100);
      for (let i = 0; i < 100; i++) {
        version++;
        const insert = version % 2 === 0;
        const range = { start: { line: 1, character: 4 }, end: { line: 1, character: insert ? 4 : 5 } };
        await client.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text: insert ? 'x' : '' }] });
      }
      const { diagnostics } = await done;
      expect(diagnostics.map((d) => d.code)).toContain('dockerfile/apt-no-install-recommends');
    };

    for (let i = 0; i < 10; i++) await batch();
    const warm = heapAfterGc();
    for (let i = 0; i < 90; i++) await batch();
    const after = heapAfterGc();
    expect(version).toBe(10_001);
    // A leak of one small object per edit would show as several MB over 9,000 edits.
    expect(after - warm).toBeLessThan(3 * 1024 * 1024);
    close();
  });
});
