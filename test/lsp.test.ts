/** The language server driven over stdio by a JSON-RPC client, as editors drive it. */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CodeAction, Diagnostic, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { drydockBin, TestClient, uriOf } from './fixtures/lsp/client.js';

const DOCKERFILE = 'FROM ubuntu\nRUN apt-get update && apt-get install -y curl\n';
const MANIFEST =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n';

const range = (sl: number, sc: number, el: number, ec: number) => ({ start: { line: sl, character: sc }, end: { line: el, character: ec } });
const byCode = (diagnostics: Diagnostic[], code: string) => diagnostics.filter((d) => d.code === code);

/** The text edits of a workspace edit for one document (`changes` or `documentChanges`). */
function editsOf(edit: WorkspaceEdit, uri: string): TextEdit[] {
  if (edit.changes) return edit.changes[uri] ?? [];
  return (edit.documentChanges ?? []).flatMap((change) => ('textDocument' in change && change.textDocument.uri === uri ? (change.edits as TextEdit[]) : []));
}

function applied(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'x', 1, text), edits);
}

let workspace: string;
const clients: TestClient[] = [];

async function start(options: Partial<Parameters<typeof TestClient.start>[0]> = {}) {
  const started = await TestClient.start({ rootPath: workspace, ...options });
  clients.push(started.client);
  return started;
}

beforeAll(() => {
  workspace = mkdtempSync(path.join(tmpdir(), 'drydock-lsp-'));
});
afterAll(() => rmSync(workspace, { recursive: true, force: true }));
afterEach(async () => {
  for (const client of clients.splice(0)) await client.stop().catch(() => undefined);
  rmSync(path.join(workspace, '.drydock.yaml'), { force: true });
});

// dist/ is built by `npm ci` (the `prepare` script); run `npm run build` after changing src/.
describe.runIf(existsSync(drydockBin))('drydock lsp --stdio', () => {
  it('announces incremental sync, code actions, hover and symbols', async () => {
    const { client, initializeResult } = await start();
    const capabilities = initializeResult.capabilities;
    expect(capabilities.textDocumentSync.change).toBe(2);
    expect(capabilities.codeActionProvider.codeActionKinds).toEqual(['quickfix', 'source.fixAll.drydock']);
    expect(capabilities.hoverProvider).toBe(true);
    expect(capabilities.documentSymbolProvider).toBe(true);
    expect(capabilities.diagnosticProvider).toBeUndefined();
    expect(initializeResult.serverInfo.name).toBe('drydock');
    expect(await client.stop()).toBe(0);
  });

  it('accepts --clientProcessId as vscode-languageclient passes it, and exits when that process has gone', async () => {
    const editor = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      const { client, initializeResult } = await start({ args: [`--clientProcessId=${editor.pid}`] });
      expect(initializeResult.serverInfo.name).toBe('drydock');
      const uri = await client.open(path.join(workspace, 'Dockerfile'), DOCKERFILE, 'dockerfile');
      expect(byCode(await client.diagnosticsFor(uri, 0, 1), 'dockerfile/unpinned-base-image')).toHaveLength(1);
      const exited = new Promise<number | null>((resolve) => client.process.once('exit', (code) => resolve(code)));
      editor.kill();
      // Exit code 1: the editor went away without the shutdown request.
      expect(await exited).toBe(1);
    } finally {
      editor.kill();
    }
  });

  it('publishes diagnostics with exact ranges, severity, code and docs link for a Dockerfile and a manifest', async () => {
    const { client } = await start();
    const docker = await client.open(path.join(workspace, 'Dockerfile'), DOCKERFILE, 'dockerfile');
    const diagnostics = await client.diagnosticsFor(docker, 0, 1);
    const [unpinned] = byCode(diagnostics, 'dockerfile/unpinned-base-image');
    expect(unpinned.range).toEqual(range(0, 5, 0, 11));
    expect(unpinned.severity).toBe(2);
    expect(unpinned.source).toBe('drydock');
    expect(unpinned.codeDescription?.href).toMatch(/\/docs\/rules\/dockerfile\/unpinned-base-image\.md$/);
    expect(byCode(diagnostics, 'dockerfile/apt-no-install-recommends')[0].range).toEqual(range(1, 22, 1, 45));

    const manifest = await client.open(path.join(workspace, 'deploy.yaml'), MANIFEST, 'yaml');
    const k8s = await client.diagnosticsFor(manifest, 0, 1);
    expect(byCode(k8s, 'k8s/container-resources')[0].range).toEqual(range(8, 10, 8, 19));
  });

  it('tags deprecated syntax and text without effect', async () => {
    const { client } = await start();
    const uri = await client.open(path.join(workspace, 'Dockerfile'), 'FROM alpine:3.20\nRUN true\nFROM alpine:3.20\nMAINTAINER me\n', 'dockerfile');
    const diagnostics = await client.diagnosticsFor(uri, 0, 1);
    expect(byCode(diagnostics, 'dockerfile/maintainer-deprecated')[0].tags).toEqual([2]);
    expect(byCode(diagnostics, 'dockerfile/unused-stage')[0].tags).toEqual([1]);
    expect(byCode(diagnostics, 'dockerfile/final-user-root')[0].tags).toBeUndefined();
  });

  it('leaves YAML that holds no Kubernetes object alone', async () => {
    const { client } = await start();
    const compose = await client.open(path.join(workspace, 'compose.yaml'), 'services:\n  web:\n    image: nginx\n', 'yaml');
    expect(await client.diagnosticsFor(compose, 0, 1)).toEqual([]);
  });

  it('updates diagnostics after incremental changes, for the latest version only', async () => {
    const { client } = await start();
    const uri = await client.open(path.join(workspace, 'Dockerfile'), DOCKERFILE, 'dockerfile');
    await client.diagnosticsFor(uri, 0, 1);
    const before = client.published(uri);
    // Three quick edits: the debounce folds them (usually into one run for version 4).
    await client.change(uri, [{ range: range(0, 11, 0, 11), newText: ':2' }]);
    await client.change(uri, [{ range: range(0, 13, 0, 13), newText: '4.0' }]);
    const version = await client.change(uri, [{ range: range(0, 16, 0, 16), newText: '4' }]);
    expect(client.text(uri).split('\n')[0]).toBe('FROM ubuntu:24.04');
    const after = await client.diagnosticsFor(uri, before, version);
    expect(byCode(after, 'dockerfile/unpinned-base-image')).toEqual([]);
    expect(byCode(after, 'dockerfile/apt-no-install-recommends')[0].range).toEqual(range(1, 22, 1, 45));
    // Stale runs are dropped: versions only go up, and nothing older comes after the latest.
    const versions = client.diagnostics.get(uri)!.slice(before).map((p) => p.version!);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(versions.at(-1)).toBe(version);
  });

  it('offers the fix as the preferred quick fix; applying it removes the finding', async () => {
    const { client } = await start();
    const uri = await client.open(path.join(workspace, 'Dockerfile'), DOCKERFILE, 'dockerfile');
    const diagnostics = await client.diagnosticsFor(uri, 0, 1);
    const apt = byCode(diagnostics, 'dockerfile/apt-no-install-recommends')[0];
    const actions: CodeAction[] = await client.request('textDocument/codeAction', {
      textDocument: { uri },
      range: apt.range,
      context: { diagnostics: [apt], only: ['quickfix'] },
    });
    const fix = actions.find((action) => action.isPreferred)!;
    expect(fix.kind).toBe('quickfix');
    expect(fix.diagnostics?.[0].code).toBe('dockerfile/apt-no-install-recommends');
    expect(actions.filter((action) => action.isPreferred)).toHaveLength(1);
    const edits = editsOf(fix.edit!, uri);
    expect(applied(DOCKERFILE, edits)).toBe('FROM ubuntu\nRUN apt-get update && apt-get install --no-install-recommends -y curl\n');
    const before = client.published(uri);
    const version = await client.change(uri, edits);
    const after = await client.diagnosticsFor(uri, before, version);
    expect(byCode(after, 'dockerfile/apt-no-install-recommends')).toEqual([]);
  });

  it('offers "fix all" as source.fixAll.drydock with the same result as --fix', async () => {
    const { client } = await start();
    const text = 'FROM debian:12\nRUN apt-get install -y curl\nRUN apt-get install -y git\n';
    const uri = await client.open(path.join(workspace, 'Dockerfile'), text, 'dockerfile');
    await client.diagnosticsFor(uri, 0, 1);
    const actions: CodeAction[] = await client.request('textDocument/codeAction', {
      textDocument: { uri },
      range: range(0, 0, 0, 0),
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    expect(actions.map((action) => action.kind)).toEqual(['source.fixAll.drydock']);
    const fixed = applied(text, editsOf(actions[0].edit!, uri));
    expect(fixed).toContain('RUN apt-get install --no-install-recommends -y curl\nRUN apt-get install --no-install-recommends -y git\n');
    const cli = spawnSync(process.execPath, [drydockBin, '-', '--fix', '--stdin-filename', 'Dockerfile'], { input: text, encoding: 'utf8', cwd: workspace });
    expect(fixed).toBe(cli.stdout);
  });

  it('offers ignore comments for the line and the file, above the instruction and after parser directives', async () => {
    const { client } = await start();
    const text = '# syntax=docker/dockerfile:1\nFROM debian:12\nRUN apt-get update && \\\n    apt-get install -y curl\n';
    const uri = await client.open(path.join(workspace, 'Dockerfile'), text, 'dockerfile');
    const diagnostics = await client.diagnosticsFor(uri, 0, 1);
    const apt = byCode(diagnostics, 'dockerfile/apt-no-install-recommends')[0];
    expect(apt.range.start.line).toBe(3);
    const actions: CodeAction[] = await client.request('textDocument/codeAction', { textDocument: { uri }, range: apt.range, context: { diagnostics: [apt] } });
    const line = actions.find((action) => action.title === 'Ignore dockerfile/apt-no-install-recommends for this line')!;
    const file = actions.find((action) => action.title === 'Ignore dockerfile/apt-no-install-recommends for this file')!;
    expect(line.isPreferred).toBe(false);
    expect(applied(text, editsOf(line.edit!, uri))).toBe(
      '# syntax=docker/dockerfile:1\nFROM debian:12\n# drydock-ignore dockerfile/apt-no-install-recommends -- reason\nRUN apt-get update && \\\n    apt-get install -y curl\n',
    );
    expect(applied(text, editsOf(file.edit!, uri))).toBe(
      '# syntax=docker/dockerfile:1\n# drydock-ignore-file dockerfile/apt-no-install-recommends -- reason\nFROM debian:12\nRUN apt-get update && \\\n    apt-get install -y curl\n',
    );
    // Applied, the comment suppresses the finding.
    const before = client.published(uri);
    const version = await client.change(uri, editsOf(line.edit!, uri));
    expect(byCode(await client.diagnosticsFor(uri, before, version), 'dockerfile/apt-no-install-recommends')).toEqual([]);
  });

  it('puts the YAML ignore comment above the field, indented like it, and a snippet tab stop for clients that take one', async () => {
    const { client } = await start({ capabilities: { workspace: { workspaceEdit: { documentChanges: true, snippetEditSupport: true } } } as never });
    const uri = await client.open(path.join(workspace, 'deploy.yaml'), MANIFEST, 'yaml');
    const diagnostics = await client.diagnosticsFor(uri, 0, 1);
    const resources = byCode(diagnostics, 'k8s/container-resources')[0];
    const actions: CodeAction[] = await client.request('textDocument/codeAction', { textDocument: { uri }, range: resources.range, context: { diagnostics: [resources] } });
    const line = actions.find((action) => action.title === 'Ignore k8s/container-resources for this line')!;
    const change = line.edit!.documentChanges![0] as { textDocument: { version: number }; edits: Array<{ range: unknown; snippet: { value: string } }> };
    expect(change.textDocument.version).toBe(1);
    expect(change.edits).toEqual([{ range: range(8, 0, 8, 0), snippet: { kind: 'snippet', value: '        # drydock-ignore k8s/container-resources -- ${1:reason}\n' } }]);
    // The comment as the editor leaves it once the reason is typed suppresses the finding.
    const before = client.published(uri);
    const version = await client.change(uri, [{ range: range(8, 0, 8, 0), newText: '        # drydock-ignore k8s/container-resources -- sized by the VPA\n' }]);
    const after = await client.diagnosticsFor(uri, before, version);
    expect(byCode(after, 'k8s/container-resources')).toEqual([]);
    expect(byCode(after, 'k8s/run-as-non-root')).toHaveLength(1);
  });

  it('shows the rule documentation on hover over a finding, and nothing elsewhere', async () => {
    const { client } = await start();
    const uri = await client.open(path.join(workspace, 'Dockerfile'), DOCKERFILE, 'dockerfile');
    await client.diagnosticsFor(uri, 0, 1);
    const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 7 } });
    expect(hover.range).toEqual(range(0, 5, 0, 11));
    const markdown: string = hover.contents.value;
    expect(hover.contents.kind).toBe('markdown');
    expect(markdown).toContain('**Base image is not pinned to a version** · `dockerfile/unpinned-base-image`');
    expect(markdown).toContain('**Why:**');
    expect(markdown).toContain('Bad:\n\n```dockerfile\nFROM ubuntu\n```');
    expect(markdown).toContain('hadolint `DL3006`, `DL3007`');
    expect(await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 2 } })).toBeNull();
  });

  it('lists stages and instructions, objects and containers as document symbols', async () => {
    const { client } = await start();
    const docker = await client.open(path.join(workspace, 'Dockerfile'), 'ARG V=1\nFROM golang:1.23 AS build\nRUN go build\nFROM alpine:3.20\nCOPY --from=build /app /app\n', 'dockerfile');
    const symbols = await client.request('textDocument/documentSymbol', { textDocument: { uri: docker } });
    expect(symbols.map((s: any) => [s.name, s.children?.map((c: any) => c.name)])).toEqual([
      ['ARG', undefined],
      ['build', ['FROM', 'RUN']],
      ['stage 1', ['FROM', 'COPY']],
    ]);
    expect(symbols[1].range).toEqual(range(1, 0, 2, 12));
    expect(symbols[1].selectionRange).toEqual(range(1, 20, 1, 25));

    const manifest = await client.open(path.join(workspace, 'deploy.yaml'), `${MANIFEST}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web-svc\n`, 'yaml');
    const k8s = await client.request('textDocument/documentSymbol', { textDocument: { uri: manifest } });
    expect(k8s.map((s: any) => [s.name, s.children.map((c: any) => c.name)])).toEqual([
      ['Deployment/web', ['web']],
      ['Service/web-svc', []],
    ]);
    expect(k8s[0].children[0].selectionRange).toEqual(range(8, 16, 8, 19));
  });

  it('answers pull diagnostics (LSP 3.17) instead of pushing when the client pulls', async () => {
    const { client, initializeResult } = await start({ capabilities: { textDocument: { diagnostic: { dynamicRegistration: false } } } });
    expect(initializeResult.capabilities.diagnosticProvider).toMatchObject({ interFileDependencies: true, workspaceDiagnostics: false });
    const uri = await client.open(path.join(workspace, 'Dockerfile'), DOCKERFILE, 'dockerfile');
    const report = await client.request('textDocument/diagnostic', { textDocument: { uri } });
    expect(report.kind).toBe('full');
    expect(byCode(report.items, 'dockerfile/unpinned-base-image')[0].range).toEqual(range(0, 5, 0, 11));
    await client.change(uri, [{ range: range(0, 11, 0, 11), newText: ':24.04' }]);
    const next = await client.request('textDocument/diagnostic', { textDocument: { uri } });
    expect(byCode(next.items, 'dockerfile/unpinned-base-image')).toEqual([]);
    expect(client.published(uri)).toBe(0);
  });

  it('re-lints open documents when .drydock.yaml changes, and shows config errors at their line', async () => {
    const { client } = await start();
    const uri = await client.open(path.join(workspace, 'Dockerfile'), DOCKERFILE, 'dockerfile');
    expect(byCode(await client.diagnosticsFor(uri, 0, 1), 'dockerfile/unpinned-base-image')).toHaveLength(1);
    const configFile = path.join(workspace, '.drydock.yaml');
    writeFileSync(configFile, 'rules:\n  DL3006: off\n');
    let before = client.published(uri);
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(configFile), type: 1 }] });
    expect(byCode(await client.diagnosticsFor(uri, before), 'dockerfile/unpinned-base-image')).toEqual([]);

    writeFileSync(configFile, 'rules:\n  no-such-rule: off\n');
    before = client.published(uri);
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(configFile), type: 2 }] });
    const configDiagnostics = await client.diagnosticsFor(uriOf(configFile), 0);
    expect(configDiagnostics[0].range.start).toEqual({ line: 1, character: 2 });
    expect(configDiagnostics[0].message).toContain('unknown rule "no-such-rule"');
    // Linting goes on with the defaults.
    expect(byCode(await client.diagnosticsFor(uri, before), 'dockerfile/unpinned-base-image')).toHaveLength(1);
  });

  it('honours drydock.enable, drydock.run and drydock.configPath from the client', async () => {
    let settings: Record<string, unknown> = { enable: false };
    const { client } = await start({ capabilities: { workspace: { configuration: true } }, settings: () => settings });
    const uri = await client.open(path.join(workspace, 'Dockerfile'), DOCKERFILE, 'dockerfile');
    expect(await client.diagnosticsFor(uri, 0, 1)).toEqual([]);

    mkdirSync(path.join(workspace, 'conf'), { recursive: true });
    writeFileSync(path.join(workspace, 'conf', 'strict.yaml'), 'rules:\n  dockerfile/final-user-root: off\n');
    settings = { enable: true, run: 'onSave', configPath: 'conf/strict.yaml' };
    let before = client.published(uri);
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    const enabled = await client.diagnosticsFor(uri, before);
    expect(byCode(enabled, 'dockerfile/unpinned-base-image')).toHaveLength(1);
    expect(byCode(enabled, 'dockerfile/final-user-root')).toEqual([]);

    // onSave: an edit alone publishes nothing new; saving lints the saved text.
    await client.change(uri, [{ range: range(0, 11, 0, 11), newText: ':24.04' }]);
    before = client.published(uri);
    await client.notify('textDocument/didSave', { textDocument: { uri } });
    expect(byCode(await client.diagnosticsFor(uri, before), 'dockerfile/unpinned-base-image')).toEqual([]);
    expect(client.published(uri)).toBe(before + 1);
  });

  it('checks a Service against the Deployment in another file of the workspace, and follows its changes', async () => {
    const project = mkdtempSync(path.join(tmpdir(), 'drydock-lsp-project-'));
    try {
      const deployFile = path.join(project, 'deploy.yaml');
      const deploy = (portName: string) =>
        `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n          ports: [{containerPort: 8080, name: ${portName}}]\n`;
      writeFileSync(deployFile, deploy('http'));
      const { client } = await TestClient.start({ rootPath: project });
      clients.push(client);
      const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports: [{port: 80, targetPort: metrics}]\n';
      const uri = await client.open(path.join(project, 'service.yaml'), service, 'yaml');
      // The index is built in the background; once it has the Deployment, the Service is linted again.
      const found = await client.until(() => {
        const latest = client.diagnostics.get(uri)?.at(-1)?.diagnostics ?? [];
        const hit = byCode(latest, 'k8s/service-target-port')[0];
        return hit && !latest.some((d) => d.code === 'k8s/selects-nothing') ? hit : undefined;
      });
      expect(found.range).toEqual(range(6, 33, 6, 40));
      expect(found.relatedInformation?.[0].location.uri).toBe(uriOf(deployFile));

      // The Deployment, opened and edited to name its port "metrics", satisfies the Service.
      const deployUri = await client.open(deployFile, deploy('http'), 'yaml');
      await client.diagnosticsFor(deployUri, 0, 1);
      await client.change(deployUri, [{ range: range(14, 46, 14, 50), newText: 'metrics' }]);
      await client.until(() => {
        const latest = client.diagnostics.get(uri)?.at(-1)?.diagnostics;
        return latest && byCode(latest, 'k8s/service-target-port').length === 0 ? true : undefined;
      });
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('survives malformed documents and random edits, and keeps answering', async () => {
    const { client } = await start();
    const yaml = await client.open(path.join(workspace, 'broken.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: [\n  name: {{ x\n\t- : : :\n', 'yaml');
    await client.diagnosticsFor(yaml, 0, 1);
    const docker = await client.open(path.join(workspace, 'Dockerfile'), 'FROM \\\n\u0000RUN <<EOF\n["a",\nONBUILD ONBUILD\n', 'dockerfile');
    await client.diagnosticsFor(docker, 0, 1);
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const pieces = ['\n', 'RUN ', '\\\n', '"', '[', '{', ': ', '- ', '\t', '😀', '${', 'FROM x AS y\n', '#', '<<EOF\n', 'apiVersion: v1\n', 'kind: Pod\n'];
    let version = 1;
    for (let i = 0; i < 200; i++) {
      const uri = i % 2 ? yaml : docker;
      const text = client.text(uri);
      const lines = text.split('\n');
      const line = random(lines.length);
      const start = { line, character: random(lines[line].length + 1) };
      const deleteTo = random(3) === 0 ? { line, character: Math.min(lines[line].length, start.character + random(5)) } : start;
      version = await client.change(uri, [{ range: { start, end: deleteTo }, newText: pieces[random(pieces.length)] }]);
    }
    await client.diagnosticsFor(yaml, 1, client.documents.get(yaml)!.version);
    await client.diagnosticsFor(docker, 1, client.documents.get(docker)!.version);
    expect(version).toBeGreaterThan(1);
    const symbols = await client.request('textDocument/documentSymbol', { textDocument: { uri: docker } });
    expect(Array.isArray(symbols)).toBe(true);
    expect(client.logs.filter((message) => message.includes('failed'))).toEqual([]);
    expect(await client.stop()).toBe(0);
  });
});
