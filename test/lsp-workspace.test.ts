/**
 * The language server and the files around the open documents: the workspace
 * index is walked without blocking requests, and Dockerfiles get their build
 * context (`.dockerignore`) from disk, kept current by file watching.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { discover, walkFolder } from '../src/cli/discover.js';
import { drydockBin, TestClient, uriOf } from './fixtures/lsp/client.js';

const byCode = (diagnostics: Diagnostic[], code: string) => diagnostics.filter((d) => d.code === code);

const deployment = (name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    matchLabels: {app: ${name}}\n  template:\n    metadata:\n      labels: {app: ${name}}\n    spec:\n      containers:\n        - name: ${name}\n          image: nginx:1.27\n          ports: [{containerPort: 8080, name: http}]\n`;
const service = (name: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector: {app: ${name}}\n  ports: [{port: 80, targetPort: http}]\n`;

const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempFolder(prefix: string): string {
  const folder = mkdtempSync(path.join(tmpdir(), prefix));
  cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

async function startClient(rootPath: string, capabilities: Parameters<typeof TestClient.start>[0]['capabilities'] = {}): Promise<TestClient> {
  const { client } = await TestClient.start({ rootPath, capabilities });
  cleanups.push(() => client.stop().catch(() => undefined));
  return client;
}

describe('walkFolder', () => {
  it('finds the same files as discover, folder by folder, with .gitignore, skipped folders and symlinked folders handled alike', async () => {
    const root = tempFolder('drydock-walk-');
    const write = (relative: string, text = 'x') => {
      mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
      writeFileSync(path.join(root, relative), text);
    };
    write('Dockerfile');
    write('b/deploy.yaml');
    write('a/nested/Containerfile');
    write('a/.gitignore', 'generated/\n*.tmp.yaml\n');
    write('a/generated/deploy.yaml');
    write('a/x.tmp.yaml');
    write('node_modules/pkg/deploy.yaml');
    write('notes.txt');
    const walked: string[] = [];
    const folders: string[] = [];
    for await (const { folder, files } of walkFolder(root)) {
      folders.push(path.relative(root, folder));
      walked.push(...files.map((file) => file.absolute));
    }
    expect(walked).toEqual(discover([root], root).targets.map((target) => target.absolute));
    expect(walked.map((file) => path.relative(root, file))).toEqual(['Dockerfile', 'a/nested/Containerfile', 'b/deploy.yaml']);
    expect(folders).toEqual(['', 'a', 'a/nested', 'b']);
  });
});

describe.runIf(existsSync(drydockBin))('workspace index in the server', () => {
  it('answers requests while it indexes a large tree, reports progress, and ends with every manifest indexed', async () => {
    // 2,000 folders without manifests, then the Deployment the open Service selects, in the last folder walked.
    // No manifest is read on the way, so only the walk itself can give way to requests.
    const root = tempFolder('drydock-lsp-big-');
    for (let i = 0; i < 2000; i++) {
      const folder = path.join(root, `pkg-${String(i).padStart(4, '0')}`);
      mkdirSync(folder);
      writeFileSync(path.join(folder, 'README.md'), `package ${i}\n`);
    }
    mkdirSync(path.join(root, 'zz-last'));
    writeFileSync(path.join(root, 'zz-last', 'deploy.yaml'), deployment('web'));

    const client = await startClient(root, { window: { workDoneProgress: true } });
    // In arrival order: progress notifications and the answer to our request.
    const events: string[] = [];
    const seen = new Map<string, () => void>();
    const progressOf = (kind: string) => new Promise<void>((resolve) => seen.set(kind, resolve));
    const [begun, ended] = [progressOf('begin'), progressOf('end')];
    client.connection.onNotification('$/progress', (params: { value: { kind: string; message?: string } }) => {
      events.push(`progress:${params.value.kind}${params.value.message ? `:${params.value.message}` : ''}`);
      seen.get(params.value.kind)?.();
    });
    const uri = await client.open(path.join(root, 'service.yaml'), service('web'), 'yaml');
    await begun;
    const symbols = client.request('textDocument/documentSymbol', { textDocument: { uri } }).then((answer) => {
      events.push('answer');
      return answer;
    });
    expect(await symbols).toEqual([expect.objectContaining({ name: 'Service/web' })]);

    // The index ends with the Deployment of the last folder: the Service no longer selects nothing.
    await ended;
    await client.until(() => {
      const latest = client.diagnostics.get(uri)?.at(-1)?.diagnostics;
      return latest && byCode(latest, 'k8s/selects-nothing').length === 0 ? true : undefined;
    });
    const reports = events.filter((event) => event.startsWith('progress:report'));
    expect(reports).toHaveLength(11); // every 200 folders, and the total
    expect(reports.at(-1)).toBe('progress:report:1 manifest in 2002 folders');
    // The answer came in the middle of the walk: folders were still being walked after it.
    const answeredAt = events.indexOf('answer');
    expect(events.indexOf('progress:begin')).toBeLessThan(answeredAt);
    expect(events.slice(answeredAt + 1, -2)).toContainEqual(expect.stringMatching(/^progress:report:0 manifests in \d+00 folders$/));
  });
});

describe.runIf(existsSync(drydockBin))('build context of Dockerfiles in the server', () => {
  const dockerfile = 'FROM node:22-slim\nWORKDIR /app\nCOPY package.json ./\nCOPY secrets/token.txt ./\nUSER 10001\n';

  it("reads the .dockerignore beside the Dockerfile, as the CLI does, and re-lints when it changes", async () => {
    const root = tempFolder('drydock-lsp-context-');
    const ignoreFile = path.join(root, '.dockerignore');
    writeFileSync(ignoreFile, '# build context\nsecrets/\n');
    const client = await startClient(root, { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } });
    const uri = await client.open(path.join(root, 'Dockerfile'), dockerfile, 'dockerfile');
    const first = byCode(await client.diagnosticsFor(uri, 0, 1), 'dockerfile/copy-ignored-file');
    expect(first).toHaveLength(1);
    expect(first[0].range).toEqual({ start: { line: 3, character: 5 }, end: { line: 3, character: 22 } });
    expect(first[0].message).toContain('"secrets/"');
    // The server asked to be told about .dockerignore files.
    const registration = client.requests.find((request) => request.method === 'client/registerCapability');
    expect(JSON.stringify(registration?.params)).toContain('.dockerignore');

    // An exception for the file: re-linted without the finding.
    writeFileSync(ignoreFile, 'secrets/\n!secrets/token.txt\n');
    let before = client.published(uri);
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(ignoreFile), type: 2 }] });
    expect(byCode(await client.diagnosticsFor(uri, before), 'dockerfile/copy-ignored-file')).toEqual([]);

    // `<Dockerfile>.dockerignore` wins over the folder's file, as in BuildKit.
    const ownIgnore = path.join(root, 'Dockerfile.dockerignore');
    writeFileSync(ownIgnore, 'package.json\n');
    before = client.published(uri);
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(ownIgnore), type: 1 }] });
    const own = byCode(await client.diagnosticsFor(uri, before), 'dockerfile/copy-ignored-file');
    expect(own.map((d) => d.range.start.line)).toEqual([2]);

    // Both gone: no build-context findings.
    unlinkSync(ownIgnore);
    unlinkSync(ignoreFile);
    before = client.published(uri);
    await client.notify('workspace/didChangeWatchedFiles', {
      changes: [
        { uri: uriOf(ownIgnore), type: 3 },
        { uri: uriOf(ignoreFile), type: 3 },
      ],
    });
    expect(byCode(await client.diagnosticsFor(uri, before), 'dockerfile/copy-ignored-file')).toEqual([]);
  });

  it('reads the .dockerignore on each lint when the client cannot watch files, and gives unsaved documents none', async () => {
    const root = tempFolder('drydock-lsp-context-');
    writeFileSync(path.join(root, '.dockerignore'), 'secrets\n');
    const client = await startClient(root);
    const uri = await client.open(path.join(root, 'Dockerfile'), dockerfile, 'dockerfile');
    expect(byCode(await client.diagnosticsFor(uri, 0, 1), 'dockerfile/copy-ignored-file')).toHaveLength(1);
    writeFileSync(path.join(root, '.dockerignore'), 'other\n');
    const version = await client.change(uri, [{ range: { start: { line: 4, character: 10 }, end: { line: 4, character: 10 } }, newText: ':10001' }]);
    expect(byCode(await client.diagnosticsFor(uri, 0, version), 'dockerfile/copy-ignored-file')).toEqual([]);

    writeFileSync(path.join(root, '.dockerignore'), 'secrets\n');
    const untitled = 'untitled:Untitled-1';
    // A file-less document has no build context; its other findings still come.
    const text = `${dockerfile}MAINTAINER someone@example.com\n`;
    await client.notify('textDocument/didOpen', { textDocument: { uri: untitled, languageId: 'dockerfile', version: 1, text } });
    const diagnostics = await client.diagnosticsFor(untitled, 0, 1);
    expect(diagnostics.map((d) => d.code)).toEqual(['dockerfile/maintainer-deprecated']);
  });
});
