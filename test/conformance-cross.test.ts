/**
 * Engine evidence for the cross rule `cross/run-as-non-root-image-user`
 * (issue #11): a manifest with `runAsNonRoot: true` and no `runAsUser`, and
 * the Dockerfile that builds its image. `drydock verify deploy.yaml
 * --dockerfile Dockerfile` builds the image, plays the manifest with it on
 * podman, and sets the kubelet's decision beside the uid the container got.
 *
 * Observed on podman 4.3: `kube play` does not enforce runAsNonRoot — the root
 * image runs as uid 0 and the named-USER image as its uid — so the failure a
 * kubelet would give (CreateContainerConfigError) is reproduced from the
 * image config, and the fixed pairs are shown running as uid 10001.
 *
 * Runs with DRYDOCK_CONFORMANCE=1 on a working podman (see
 * test/conformance.test.ts); the kubelet model is tested without an engine.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectEngine, type ContainerEngine } from '../src/conformance/engine.js';
import { kubeletRunAsNonRootError } from '../src/conformance/k8s-facts.js';
import type { VerifyReport } from '../src/conformance/types.js';
import { runCli } from './support/cli.js';

const root = path.resolve(import.meta.dirname, '..');
const fixtures = path.join(root, 'test', 'fixtures', 'cross', 'engine');
const markers: string[] = [];

describe('the kubelet runAsNonRoot check the runner reproduces (no engine needed)', () => {
  const nonRoot = { runAsNonRoot: true };
  it.each([
    ['', 'container has runAsNonRoot and image will run as root'],
    ['0', 'container has runAsNonRoot and image will run as root'],
    ['0:0', 'container has runAsNonRoot and image will run as root'],
    ['root', 'container has runAsNonRoot and image has non-numeric user (root), cannot verify user is non-root'],
    ['app', 'container has runAsNonRoot and image has non-numeric user (app), cannot verify user is non-root'],
    ['app:app', 'container has runAsNonRoot and image has non-numeric user (app), cannot verify user is non-root'],
    ['10001', null],
    ['10001:10001', null],
  ])('image USER %j under runAsNonRoot without runAsUser → %s', (user, error) => {
    expect(kubeletRunAsNonRootError(nonRoot, user)).toBe(error);
  });

  it('runAsUser decides when it is set, whatever the image USER', () => {
    expect(kubeletRunAsNonRootError({ runAsNonRoot: true, runAsUser: 10001 }, '')).toBeNull();
    expect(kubeletRunAsNonRootError({ runAsNonRoot: true, runAsUser: 10001 }, 'app')).toBeNull();
    expect(kubeletRunAsNonRootError({ runAsNonRoot: true, runAsUser: 0 }, '10001')).toBe("container's runAsUser breaks non-root policy");
  });

  it('nothing is checked without runAsNonRoot: true', () => {
    expect(kubeletRunAsNonRootError({}, '')).toBeNull();
    expect(kubeletRunAsNonRootError({ runAsNonRoot: false }, 'app')).toBeNull();
  });
});

describe('verify --dockerfile: argument errors (no engine needed)', () => {
  it('--image without --dockerfile is refused with exit 2', async () => {
    const { code, stderr } = await runCli(['verify', '--no-config', '--image', 'x', path.join(fixtures, 'deploy.yaml')], root);
    expect(code).toBe(2);
    expect(stderr).toContain('--image names the image that --dockerfile builds; give --dockerfile too');
  });

  it('an unreadable --dockerfile is refused with exit 2, naming it', async () => {
    const { code, stderr } = await runCli(['verify', '--no-config', '--dockerfile', 'no/such/Dockerfile', path.join(fixtures, 'deploy.yaml')], root);
    expect(code).toBe(2);
    expect(stderr).toContain('drydock verify: --dockerfile no/such/Dockerfile: cannot read it (ENOENT)');
  });
});

let engine: ContainerEngine | null = null;
let skipReason = '';
if (process.env.DRYDOCK_CONFORMANCE !== '1') skipReason = 'set DRYDOCK_CONFORMANCE=1 to run them (they build images and play manifests)';
else {
  try {
    engine = await detectEngine('podman');
    if (!(await engine.imageExists('localhost/busybox:stable'))) skipReason = 'localhost/busybox:stable is missing: run ../shared/engine/setup-podman.sh';
  } catch (error) {
    skipReason = `podman is not usable (only podman plays manifests): ${error instanceof Error ? error.message : String(error)}`;
  }
}
if (skipReason) console.warn(`cross conformance tests skipped: ${skipReason}`);

async function verifyPair(manifest: string, dockerfile: string, extra: string[] = []) {
  const { code, stdout, stderr } = await runCli(
    ['verify', '--no-config', '--engine', 'podman', '--format', 'json', '--dockerfile', path.join(fixtures, dockerfile), ...extra, path.join(fixtures, manifest)],
    root,
  );
  const report = JSON.parse(stdout || 'null') as VerifyReport | null;
  expect(report, stderr).not.toBeNull();
  markers.push(...report!.markers);
  const target = report!.targets[0];
  // Every pair that builds and starts reports its containers; an argument error reports none.
  if (target.status !== 'error') expect(target.link, `${target.status}: ${target.reason}`).toBeDefined();
  return { code, target, link: target.link!, container: target.link?.containers[0] };
}

describe.skipIf(Boolean(skipReason)).concurrent(`runAsNonRoot against the image's USER on podman${skipReason ? ` — skipped: ${skipReason}` : ''}`, { timeout: 300_000 }, () => {
  afterAll(async () => {
    expect(markers.length).toBeGreaterThan(0);
    expect(await engine!.leftovers(markers)).toEqual([]);
  });

  it('an image with no USER under runAsNonRoot: podman runs it as uid 0, a kubelet would refuse it', async () => {
    const { code, target, link, container } = await verifyPair('deploy.yaml', 'Dockerfile');
    expect(link.image).toBe('ghcr.io/acme/api:1.0');
    expect(container).toMatchObject({ workload: 'api', container: 'api', imageUser: '', runAsNonRoot: true, runAsUser: null });
    // podman does not enforce runAsNonRoot: the container started, as root.
    expect(container?.observedUid).toBe(0);
    expect(container?.kubeletError).toBe('container has runAsNonRoot and image will run as root');
    expect(target.status).toBe('failed');
    expect(target.reason).toBe('a kubelet would refuse to start api/api (CreateContainerConfigError: container has runAsNonRoot and image will run as root)');
    expect(target.notes.join('\n')).toContain('podman does not enforce runAsNonRoot: podman ran it as uid 0');
    expect(code).toBe(1);
  });

  it('a named USER under runAsNonRoot: it runs as uid 10001, yet a kubelet cannot verify it and refuses it', async () => {
    const { code, target, container } = await verifyPair('deploy.yaml', 'Dockerfile.named-user');
    expect(container?.imageUser).toBe('app');
    expect(container?.observedUid).toBe(10001);
    expect(container?.kubeletError).toBe('container has runAsNonRoot and image has non-numeric user (app), cannot verify user is non-root');
    expect(target.status).toBe('failed');
    expect(code).toBe(1);
  });

  it('fixed in the Dockerfile (USER 10001): a kubelet would start it, and it runs as uid 10001', async () => {
    const { code, target, container } = await verifyPair('deploy.yaml', 'Dockerfile.numeric-user');
    expect(target.status, target.reason).not.toBe('error');
    expect(container).toMatchObject({ imageUser: '10001', kubeletError: null, observedUid: 10001 });
    expect(target.status, target.reason).toBe('passed');
    expect(code).toBe(0);
  });

  it('fixed in the manifest (runAsUser: 10001) on the same root image: it runs as uid 10001', async () => {
    const { code, target, container } = await verifyPair('deploy-run-as-user.yaml', 'Dockerfile', ['--image', 'ghcr.io/acme/api:1.0']);
    expect(container).toMatchObject({ imageUser: '', runAsUser: 10001, kubeletError: null, observedUid: 10001 });
    expect(target.status, target.reason).toBe('passed');
    expect(code).toBe(0);
  });

  it('--image naming an image the manifest does not run is an error (exit 2)', async () => {
    const { code, target } = await verifyPair('deploy.yaml', 'Dockerfile', ['--image', 'ghcr.io/acme/other']);
    expect(target.status).toBe('error');
    expect(target.reason).toBe('no Pod or Deployment container runs the image ghcr.io/acme/other (it runs ghcr.io/acme/api:1.0)');
    expect(code).toBe(2);
  });
});
