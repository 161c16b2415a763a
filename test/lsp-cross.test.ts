/**
 * The language server's checks between a manifest and the Dockerfile of its
 * image: the diagnostic sits in the manifest and its relatedInformation points
 * at the Dockerfile line; the Dockerfile's unsaved text counts.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { drydockBin, TestClient, uriOf } from './fixtures/lsp/client.js';

const clients: TestClient[] = [];
const folders: string[] = [];
afterAll(async () => {
  for (const client of clients) await client.stop().catch(() => undefined);
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

const MANIFEST = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: api\nspec:\n  securityContext:\n    runAsNonRoot: true\n  containers:\n    - name: api\n      image: ghcr.io/acme/api:1.0\n';

// dist/ is built by `npm ci` (the `prepare` script); run `npm run build` after changing src/.
describe.runIf(existsSync(drydockBin))('drydock lsp: checks between manifests and Dockerfiles', () => {
  it('reports in the manifest with relatedInformation at the Dockerfile line, and follows the open Dockerfile', async () => {
    const project = mkdtempSync(path.join(tmpdir(), 'drydock-lsp-cross-'));
    folders.push(project);
    const dockerfile = path.join(project, 'services', 'api', 'Dockerfile');
    mkdirSync(path.dirname(dockerfile), { recursive: true });
    writeFileSync(dockerfile, 'FROM debian:12\nRUN useradd -u 10001 app\nUSER root\nCMD ["/app"]\n');
    writeFileSync(path.join(project, 'skaffold.yaml'), 'apiVersion: skaffold/v4beta11\nkind: Config\nbuild:\n  artifacts:\n    - image: ghcr.io/acme/api\n      context: services/api\n');
    const { client } = await TestClient.start({ rootPath: project });
    clients.push(client);
    const uri = await client.open(path.join(project, 'k8s', 'pod.yaml'), MANIFEST, 'yaml');
    // The index (with the skaffold.yaml and the Dockerfile) is built in the background; the manifest is linted again when it is ready.
    const found = await client.until(() => (client.diagnostics.get(uri)?.at(-1)?.diagnostics ?? []).find((d) => d.code === 'cross/run-as-non-root-image-user'));
    expect(found.range).toEqual({ start: { line: 6, character: 18 }, end: { line: 6, character: 22 } });
    expect(found.severity).toBe(1);
    expect(found.relatedInformation).toEqual([
      { location: { uri: uriOf(dockerfile), range: { start: { line: 2, character: 0 }, end: { line: 2, character: 9 } } }, message: 'the image runs as root here' },
    ]);

    // Fixing the USER in the open Dockerfile (unsaved) clears the manifest's diagnostic.
    const dockerUri = await client.open(dockerfile, 'FROM debian:12\nRUN useradd -u 10001 app\nUSER 10001\nCMD ["/app"]\n', 'dockerfile');
    await client.diagnosticsFor(dockerUri, 0, 1);
    await client.until(() => {
      const latest = client.diagnostics.get(uri)?.at(-1)?.diagnostics;
      return latest && !latest.some((d) => d.code === 'cross/run-as-non-root-image-user') ? true : undefined;
    });
  });
});
