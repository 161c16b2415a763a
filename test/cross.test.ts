/**
 * Checks across a Dockerfile and the manifests that run its image (src/cross/,
 * src/rules/cross/): image facts, linking (config, skaffold, compose,
 * kustomize, folder convention), `drydock links`, every cross rule firing and
 * staying quiet, through the library and the CLI, and related locations in
 * SARIF.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { applyFixes } from '../src/core/fix.js';
import type { Finding } from '../src/core/types.js';
import { durationSeconds, imageFacts } from '../src/cross/image-facts.js';
import { parseImageReference } from '../src/cross/image-reference.js';
import { discoverLinks, LinkTable } from '../src/cross/links.js';
import { parseDockerfile } from '../src/dockerfile/parser.js';
import { runCli } from './support/cli.js';
import { lintProjectSnippet } from './support/lint.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'cross');
const copies: string[] = [];
afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

/** A fixture project copied to a temporary folder (no `.git` above it, so it is its own project root). */
function copyFixture(name: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `drydock-cross-${name}-`));
  cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  copies.push(dir);
  return dir;
}

interface JsonFinding {
  ruleId: string;
  severity: string;
  message: string;
  line: number;
  column: number;
  related?: Array<{ file: string; range: { start: { line: number } }; message: string }>;
  suggestions?: Array<{ description: string; edits: Array<{ span: { start: number; end: number }; text: string }> }>;
}

/** Lints a fixture through the CLI: the cross findings by file. */
async function lintFixture(name: string, args: string[] = []): Promise<{ dir: string; code: number; byFile: Map<string, JsonFinding[]> }> {
  const dir = copyFixture(name);
  const out = await runCli(['.', '--format', 'json', ...args], dir);
  expect(out.stderr).toBe('');
  const json = JSON.parse(out.stdout) as { files: Array<{ filePath: string; findings: JsonFinding[] }> };
  const byFile = new Map(json.files.map((file) => [file.filePath, file.findings.filter((f) => f.ruleId.startsWith('cross/'))] as const));
  return { dir, code: out.code, byFile };
}

const ids = (findings: readonly { ruleId: string }[] | undefined) => (findings ?? []).map((f) => f.ruleId).sort();

/** The cross findings of the manifest `pod.yaml`, linted with `Dockerfile` in the folder `api/` (linked by the folder convention). */
async function crossFindings(dockerfile: string, manifest: string, rules: string[] | 'all' = 'all', options: Record<string, Record<string, unknown>> = {}): Promise<Finding[]> {
  const results = await lintProjectSnippet({ 'api/Dockerfile': dockerfile, 'pod.yaml': manifest }, { rules, options });
  const result = results.find((r) => r.file === 'pod.yaml')!;
  expect(result.internalErrors).toEqual([]);
  return result.findings.filter((f) => f.ruleId.startsWith('cross/'));
}

function pod(options: { pod?: string; container?: string; image?: string } = {}): string {
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: api\n  labels: {app: api}\nspec:\n${options.pod ?? ''}  containers:\n    - name: api\n      image: ${options.image ?? 'ghcr.io/acme/api:1.0'}\n${options.container ?? ''}`;
}

const NON_ROOT = '  securityContext:\n    runAsNonRoot: true\n';

describe('image facts', () => {
  it('follows FROM <stage> for the user, and a build target picks its stage', () => {
    const dockerfile = parseDockerfile('FROM debian:12 AS base\nUSER 10001:20001\nFROM base AS app\nEXPOSE 8080/udp 9000-9001\nFROM app AS debug\nUSER root\n');
    const app = imageFacts(dockerfile, 'app')!;
    expect(app.user).toMatchObject({ kind: 'set', user: '10001', uid: 10001, gid: 20001 });
    expect(app.user.range.start.line).toBe(2);
    expect(app.exposed.map((p) => `${p.port}/${p.protocol}`)).toEqual(['8080/udp', '9000/tcp', '9001/tcp']);
    expect(imageFacts(dockerfile)!.user).toMatchObject({ kind: 'set', user: 'root', uid: null });
    expect(imageFacts(dockerfile, 'nosuch')).toBeNull();
  });

  it('says the user is unknown when only the base image could tell, and root for scratch', () => {
    expect(imageFacts(parseDockerfile('FROM node:22\nCMD ["node"]\n'))!.user).toMatchObject({ kind: 'unknown', reason: 'set by the base image node:22' });
    expect(imageFacts(parseDockerfile('FROM scratch\nCOPY app /app\n'))!.user.kind).toBe('root-by-default');
    expect(imageFacts(parseDockerfile('FROM debian:12\nARG APP_USER\nUSER ${APP_USER}\n'))!.user.kind).toBe('unknown');
    expect(imageFacts(parseDockerfile('FROM debian:12\nARG APP_USER=1000\nUSER ${APP_USER}\n'))!.user).toMatchObject({ kind: 'set', uid: 1000 });
  });

  it('resets the inherited CMD on ENTRYPOINT, keeps one set before it in the same stage, and records forms', () => {
    const inherited = imageFacts(parseDockerfile('FROM node:22 AS base\nCMD ["node", "a.js"]\nFROM base\nENTRYPOINT node b.js\n'))!;
    expect(inherited.cmd).toBeNull();
    expect(inherited.entrypoint).toMatchObject({ form: 'shell', args: ['node b.js'] });
    const same = imageFacts(parseDockerfile('FROM node:22\nCMD ["a.js"]\nENTRYPOINT ["node"]\n'))!;
    expect(same.cmd).toMatchObject({ form: 'exec', args: ['a.js'] });
  });

  it('reads HEALTHCHECK durations, VOLUME, WORKDIR, ENV, STOPSIGNAL and the base pins of every input stage', () => {
    const facts = imageFacts(
      parseDockerfile(
        'FROM golang AS build\nFROM alpine:3.20@sha256:abc AS runtime\nCOPY --from=build /app /app\nWORKDIR /srv\nWORKDIR data\nVOLUME ["/var/log", "/tmp/x"]\nENV A=1 B=$A\nENV C=${A}0\nSTOPSIGNAL SIGINT\nHEALTHCHECK --interval=1m30s --timeout=500ms --start-period=10s CMD wget -q localhost\n',
      ),
    )!;
    expect(facts.healthcheck).toMatchObject({ command: ['/bin/sh', '-c', 'wget -q localhost'], intervalSeconds: 90, timeoutSeconds: 0.5, retries: 3, startPeriodSeconds: 10 });
    expect(facts.workdir?.path).toBe('/srv/data');
    expect(facts.volumes.map((v) => v.path)).toEqual(['/var/log', '/tmp/x']);
    expect(facts.env.map((e) => `${e.name}=${e.value}`)).toEqual(['A=1', 'B=', 'C=10']);
    expect(facts.stopSignal?.signal).toBe('SIGINT');
    expect(facts.base.pinned).toBe('digest');
    expect(facts.inputs.map((input) => `${input.image?.expanded}:${input.pinned}`)).toEqual(['alpine:3.20@sha256:abc:digest', 'golang:none']);
    expect(imageFacts(parseDockerfile('FROM alpine:3.20\nHEALTHCHECK CMD true\nHEALTHCHECK NONE\n'))!.healthcheck).toBeNull();
  });

  it('parses Go durations', () => {
    expect(durationSeconds('30s')).toBe(30);
    expect(durationSeconds('1h2m')).toBe(3720);
    expect(durationSeconds('10')).toBeNull();
    expect(durationSeconds('5x')).toBeNull();
  });
});

describe('linking images to Dockerfiles', () => {
  it('normalises Docker Hub names and splits tags and digests', () => {
    expect(parseImageReference('docker.io/library/nginx:1.27')).toEqual({ name: 'nginx', tag: '1.27', digest: null });
    expect(parseImageReference('localhost:5000/app@sha256:abc')).toEqual({ name: 'localhost:5000/app', tag: null, digest: 'sha256:abc' });
  });

  it('prefers config entries (globs) over discovered links, and applies kustomize renames only in their scope', () => {
    const table = new LinkTable(
      [
        { image: 'ghcr.io/acme/*', dockerfile: '/p/build/Dockerfile', target: 'final', source: { kind: 'config', file: '/p/.drydock.yaml', line: 3 } },
        { image: 'ghcr.io/acme/api', dockerfile: '/p/api/Dockerfile', target: null, source: { kind: 'skaffold', file: '/p/skaffold.yaml', line: 7 } },
      ],
      [{ name: 'app', newName: 'ghcr.io/acme/app', newTag: '2.0', digest: null, scope: ['/p/overlays/prod', '/p/base'], source: { kind: 'kustomize', file: '/p/overlays/prod/kustomization.yaml', line: 5 } }],
    );
    expect(table.resolve('ghcr.io/acme/api:1', '/p/k8s/a.yaml')?.link.dockerfile).toBe('/p/build/Dockerfile');
    const renamed = table.resolve('app', '/p/base/deploy.yaml');
    expect(renamed?.deployed).toEqual({ name: 'ghcr.io/acme/app', tag: '2.0', digest: null });
    expect(table.resolve('app', '/p/other/deploy.yaml')).toBeNull();
  });

  it('links by folder name only when exactly one folder matches', () => {
    const files = ['/p/svc/api/Dockerfile', '/p/tools/api/Dockerfile', '/p/web/Dockerfile'];
    const discovery = discoverLinks({ files, read: () => 'FROM scratch\n' }, { manifestImages: ['ghcr.io/acme/api:1', 'ghcr.io/acme/web:2'] });
    expect(discovery.table.links.map((link) => `${link.image} ${link.dockerfile} ${link.source.kind}`)).toEqual(['ghcr.io/acme/web /p/web/Dockerfile convention']);
    expect(discovery.notes[0]).toMatch(/ghcr\.io\/acme\/api: 2 Dockerfiles are in folders named "api"/);
  });

  it('drydock links prints each link and why, for skaffold (with target), compose, kustomize renames and the config', async () => {
    const skaffold = await runCli(['links'], copyFixture('skaffold'));
    expect(skaffold.code).toBe(0);
    expect(skaffold.stdout).toContain('ghcr.io/acme/api → services/api/Dockerfile:runtime  (skaffold skaffold.yaml:7)');
    expect(skaffold.stdout).toContain('ghcr.io/acme/worker → services/worker/Dockerfile  (skaffold skaffold.yaml:12)');
    expect(skaffold.stdout).toContain('k8s/api.yaml: ghcr.io/acme/api:1.8.0 → services/api/Dockerfile:runtime');

    const compose = await runCli(['links', '--format', 'json'], copyFixture('compose'));
    const json = JSON.parse(compose.stdout);
    expect(json.links).toEqual([
      { image: 'registry.example.com/shop/web', dockerfile: 'web/Dockerfile', target: 'prod', source: { kind: 'compose', file: 'docker-compose.yml', line: 3 }, reason: 'compose docker-compose.yml:3' },
    ]);

    const kustomize = await runCli(['links'], copyFixture('kustomize'));
    expect(kustomize.stdout).toContain('app → ghcr.io/acme/app:1.4.2  (overlays/prod/kustomization.yaml:6)');
    expect(kustomize.stdout).toContain('base/deployment.yaml: app (deployed as ghcr.io/acme/app:1.4.2) → app/Dockerfile');
    expect(kustomize.stdout).toContain('ghcr.io/acme/app → app/Dockerfile  (folder convention (app/ is named like the image))');

    const config = await runCli(['links', 'deploy'], copyFixture('config'));
    expect(config.stdout).toContain('ghcr.io/acme/* → build/Dockerfile:final  (config .drydock.yaml:3)');
    expect(config.stdout).toContain('deploy/pod.yaml: ghcr.io/acme/billing:3.0.1 → build/Dockerfile:final');
  });

  it('finds build files from the repository root, leaving out folders that are projects of their own (root: true)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'drydock-cross-repo-'));
    copies.push(dir);
    const write = (file: string, text: string) => {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    };
    mkdirSync(path.join(dir, '.git'));
    write('build/skaffold.yaml', 'apiVersion: skaffold/v4beta11\nkind: Config\nbuild:\n  artifacts:\n    - image: ghcr.io/acme/api\n      context: ../src\n');
    write('src/Dockerfile', 'FROM debian:12\n');
    write('vendor/tool/.drydock.yaml', 'root: true\n');
    write('vendor/tool/skaffold.yaml', 'apiVersion: skaffold/v4beta11\nkind: Config\nbuild:\n  artifacts:\n    - image: ghcr.io/acme/tool\n');
    write('vendor/tool/Dockerfile', 'FROM debian:12\n');
    write('deploy/k8s/pod.yaml', pod() + '    - name: tool\n      image: ghcr.io/acme/tool:1\n');
    const out = await runCli(['links', 'deploy/k8s', '--format', 'json'], dir);
    expect(JSON.parse(out.stdout).images).toEqual([
      { file: 'deploy/k8s/pod.yaml', image: 'ghcr.io/acme/api:1.0', deployed: 'ghcr.io/acme/api:1.0', dockerfile: 'src/Dockerfile', target: null },
      { file: 'deploy/k8s/pod.yaml', image: 'ghcr.io/acme/tool:1', deployed: null, dockerfile: null, target: null },
    ]);
  });

  it('drydock links says when an image is not linked, and rejects a bad images: entry at its line', async () => {
    const dir = copyFixture('config');
    writeFileSync(path.join(dir, 'deploy', 'other.yaml'), pod({ image: 'nginx:1.27' }));
    expect((await runCli(['links'], dir)).stdout).toContain('deploy/other.yaml: nginx:1.27 → not linked');
    writeFileSync(path.join(dir, '.drydock.yaml'), 'root: true\nimages:\n  ghcr.io/acme/api:\n    target: final\n');
    const bad = await runCli(['links'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/\.drydock\.yaml:4:5: images\.ghcr\.io\/acme\/api needs "dockerfile"/);
  });
});

describe('cross rules through the CLI, on the fixture projects', () => {
  it('skaffold: runAsNonRoot over a named USER of the target stage, HEALTHCHECK without probe, args to a shell ENTRYPOINT, pinned image on an unpinned base', async () => {
    const { code, byFile } = await lintFixture('skaffold');
    expect(code).toBe(1);
    const api = byFile.get('k8s/api.yaml')!;
    expect(ids(api)).toEqual(['cross/healthcheck-without-probe', 'cross/run-as-non-root-image-user']);
    const nonRoot = api.find((f) => f.ruleId === 'cross/run-as-non-root-image-user')!;
    expect([nonRoot.line, nonRoot.column, nonRoot.severity]).toEqual([13, 23, 'error']);
    expect(nonRoot.message).toContain('runs as user "api" (services/api/Dockerfile:9)');
    expect(nonRoot.related).toEqual([expect.objectContaining({ file: 'services/api/Dockerfile', message: 'USER api is not numeric' })]);
    expect(nonRoot.related![0].range.start.line).toBe(9);
    const worker = byFile.get('k8s/worker.yaml')!;
    expect(ids(worker)).toEqual(['cross/args-with-shell-entrypoint', 'cross/pinned-image-unpinned-base']);
  });

  it('compose: read-only root over a VOLUME, STOPSIGNAL and a short grace period, ports the image does not EXPOSE', async () => {
    const { byFile } = await lintFixture('compose');
    expect(ids(byFile.get('k8s/web.yaml'))).toEqual([
      'cross/container-port-not-exposed',
      'cross/exposed-port-not-declared',
      'cross/read-only-root-volume',
      'cross/service-port-not-exposed',
      'cross/stop-signal-grace-period',
    ]);
  });

  it('kustomize: the rename links the base manifest to the built image; runAsUser and command are compared with it', async () => {
    const { byFile } = await lintFixture('kustomize');
    const findings = byFile.get('base/deployment.yaml')!;
    expect(ids(findings)).toEqual(['cross/command-replaces-entrypoint', 'cross/run-as-user-differs']);
    expect(findings.find((f) => f.ruleId === 'cross/run-as-user-differs')!.message).toContain('runAsUser 2000 differs from the uid 1000 that image ghcr.io/acme/app runs as');
  });

  it('config mapping: scratch without USER under runAsNonRoot; fixing the Dockerfile clears it', async () => {
    const { dir, byFile } = await lintFixture('config');
    expect(ids(byFile.get('deploy/pod.yaml'))).toEqual(['cross/run-as-non-root-image-user']);
    expect(byFile.get('deploy/pod.yaml')![0].message).toContain('runs as root (no USER on scratch, build/Dockerfile:3)');
    writeFileSync(path.join(dir, 'build', 'Dockerfile'), 'FROM golang:1.23 AS build\nRUN go build -o /billing\nFROM scratch AS final\nCOPY --from=build /billing /billing\nUSER 65532\nENTRYPOINT ["/billing"]\n');
    const after = await runCli(['deploy', '--format', 'json'], dir);
    expect(JSON.parse(after.stdout).files[0].findings.filter((f: JsonFinding) => f.ruleId.startsWith('cross/'))).toEqual([]);
  });

  it('with --cache, editing only the Dockerfile still re-runs the checks; with --jobs 2 the findings are the same', async () => {
    const dir = copyFixture('config');
    const lint = async (args: string[]) => JSON.parse((await runCli(['deploy', '--format', 'json', ...args], dir)).stdout).files[0].findings.filter((f: JsonFinding) => f.ruleId.startsWith('cross/'));
    expect(await lint(['--cache'])).toHaveLength(1);
    expect(await lint(['--cache'])).toHaveLength(1);
    writeFileSync(path.join(dir, 'build', 'Dockerfile'), 'FROM scratch AS final\nUSER 65532\n');
    expect(await lint(['--cache'])).toEqual([]);
    writeFileSync(path.join(dir, 'build', 'Dockerfile'), 'FROM scratch AS final\n');
    expect(await lint(['--jobs', '2'])).toHaveLength(1);
  });

  it('runs no cross rule when they are turned off, and honours inline suppressions in the manifest', async () => {
    const off = await lintFixture('config', ['--disable', 'cross/run-as-non-root-image-user']);
    expect(ids(off.byFile.get('deploy/pod.yaml'))).toEqual([]);
    const dir = copyFixture('config');
    writeFileSync(path.join(dir, 'deploy', 'pod.yaml'), pod({ pod: '  securityContext:\n    # drydock-ignore cross/run-as-non-root-image-user -- fixed in the next release\n    runAsNonRoot: true\n', image: 'ghcr.io/acme/billing:3.0.1' }));
    const out = await runCli(['deploy', '--format', 'json', '--include-suppressed'], dir);
    const file = JSON.parse(out.stdout).files[0];
    expect(file.findings.filter((f: JsonFinding) => f.ruleId.startsWith('cross/'))).toEqual([]);
    expect(file.suppressed.map((f: JsonFinding) => f.ruleId)).toContain('cross/run-as-non-root-image-user');
  });

  it('SARIF gives the Dockerfile line as a relatedLocation', async () => {
    const dir = copyFixture('skaffold');
    const out = await runCli(['.', '--format', 'sarif'], dir);
    const results = JSON.parse(out.stdout).runs[0].results as Array<{ ruleId: string; relatedLocations?: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } }; message: { text: string } }> }>;
    const finding = results.find((r) => r.ruleId === 'cross/run-as-non-root-image-user')!;
    expect(finding.relatedLocations).toEqual([
      { id: 0, message: { text: 'USER api is not numeric' }, physicalLocation: { artifactLocation: expect.objectContaining({ uri: 'services/api/Dockerfile' }), region: expect.objectContaining({ startLine: 9, startColumn: 1 }) } },
    ]);
  });
});

describe('the library', () => {
  it('lintProjectTexts checks manifests against Dockerfiles given as ProjectImages', async () => {
    const library = await import('../src/index.js');
    const registry = new library.RuleRegistry(library.allRules);
    const linter = new library.Linter(registry);
    const config = new library.ConfigResolver({ registry, noConfig: true }).resolve('/app/deploy.yaml');
    const files = { '/app/api/Dockerfile': 'FROM debian:12\nUSER root\n', '/app/deploy.yaml': pod({ pod: NON_ROOT }) };
    const manifest = library.loadK8sFile('/app/deploy.yaml', files['/app/deploy.yaml']);
    const { images } = library.buildProjectImages({
      sources: { files: Object.keys(files), read: (file) => files[file as keyof typeof files] ?? null },
      manifests: [manifest],
      display: (file) => file,
      absolute: (file) => file,
    });
    const [result] = await library.lintProjectTexts(linter, [{ file: '/app/deploy.yaml', text: files['/app/deploy.yaml'], language: 'k8s', config }], { images });
    const finding = result.findings.find((f) => f.ruleId === 'cross/run-as-non-root-image-user')!;
    expect(finding.related?.[0]).toMatchObject({ file: '/app/api/Dockerfile', range: { start: { line: 2 } } });
    const [alone] = await library.lintProjectTexts(linter, [{ file: '/app/deploy.yaml', text: files['/app/deploy.yaml'], language: 'k8s', config }]);
    expect(alone.findings.filter((f) => f.ruleId.startsWith('cross/'))).toEqual([]);
  });
});

describe('cross rules, firing and not', () => {
  describe('cross/run-as-non-root-image-user', () => {
    const rule = ['cross/run-as-non-root-image-user'];
    it('fires on root, uid 0 and a user name, at the runAsNonRoot that applies', async () => {
      expect(await crossFindings('FROM debian:12\nUSER 0\n', pod({ pod: NON_ROOT }), rule)).toHaveLength(1);
      const container = await crossFindings('FROM debian:12\nUSER app:app\n', pod({ container: '      securityContext:\n        runAsNonRoot: true\n' }), rule);
      expect(container[0].range.start.line).toBe(11);
      expect(container[0].message).toContain('runs as user "app"');
    });
    it('says so as info when the base image decides, unless told not to', async () => {
      const [unknown] = await crossFindings('FROM node:22\nCMD ["node"]\n', pod({ pod: NON_ROOT }), rule);
      expect(unknown.severity).toBe('info');
      expect(unknown.message).toContain('gets its user from outside its Dockerfile (set by the base image node:22)');
      expect(await crossFindings('FROM node:22\n', pod({ pod: NON_ROOT }), rule, { [rule[0]]: { reportUnknownUser: false } })).toEqual([]);
    });
    it('stays quiet with a numeric non-root USER, a runAsUser, runAsNonRoot false, or an unlinked image', async () => {
      expect(await crossFindings('FROM debian:12\nUSER 10001\n', pod({ pod: NON_ROOT }), rule)).toEqual([]);
      expect(await crossFindings('FROM debian:12\nUSER root\n', pod({ pod: '  securityContext:\n    runAsNonRoot: true\n    runAsUser: 1000\n' }), rule)).toEqual([]);
      expect(await crossFindings('FROM debian:12\nUSER root\n', pod({ pod: '  securityContext:\n    runAsNonRoot: false\n' }), rule)).toEqual([]);
      expect(await crossFindings('FROM debian:12\nUSER root\n', pod({ pod: NON_ROOT, image: 'ghcr.io/acme/other:1' }), rule)).toEqual([]);
    });
  });

  describe('entrypoint', () => {
    it('args to a shell-form ENTRYPOINT fire; with command, or an exec ENTRYPOINT, they do not', async () => {
      const rule = ['cross/args-with-shell-entrypoint'];
      expect(ids(await crossFindings('FROM node:22\nENTRYPOINT node server.js\n', pod({ container: '      args: [--debug]\n' }), rule))).toEqual(rule);
      expect(await crossFindings('FROM node:22\nENTRYPOINT node server.js\n', pod({ container: '      command: [node]\n      args: [--debug]\n' }), rule)).toEqual([]);
      expect(await crossFindings('FROM node:22\nENTRYPOINT ["node", "server.js"]\n', pod({ container: '      args: [--debug]\n' }), rule)).toEqual([]);
    });
    it('command over an exec ENTRYPOINT tells what is replaced, and that CMD is dropped only without args', async () => {
      const rule = ['cross/command-replaces-entrypoint'];
      const [withArgs] = await crossFindings('FROM node:22\nENTRYPOINT ["tini", "--"]\nCMD ["node", "a.js"]\n', pod({ container: '      command: [node]\n      args: [b.js]\n' }), rule);
      expect(withArgs.message).toContain('command replaces the ENTRYPOINT ["tini","--"]');
      expect(withArgs.message).not.toContain('drops its CMD');
      expect(withArgs.related).toHaveLength(1);
      expect(await crossFindings('FROM node:22\nENTRYPOINT node\n', pod({ container: '      command: [node]\n' }), rule)).toEqual([]);
    });
  });

  describe('ports', () => {
    const DOCKERFILE = 'FROM node:22\nEXPOSE 8080 9090/udp\n';
    it('containerPort not EXPOSEd fires; a matching port and protocol, or an image with no EXPOSE, do not', async () => {
      const rule = ['cross/container-port-not-exposed'];
      expect(ids(await crossFindings(DOCKERFILE, pod({ container: '      ports: [{containerPort: 9090}]\n' }), rule))).toEqual(rule);
      expect(await crossFindings(DOCKERFILE, pod({ container: '      ports: [{containerPort: 9090, protocol: UDP}, {containerPort: 8080}]\n' }), rule)).toEqual([]);
      expect(await crossFindings('FROM node:22\n', pod({ container: '      ports: [{containerPort: 3000}]\n' }), rule)).toEqual([]);
    });
    it('EXPOSEd ports never declared are info, once per port', async () => {
      const rule = ['cross/exposed-port-not-declared'];
      const findings = await crossFindings(DOCKERFILE, pod({ container: '      ports: [{containerPort: 8080}]\n' }), rule);
      expect(findings.map((f) => f.severity)).toEqual(['info']);
      expect(findings[0].message).toMatch(/^Image ghcr\.io\/acme\/api EXPOSEs 9090\/udp \(api\/Dockerfile:2\) but container "api" does not declare it/);
      expect(await crossFindings(DOCKERFILE, pod({ container: '      ports: [{containerPort: 8080}, {containerPort: 9090, protocol: UDP}]\n' }), rule)).toEqual([]);
    });
    it('a Service targetPort (number or name) that no selected image EXPOSEs fires; an unlinked container in the pod silences it', async () => {
      const rule = ['cross/service-port-not-exposed'];
      const service = (target: string) => `---\napiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  selector: {app: api}\n  ports: [{port: 80, targetPort: ${target}}]\n`;
      const ports = '      ports: [{containerPort: 8080, name: http}, {containerPort: 3000, name: metrics}]\n';
      expect(ids(await crossFindings(DOCKERFILE, pod({ container: ports }) + service('3000'), rule))).toEqual(rule);
      expect(ids(await crossFindings(DOCKERFILE, pod({ container: ports }) + service('metrics'), rule))).toEqual(rule);
      expect(await crossFindings(DOCKERFILE, pod({ container: ports }) + service('http'), rule)).toEqual([]);
      const sidecar = `${ports}    - name: proxy\n      image: envoyproxy/envoy:v1.31\n`;
      expect(await crossFindings(DOCKERFILE, pod({ container: sidecar }) + service('3000'), rule)).toEqual([]);
    });
  });

  describe('cross/healthcheck-without-probe', () => {
    const rule = ['cross/healthcheck-without-probe'];
    it('suggests the equivalent exec liveness probe (not a fix), which reads back as the HEALTHCHECK', async () => {
      const manifest = pod();
      const [finding] = await crossFindings('FROM node:22\nHEALTHCHECK --interval=10s --timeout=3s --retries=5 --start-period=1500ms CMD curl -f localhost\n', manifest, rule);
      expect(finding.fix).toBeUndefined();
      const { text } = applyFixes(manifest, finding.suggestions!);
      expect(text).toBe(
        `${manifest}      livenessProbe:\n        exec:\n          command: [/bin/sh, "-c", "curl -f localhost"]\n        periodSeconds: 10\n        timeoutSeconds: 3\n        failureThreshold: 5\n        initialDelaySeconds: 2\n`,
      );
      expect(await crossFindings('FROM node:22\nHEALTHCHECK CMD ["true"]\n', text, rule)).toEqual([]);
    });
    it('is quiet with any probe, HEALTHCHECK NONE, or for init containers', async () => {
      expect(await crossFindings('FROM node:22\nHEALTHCHECK CMD ["true"]\n', pod({ container: '      readinessProbe: {tcpSocket: {port: 8080}}\n' }), rule)).toEqual([]);
      expect(await crossFindings('FROM node:22\nHEALTHCHECK NONE\n', pod(), rule)).toEqual([]);
      const init = pod().replace('  containers:\n    - name: api\n      image: ghcr.io/acme/api:1.0\n', '  initContainers:\n    - name: api\n      image: ghcr.io/acme/api:1.0\n  containers:\n    - name: main\n      image: nginx:1.27\n');
      expect(await crossFindings('FROM node:22\nHEALTHCHECK CMD ["true"]\n', init, rule)).toEqual([]);
    });
  });

  describe('cross/read-only-root-volume', () => {
    const rule = ['cross/read-only-root-volume'];
    const READ_ONLY = '      securityContext:\n        readOnlyRootFilesystem: true\n';
    it('suggests emptyDir mounts for unmounted VOLUMEs, appended to existing lists in their style', async () => {
      const manifest = pod({ container: `${READ_ONLY}      volumeMounts:\n        - name: config\n          mountPath: /etc/app\n`, pod: '  volumes:\n    - name: config\n      configMap: {name: app}\n' });
      const [finding] = await crossFindings('FROM nginx:1.27\nVOLUME /var/cache/nginx /etc/app/conf.d\nVOLUME ["/run"]\n', manifest, rule);
      expect(finding.message).toContain('writes to /var/cache/nginx (VOLUME at api/Dockerfile:2), /run (VOLUME at api/Dockerfile:3)');
      const { text } = applyFixes(manifest, finding.suggestions!);
      expect(text).toContain('          mountPath: /etc/app\n        - {name: var-cache-nginx, mountPath: /var/cache/nginx}\n        - {name: run, mountPath: /run}\n');
      expect(text).toContain('      configMap: {name: app}\n    - {name: var-cache-nginx, emptyDir: {}}\n    - {name: run, emptyDir: {}}\n');
      expect(await crossFindings('FROM nginx:1.27\nVOLUME /var/cache/nginx /etc/app/conf.d\nVOLUME ["/run"]\n', text, rule)).toEqual([]);
    });
    it('checks WORKDIR only when asked, and is quiet without readOnlyRootFilesystem', async () => {
      expect(await crossFindings('FROM node:22\nWORKDIR /app\n', pod({ container: READ_ONLY }), rule)).toEqual([]);
      expect(ids(await crossFindings('FROM node:22\nWORKDIR /app\n', pod({ container: READ_ONLY }), rule, { [rule[0]]: { checkWorkdir: true } }))).toEqual(rule);
      expect(await crossFindings('FROM nginx:1.27\nVOLUME /data\n', pod(), rule)).toEqual([]);
    });
  });

  describe('cross/stop-signal-grace-period and cross/run-as-user-differs', () => {
    it('a non-TERM STOPSIGNAL fires only with a grace period under the threshold', async () => {
      const rule = ['cross/stop-signal-grace-period'];
      expect(ids(await crossFindings('FROM nginx:1.27\nSTOPSIGNAL SIGQUIT\n', pod({ pod: '  terminationGracePeriodSeconds: 5\n' }), rule))).toEqual(rule);
      expect(await crossFindings('FROM nginx:1.27\nSTOPSIGNAL SIGTERM\n', pod({ pod: '  terminationGracePeriodSeconds: 5\n' }), rule)).toEqual([]);
      expect(await crossFindings('FROM nginx:1.27\nSTOPSIGNAL SIGQUIT\n', pod({ pod: '  terminationGracePeriodSeconds: 5\n' }), rule, { [rule[0]]: { minGracePeriodSeconds: 5 } })).toEqual([]);
      expect(await crossFindings('FROM nginx:1.27\nSTOPSIGNAL SIGQUIT\n', pod(), rule)).toEqual([]);
    });
    it('runAsUser / runAsGroup differing from a numeric USER are info; the container setting wins over the pod', async () => {
      const rule = ['cross/run-as-user-differs'];
      const findings = await crossFindings('FROM debian:12\nUSER 1000:1000\n', pod({ pod: '  securityContext:\n    runAsUser: 1000\n    runAsGroup: 3000\n' }), rule);
      expect(findings.map((f) => [f.severity, f.message.split(' differs')[0]])).toEqual([['info', 'runAsGroup 3000']]);
      const container = '      securityContext:\n        runAsUser: 1000\n';
      expect(await crossFindings('FROM debian:12\nUSER 1000\n', pod({ pod: '  securityContext:\n    runAsUser: 5\n', container }), rule)).toEqual([]);
    });
  });

  describe('cross/pinned-image-unpinned-base', () => {
    const rule = ['cross/pinned-image-unpinned-base'];
    it('fires for a tag or digest deployed from an untagged or latest base of any input stage', async () => {
      expect(ids(await crossFindings('FROM node:latest\n', pod({ image: 'ghcr.io/acme/api@sha256:0123' }), rule))).toEqual(rule);
      const [multi] = await crossFindings('FROM golang AS build\nFROM alpine:3.20\nCOPY --from=build /a /a\n', pod(), rule);
      expect(multi.message).toContain('the unpinned base golang (api/Dockerfile:1)');
    });
    it('is quiet for an unpinned deployment, pinned bases, and stages the target does not use', async () => {
      expect(await crossFindings('FROM node\n', pod({ image: 'ghcr.io/acme/api' }), rule)).toEqual([]);
      expect(await crossFindings('FROM node:22\n', pod(), rule)).toEqual([]);
      expect(await crossFindings('FROM golang AS tools\nFROM alpine:3.20\n', pod(), rule)).toEqual([]);
    });
  });
});
