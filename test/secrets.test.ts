/**
 * Secrets never leave drydock whole: known credentials are planted in a
 * Dockerfile and a manifest, and every output (each report format, with
 * suppressed findings, the fix diff, and the language server's diagnostics,
 * hovers and code actions) is searched for them.
 */
import { cpSync, readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { describe, expect, it } from 'vitest';
import { maskSecret, maskSecrets, redactSecret, secretTexts } from '../src/core/secrets.js';
import { SourceText } from '../src/core/source.js';
import { startServer } from '../src/lsp/server.js';
import { reporters } from '../src/reporters/index.js';
import { runCli, tempTree } from './support/cli.js';

const FIXTURES = path.join(import.meta.dirname, 'fixtures', 'secrets');

/** The credentials written into the fixtures. */
const PLANTED = [
  'ghp_Zx9Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0Lz9Xc8V',
  'PlantedPassw0rdZq81',
  'PlantedApiKey7731x',
  'PlantedSlackHook1234',
  'PlantedCurlS3cret',
  'PlantedRootPw99',
  'PlantedMysqlPw42',
  'glpat-PlantedGitlab1234567890',
  'PlantedK8sPassw0rd9',
  'AKIAPLANTED000K8SKEY',
];

/** A secret counts as leaked when it appears whole, or when its hidden tail does (the mask keeps a short prefix). */
function leaks(output: string): string[] {
  return PLANTED.filter((secret) => output.includes(secret) || output.includes(secret.slice(-8)));
}

function fixtureTree(): string {
  const root = tempTree({});
  cpSync(FIXTURES, root, { recursive: true });
  return root;
}

describe('secret masking', () => {
  it('keeps the prefix and length in code, a fixed short form in messages', () => {
    expect(maskSecret('ghp_abcdefghijklmnop')).toBe('ghp_****************');
    expect(maskSecret('hunter2')).toBe('hu*****');
    expect(redactSecret('ghp_abcdefghijklmnop')).toBe('ghp_****');
    expect(maskSecrets('a hunter22 b hunter22', ['hunter22'])).toBe('a hu****** b hu******');
  });

  it('masks what is inside quotes, and ignores secrets too short to mask without hiding ordinary words', () => {
    const source = new SourceText('value: "s3cr3t-value"\nx: abc\n');
    const at = (start: number, end: number) => source.range(start, end);
    const finding = { ruleId: 'r', severity: 'error' as const, message: '', file: 'f', range: at(0, 1), secrets: [at(7, 21), at(25, 28)] };
    expect(secretTexts([finding], source)).toEqual(['s3cr3t-value']);
  });

  it('the fixtures plant every secret where a rule finds it', async () => {
    const root = fixtureTree();
    const { stdout } = await runCli(['--format', 'json', '--include-suppressed', '.'], root);
    const report = JSON.parse(stdout) as { files: Array<{ findings: unknown[]; suppressed?: unknown[] }> };
    const ruleIds = report.files.flatMap((file) => [...file.findings, ...(file.suppressed ?? [])]).map((finding) => (finding as { ruleId: string }).ruleId);
    for (const id of ['dockerfile/hardcoded-secret-value', 'dockerfile/secret-in-run', 'dockerfile/chpasswd', 'k8s/secret-in-env-value', 'dockerfile/secret-in-env-arg']) {
      expect(ruleIds).toContain(id);
    }
    // The fixtures really contain the secrets (else the searches below prove nothing).
    const planted = readFileSync(path.join(FIXTURES, 'Dockerfile'), 'utf8') + readFileSync(path.join(FIXTURES, 'deploy.yaml'), 'utf8');
    expect(PLANTED.filter((secret) => !planted.includes(secret))).toEqual([]);
  });

  const formats = Object.keys(reporters);
  it('covers every report format', () => {
    expect(formats).toEqual(expect.arrayContaining(['stylish', 'json', 'sarif', 'github', 'gitlab', 'junit', 'checkstyle', 'compact']));
  });

  for (const format of formats) {
    it(`never prints a planted secret: --format ${format}, with suppressed findings`, async () => {
      const root = fixtureTree();
      const { code, stdout, stderr } = await runCli(['--format', format, '--include-suppressed', '--verbose', '.'], root);
      expect(code).toBe(1);
      expect(stdout.length).toBeGreaterThan(200);
      expect(leaks(stdout + stderr)).toEqual([]);
    });
  }

  it('never prints a planted secret in the --fix-dry-run diff', async () => {
    const root = fixtureTree();
    const { stdout, stderr } = await runCli(['--fix-dry-run', '.'], root);
    expect(stdout).toContain('+ENV SLACK_WEBHOOK=');
    expect(leaks(stdout + stderr)).toEqual([]);
  });

  it('--fix still writes the real text: masking is for outputs only', async () => {
    const root = fixtureTree();
    await runCli(['--fix', '.'], root);
    const fixed = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
    expect(fixed).toContain('ENV SLACK_WEBHOOK=https://hooks.slack.com/services/T0PLANTED/B0PLANTED/PlantedSlackHook1234');
  });

  it('the language server never sends a planted secret in diagnostics, hovers or code action titles', async () => {
    const toServer = new PassThrough();
    const fromServer = new PassThrough();
    const serverConnection = createConnection(ProposedFeatures.all, new StreamMessageReader(toServer), new StreamMessageWriter(fromServer));
    startServer(serverConnection, { debounceMs: 0 });
    const client = createMessageConnection(new StreamMessageReader(fromServer), new StreamMessageWriter(toServer));
    const published = new Map<string, (diagnostics: Diagnostic[]) => void>();
    client.onNotification('textDocument/publishDiagnostics', (params: { uri: string; diagnostics: Diagnostic[] }) => published.get(params.uri)?.(params.diagnostics));
    client.onRequest(() => null);
    client.listen();
    try {
      await client.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} });
      await client.sendNotification('initialized', {});
      const seen: string[] = [];
      for (const [name, languageId] of [
        ['Dockerfile', 'dockerfile'],
        ['deploy.yaml', 'yaml'],
      ] as const) {
        const uri = pathToFileURL(path.join(FIXTURES, name)).href;
        const diagnostics = new Promise<Diagnostic[]>((resolve) => published.set(uri, resolve));
        await client.sendNotification('textDocument/didOpen', {
          textDocument: { uri, languageId, version: 1, text: readFileSync(path.join(FIXTURES, name), 'utf8') },
        });
        const received = await diagnostics;
        expect(received.some((diagnostic) => /secret|credential/.test(diagnostic.message))).toBe(true);
        seen.push(JSON.stringify(received));
        for (const diagnostic of received) {
          seen.push(JSON.stringify(await client.sendRequest('textDocument/hover', { textDocument: { uri }, position: diagnostic.range.start })));
          const actions = (await client.sendRequest('textDocument/codeAction', {
            textDocument: { uri },
            range: diagnostic.range,
            context: { diagnostics: [diagnostic] },
          })) as Array<{ title: string; diagnostics?: Diagnostic[] }> | null;
          // Titles and the diagnostics they carry are shown; the edits must hold the file's real text to apply.
          for (const action of actions ?? []) seen.push(action.title, JSON.stringify(action.diagnostics ?? []));
        }
      }
      expect(leaks(seen.join('\n'))).toEqual([]);
    } finally {
      client.dispose();
      serverConnection.dispose();
    }
  });
});

interface Diagnostic {
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}
