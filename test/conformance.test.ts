/**
 * The conformance runner on a real engine: every fixture is built and run
 * before and after its fixes, behaviour must be preserved and every applied
 * fix's promise verified; deliberately wrong fixes must be caught; hostile
 * fixtures must be contained; nothing created may be left behind.
 *
 * Needs a working podman (or docker): set it up with
 * `bash ../shared/engine/setup-podman.sh --debian`. Skipped, saying why, otherwise.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyCommand, DEFAULT_VERIFY_OPTIONS, type VerifyOptions } from '../src/conformance/command.js';
import { detectEngine, isBuildCommand, type ContainerEngine, type EngineName } from '../src/conformance/engine.js';
import { parseFacts } from '../src/conformance/k8s-facts.js';
import type { TargetResult, VerifyReport } from '../src/conformance/types.js';
import { allVerifiers, verifiersFor } from '../src/conformance/verifiers/index.js';
import type { DockerfileVerifier, Verifier } from '../src/conformance/verifiers/types.js';
import { RuleRegistry } from '../src/core/registry.js';
import { defineDockerfileRule, type AnyRule } from '../src/core/rule.js';
import { allRules } from '../src/rules/index.js';
import { tempTree } from './support/cli.js';

const root = path.resolve(import.meta.dirname, '..');
const fixtures = path.join(root, 'test', 'fixtures', 'conformance');
const stageStarted = Date.now();
const enabled = process.env.DRYDOCK_CONFORMANCE === '1';

/**
 * The engines to test: both by default, each skipped (saying why) when it does
 * not answer or lacks the base images; `DRYDOCK_CONFORMANCE_ENGINES=podman`
 * narrows the list.
 */
const ENGINE_NAMES: readonly EngineName[] = ['podman', 'docker'];
const requested = (process.env.DRYDOCK_CONFORMANCE_ENGINES ?? ENGINE_NAMES.join(','))
  .split(',')
  .map((name) => name.trim())
  .filter(Boolean);
const unknownEngines = requested.filter((name) => !ENGINE_NAMES.includes(name as EngineName));
if (unknownEngines.length > 0) throw new Error(`DRYDOCK_CONFORMANCE_ENGINES: unknown engine ${unknownEngines.join(', ')} (known: ${ENGINE_NAMES.join(', ')})`);

interface EngineSetup {
  name: EngineName;
  engine: ContainerEngine | null;
  hasDebian: boolean;
  skipReason: string;
  /** The names of every run made on this engine, to check that nothing of theirs is left. */
  markers: string[];
  /** BuildKit cache records before the first run (docker): the runs must prune the ones they add. */
  buildCacheBefore: Set<string>;
}

const LOAD_HINT = 'podman save localhost/busybox:stable | docker load (same for localhost/debian:bookworm)';

async function setUp(name: EngineName): Promise<EngineSetup> {
  const setup: EngineSetup = { name, engine: null, hasDebian: false, skipReason: '', markers: [], buildCacheBefore: new Set() };
  // Minutes of builds: a stage of its own (.ci/run), not part of every `npx vitest run`.
  if (!enabled) return { ...setup, skipReason: 'set DRYDOCK_CONFORMANCE=1 to run them (they build and run images for minutes)' };
  try {
    setup.engine = await detectEngine(name);
  } catch (error) {
    const why = error instanceof Error ? error.message.replace(/ Install podman .*$/s, '') : String(error);
    const hint = name === 'docker' ? 'install docker.io and start dockerd (docs/conformance.md)' : 'run ../shared/engine/setup-podman.sh --debian';
    return { ...setup, skipReason: `${name} is not usable: ${why}; ${hint}` };
  }
  if (!(await setup.engine.imageExists('localhost/busybox:stable'))) {
    setup.skipReason = `localhost/busybox:stable is missing on ${name}: ${name === 'docker' ? LOAD_HINT : 'run ../shared/engine/setup-podman.sh'}`;
  }
  setup.hasDebian = await setup.engine.imageExists('localhost/debian:bookworm');
  setup.buildCacheBefore = new Set(await setup.engine.buildCacheIds());
  return setup;
}

const setups = await Promise.all(requested.map((name) => setUp(name as EngineName)));
for (const setup of setups) if (setup.skipReason) console.warn(`conformance tests on ${setup.name} skipped: ${setup.skipReason}`);

const options = (overrides: Partial<VerifyOptions> = {}): VerifyOptions => ({ ...DEFAULT_VERIFY_OPTIONS, format: 'json', config: false, ...overrides });

/** Two runs at a time: more only makes each slower on a 2-core machine (and the time limits tighter). */
const slots = { free: 2, waiting: [] as Array<() => void> };
async function inSlot<T>(work: () => Promise<T>): Promise<T> {
  if (slots.free === 0) await new Promise<void>((resolve) => slots.waiting.push(resolve));
  else slots.free--;
  try {
    return await work();
  } finally {
    const next = slots.waiting.shift();
    if (next) next();
    else slots.free++;
  }
}
/** A whole run may wait for its slot behind long Debian builds. */
const RUN_TIMEOUT_MS = 900_000;

async function verify(setup: EngineSetup | null, paths: string[], overrides: Partial<VerifyOptions> = {}, rules: readonly AnyRule[] = allRules, extraVerifiers: readonly Verifier[] = []) {
  return inSlot(() => verifyNow(setup, paths, overrides, rules, extraVerifiers));
}

async function verifyNow(setup: EngineSetup | null, paths: string[], overrides: Partial<VerifyOptions>, rules: readonly AnyRule[], extraVerifiers: readonly Verifier[]) {
  let stdout = '';
  let stderr = '';
  const code = await verifyCommand(
    paths,
    options({ ...(setup ? { engine: setup.name } : {}), ...overrides }),
    new RuleRegistry(rules),
    { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), cwd: root },
    extraVerifiers,
  );
  const report = stdout ? (JSON.parse(stdout) as VerifyReport) : null;
  if (report && setup) setup.markers.push(...report.markers);
  return { code, stderr, report, target: report?.targets[0] as TargetResult };
}

/**
 * A podman build of its own (not drydock's) with a step that lasts long enough for an
 * interrupted run's cleanup to happen meanwhile; `started` once that step runs (its working
 * container exists then).
 */
function otherBuild(): { started: Promise<void>; done: Promise<{ code: number | null; log: string; tag: string }> } {
  const dir = tempTree({ Dockerfile: 'FROM localhost/busybox:stable\nRUN sleep 20 && echo slow > /slow\n' });
  const tag = `localhost/drydock-test-other-build-${process.pid}:latest`;
  const build = spawn('podman', ['build', '--layers', '--no-cache', '--network', 'none', '-t', tag, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  let step: () => void;
  const started = new Promise<void>((resolve) => (step = resolve));
  const keep = (chunk: Buffer) => {
    log += chunk.toString();
    if (log.includes('STEP 2/2')) step();
  };
  build.stdout.on('data', keep);
  build.stderr.on('data', keep);
  const done = new Promise<{ code: number | null; log: string; tag: string }>((resolve) =>
    build.on('close', (code) => {
      step();
      resolve({ code, log, tag });
    }),
  );
  return { started, done };
}

/** Every expected fix applied and verified, every applied fix with a verifier verified. */
function expectVerified(target: TargetResult, expected: string[]) {
  const verdicts = target.fixes.filter((f) => f.verdict && f.verdict.status !== 'verified').map((f) => `${f.ruleId}: ${f.verdict!.status}: ${f.verdict!.detail}`);
  expect(target.status, [`${target.file}: ${target.reason ?? ''}`, target.after?.buildError ?? target.before?.buildError ?? '', ...verdicts].join('\n')).toBe('passed');
  const applied = target.fixes.map((f) => f.ruleId);
  expect(applied).toEqual(expect.arrayContaining(expected));
  for (const fix of target.fixes) {
    if (fix.verifier) expect(fix.verdict?.status, `${fix.ruleId}: ${fix.verdict?.detail}`).toBe('verified');
  }
  for (const id of expected) expect(target.fixes.find((f) => f.ruleId === id)?.verifier, `${id} has a verifier`).not.toBeNull();
}

describe('builds of other processes (no engine needed)', () => {
  it('are recognised in the process list by program and subcommand, whatever the flags', () => {
    expect(isBuildCommand('podman build -t localhost/x:1 -f Dockerfile --layers .')).toBe(true);
    expect(isBuildCommand('/usr/bin/podman --root /var/lib/containers/storage image build .')).toBe(true);
    expect(isBuildCommand('buildah bud --layers .')).toBe(true);
    expect(isBuildCommand('podman run --name drydock-verify-1-before localhost/build:1')).toBe(false);
    expect(isBuildCommand('node dist/cli/main.js verify build/Dockerfile')).toBe(false);
    expect(isBuildCommand('')).toBe(false);
  });
});

describe('verifier lookup (no engine needed)', () => {
  it('keys verifiers by the rule ids that exist and ignores those whose rule does not', () => {
    const registry = new RuleRegistry(allRules);
    const byRule = verifiersFor(registry, allVerifiers);
    expect(byRule.get('dockerfile/maintainer-deprecated')?.name).toBe('authors label replaces MAINTAINER');
    const ghost = { ...allVerifiers[0], rule: ['dockerfile/no-such-rule-yet', 'DL9999'] };
    expect([...verifiersFor(registry, [ghost]).keys()]).toEqual([]);
  });

  it('resolves a verifier through an alias when its drydock id differs', () => {
    const registry = new RuleRegistry(allRules);
    const maintainer = registry.get('dockerfile/maintainer-deprecated');
    expect(maintainer).toBeDefined();
    const byAlias = { ...allVerifiers[0], rule: ['dockerfile/some-other-name', 'MaintainerDeprecated'] };
    expect([...verifiersFor(registry, [byAlias]).keys()]).toEqual(['dockerfile/maintainer-deprecated']);
  });

  it('reads container facts from the probe output', () => {
    const facts = parseFacts(['uid 1000', 'gid 1000', 'rootfs readonly', 'CapEff: 0000000000000000', 'NoNewPrivs: 1', 'Seccomp: 2', 'mem 67108864', 'cpu 25000 100000', 'satoken no'].join('\n'));
    expect(facts).toEqual({ uid: 1000, gid: 1000, rootWritable: false, capEff: 0n, noNewPrivs: true, seccomp: 2, memoryLimit: 67108864, cpuLimit: 0.25, serviceAccountToken: false });
  });
});

describe('verify without an engine', () => {
  const dockerClients = (process.env.PATH ?? '').split(path.delimiter).filter((dir) => dir && existsSync(path.join(dir, 'docker')));
  it.skipIf(dockerClients.length === 0)('docker installed but no daemon answering: unavailable, saying so (docker info alone exits 0 then)', async () => {
    const saved = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = 'unix:///nonexistent/docker.sock';
    try {
      await expect(detectEngine('docker')).rejects.toThrow(/docker: the daemon does not answer \(.*Is the docker daemon running\?\)/s);
    } finally {
      if (saved === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = saved;
    }
  });

  it('exits 2 with an install hint when no engine answers', async () => {
    const saved = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const { code, stderr } = await verify(null, [path.join(fixtures, 'maintainer', 'Dockerfile')]);
      expect(code).toBe(2);
      expect(stderr).toMatch(/no container engine is available .*Install podman/s);
    } finally {
      process.env.PATH = saved;
    }
  });
});

for (const setup of setups) {
  const { name: engineName, skipReason, hasDebian } = setup;
  const debianSkip = hasDebian ? '' : ` — skipped: localhost/debian:bookworm is missing on ${engineName} (${engineName === 'docker' ? LOAD_HINT : 'setup-podman.sh --debian'})`;
  describe.skipIf(Boolean(skipReason)).concurrent(`conformance on ${engineName}${skipReason ? ` — skipped: ${skipReason}` : ''}`, { timeout: RUN_TIMEOUT_MS }, () => {
    afterAll(async () => {
      // Everything the runs on this engine created is gone (images, containers, pods, BuildKit cache records).
      expect(setup.markers.length).toBeGreaterThan(0);
      expect(await setup.engine!.leftovers(setup.markers)).toEqual([]);
      const addedCache = (await setup.engine!.buildCacheIds()).filter((id) => !setup.buildCacheBefore.has(id));
      expect(addedCache, 'build-cache records the runs added').toEqual([]);
      console.log(`conformance stage: ${engineName} done after ${((Date.now() - stageStarted) / 1000).toFixed(1)} s (engines run side by side)`);
    });

    /** Fixture, the fixes it must get verified, and what else to check. */
    type Case = [string, string[], ((target: TargetResult) => void)?];
    const busybox: Case[] = [
      ['apk-stub', ['dockerfile/apk-no-cache']],
      ['multi-stage', ['dockerfile/from-as-casing', 'dockerfile/consistent-instruction-casing']],
      ['user-workdir', ['dockerfile/workdir-relative-path', 'dockerfile/json-args-recommended']],
      ['maintainer', ['dockerfile/maintainer-deprecated', 'dockerfile/legacy-key-value-format', 'dockerfile/expose-proto-casing']],
      ['add-files', ['dockerfile/prefer-copy-over-add']],
      [
        'shell-form-cmd',
        ['dockerfile/json-args-recommended'],
        (target) => {
          // The exec-form program gets SIGTERM and stops well under the 10 s kill timeout.
          expect(target.after?.run?.state).toBe('still-running');
          expect(target.after!.run!.stopMs!).toBeLessThan(5000);
          expect(target.after?.run?.stdout).toBe('serving\ngot SIGTERM\n');
        },
      ],
      ['secrets-env', ['dockerfile/legacy-key-value-format']],
      ['cd-chain', ['dockerfile/cd-without-and']],
    ];
    for (const [fixture, expected, extra] of busybox) {
      it(`${fixture}: builds and runs before and after, same behaviour, fixes verified`, async () => {
        // A service: let it count as long-running after 3 s.
        const { code, target } = await verify(setup, [path.join(fixtures, fixture, 'Dockerfile')], fixture === 'shell-form-cmd' ? { runTimeout: 3 } : {});
        expectVerified(target, expected);
        expect(target.before?.built && target.after?.built).toBe(true);
        expect(target.behaviour?.preserved).toBe(true);
        extra?.(target);
        expect(code).toBe(0);
      });
    }

    const debian: Case[] = [
      ['apt-install', ['dockerfile/apt-get-yes', 'dockerfile/apt-no-install-recommends', 'dockerfile/apt-lists-not-deleted']],
      [
        'apt-recommends',
        ['dockerfile/apt-no-install-recommends'],
        (target) => {
          // curl's recommends (ca-certificates, openssl…) are left out: fewer packages, smaller image.
          const fix = target.fixes.find((f) => f.ruleId === 'dockerfile/apt-no-install-recommends');
          const [, before, after] = /(\d+) → (\d+) packages/.exec(fix?.verdict?.detail ?? '') ?? [];
          expect(Number(after)).toBeLessThan(Number(before));
          expect(target.after!.imageSize!).toBeLessThan(target.before!.imageSize!);
        },
      ],
      ['apt-cli', ['dockerfile/use-apt-get']],
      ['cache-mount', ['dockerfile/apt-no-install-recommends', 'dockerfile/consistent-instruction-casing']],
      ['pip-local', ['dockerfile/pip-no-cache-dir']],
    ];
    for (const [fixture, expected, extra] of debian) {
      it.skipIf(!hasDebian)(`${fixture} (Debian, apt mirror): same behaviour, fixes verified${debianSkip}`, async () => {
        const { code, target } = await verify(setup, [path.join(fixtures, fixture, 'Dockerfile')], { buildNetwork: true });
        expectVerified(target, expected);
        expect(target.behaviour?.preserved).toBe(true);
        extra?.(target);
        expect(code).toBe(0);
      });
    }

    // Only podman plays Kubernetes manifests (`kube play`).
    if (engineName === 'podman') {
      const manifests: Case[] = [
        ['pod-hardening.yaml', ['k8s/pss-allow-privilege-escalation', 'k8s/pss-capabilities-restricted', 'k8s/pss-seccomp-restricted', 'k8s/pss-run-as-non-root', 'k8s/drop-net-raw']],
        [
          'deployment-configmap.yaml',
          ['k8s/pss-allow-privilege-escalation', 'k8s/pss-capabilities-restricted', 'k8s/pss-seccomp-restricted', 'k8s/pss-run-as-non-root'],
          (target) => {
            expect(target.notes).toContain('Service worker skipped: podman kube play does not run this kind');
            expect(target.notes).toContain('Deployment worker: run with 1 replica instead of 2');
          },
        ],
        ['readonly-pod.yaml', ['k8s/pss-allow-privilege-escalation', 'k8s/pss-capabilities-restricted', 'k8s/pss-seccomp-restricted', 'k8s/pss-run-as-non-root']],
      ];
      for (const [manifest, expected, extra] of manifests) {
        it(`manifest ${manifest}: kube play before and after, hardening verified in the running containers`, async () => {
          const { code, target } = await verify(setup, [path.join(fixtures, 'manifests', manifest)]);
          expect(target.status, target.reason).toBe('passed');
          expect(target.behaviour?.preserved).toBe(true);
          for (const id of expected) expect(target.fixes.find((f) => f.ruleId === id)?.verdict?.status, id).toBe('verified');
          // podman never mounts a service-account token: that fix cannot be shown here, and the report says so.
          const automount = target.fixes.find((f) => f.ruleId === 'k8s/automount-service-account-token');
          expect(automount?.verdict?.status).toBe('inconclusive');
          expect(automount?.verdict?.detail).toMatch(/podman never mounts/);
          extra?.(target);
          expect(code).toBe(0);
        });
      }

      it('manifest: runAsNonRoot on an image that runs as root is caught, since podman does not enforce it', async () => {
        const dir = tempTree({
          'pod.yaml': [
            'apiVersion: v1',
            'kind: Pod',
            'metadata: {name: rooty}',
            'spec:',
            '  containers:',
            '    - name: app',
            '      image: localhost/busybox:stable',
            '      command: ["sleep", "3600"]',
            '      resources: {limits: {memory: 32Mi, cpu: 100m}, requests: {memory: 32Mi, cpu: 100m}}',
            '',
          ].join('\n'),
        });
        const { code, target } = await verify(setup, [path.join(dir, 'pod.yaml')]);
        expect(target.status).toBe('failed');
        const nonRoot = target.fixes.find((f) => f.ruleId === 'k8s/pss-run-as-non-root');
        expect(nonRoot?.verdict?.status).toBe('failed');
        expect(nonRoot?.verdict?.detail).toMatch(/runs as uid 0 .*a kubelet would refuse to start it/);
        expect(target.notes.join('\n')).toMatch(/podman does not enforce runAsNonRoot, so drydock checked it itself/);
        expect(code).toBe(1);
      });

      it('manifest: runAsNonRoot on an image with a named USER and no runAsUser is caught (a kubelet cannot verify a name)', async () => {
        const image = `localhost/drydock-test-named-user-${process.pid}:1`;
        const dir = tempTree({
          Dockerfile: 'FROM localhost/busybox:stable\nRUN echo "app:x:10001:10001::/tmp:/bin/sh" >> /etc/passwd\nUSER app\n',
          'pod.yaml': [
            'apiVersion: v1',
            'kind: Pod',
            'metadata: {name: named}',
            'spec:',
            '  securityContext: {runAsNonRoot: true}',
            '  containers:',
            '    - name: app',
            `      image: ${image}`,
            '      command: ["sleep", "3600"]',
            '      resources: {limits: {memory: 32Mi, cpu: 100m}, requests: {memory: 32Mi, cpu: 100m}}',
            '',
          ].join('\n'),
        });
        const built = await setup.engine!.build({ dockerfile: path.join(dir, 'Dockerfile'), context: dir, tag: image, network: false, allowPull: false, timeoutMs: 300_000, memory: '512m' });
        try {
          expect(built.ok, built.log).toBe(true);
          const { code, target } = await verify(setup, [path.join(dir, 'pod.yaml')]);
          expect(target.status).toBe('failed');
          expect(target.notes.join('\n')).toContain(
            'fixed manifest: named/app: a kubelet would refuse to start it ("container has runAsNonRoot and image has non-numeric user (app), cannot verify user is non-root")',
          );
          expect(code).toBe(1);
        } finally {
          await setup.engine!.removeImages([image, ...built.intermediateImages.reverse()]);
        }
      });
    } else {
      it('manifests are reported as skipped, not failed: docker has no kube play', async () => {
        const { code, target } = await verify(setup, [path.join(fixtures, 'manifests', 'pod-hardening.yaml')]);
        expect(target.status).toBe('skipped');
        expect(target.reason).toBe(`${engineName} cannot run Kubernetes manifests; use --engine podman`);
        expect(code).toBe(0);
      });
    }

    describe('the runner catches wrong fixes', () => {
      const meta = (id: string) => ({
        id,
        title: id,
        severity: 'warning' as const,
        category: 'correctness' as const,
        rationale: 'A deliberately wrong fix, to prove the runner catches it.',
        aliases: {},
        fixable: true,
        defaultOptions: {},
        examples: { bad: [], good: [] },
      });
      /** Turns `CMD echo $HOME` into exec form, where nothing expands $HOME any more. */
      const execFormHome = defineDockerfileRule({
        meta: meta('test/exec-form-with-variables'),
        check(context) {
          for (const instruction of context.dockerfile.instructions) {
            if (instruction.kind !== 'CMD' || !instruction.shell || !instruction.argsNode) continue;
            const words = instruction.argsText.trim().split(/\s+/);
            context.report({
              message: 'exec form',
              range: instruction.argsNode.span,
              fix: { description: 'Write CMD in exec form', edits: [{ span: instruction.argsNode.span, text: JSON.stringify(words) }] },
            });
          }
        },
      });
      /** Points COPY at a file that does not exist: the fixed file no longer builds. */
      const missingSource = defineDockerfileRule({
        meta: meta('test/copy-missing-source'),
        check(context) {
          for (const instruction of context.dockerfile.instructions) {
            if (instruction.kind !== 'COPY' || instruction.sources[0]?.value !== 'hello.txt') continue;
            const span = instruction.sources[0].span;
            context.report({ message: 'rename', range: span, fix: { description: 'Copy missing.txt', edits: [{ span, text: 'missing.txt' }] } });
          }
        },
      });

      it('reports the changed behaviour of a fix that stops variable expansion, naming the fix', async () => {
        const dir = tempTree({ Dockerfile: 'FROM localhost/busybox:stable\nCMD echo $HOME\n' });
        writeFileSync(path.join(dir, 'hello.txt'), 'hi\n');
        const { code, target } = await verify(setup, [path.join(dir, 'Dockerfile')], {}, [...allRules, execFormHome]);
        expect(target.status).toBe('failed');
        expect(target.behaviour?.preserved).toBe(false);
        expect(target.behaviour?.detail).toMatch(/stdout differs: line 1: "\/.*" before, "\$HOME" after/);
        expect(target.fixes.find((f) => f.ruleId === 'test/exec-form-with-variables')?.broke).toBe('behaviour');
        expect(target.reason).toMatch(/caused by the fix of test\/exec-form-with-variables/);
        expect(code).toBe(1);
      });

      it('--write leaves the file alone when a fix changed behaviour', async () => {
        const original = 'FROM localhost/busybox:stable\nCMD echo $HOME\n';
        const dir = tempTree({ Dockerfile: original });
        const { code, target } = await verify(setup, [path.join(dir, 'Dockerfile')], { write: true }, [...allRules, execFormHome]);
        expect(target.status).toBe('failed');
        expect(target.notes.join('\n')).not.toMatch(/written/);
        expect(readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toBe(original);
        expect(code).toBe(1);
      });

      it('reports a fixed file that no longer builds as a broken build, naming the fix', async () => {
        const dir = tempTree({ Dockerfile: 'FROM localhost/busybox:stable\nCOPY hello.txt /hello.txt\nCMD ["cat", "/hello.txt"]\n', 'hello.txt': 'hi\n' });
        const { code, target } = await verify(setup, [path.join(dir, 'Dockerfile')], {}, [...allRules, missingSource]);
        expect(target.status).toBe('failed');
        expect(target.before?.built).toBe(true);
        expect(target.after?.built).toBe(false);
        expect(target.after?.buildError).toMatch(/missing\.txt/);
        expect(target.fixes.find((f) => f.ruleId === 'test/copy-missing-source')?.broke).toBe('build');
        expect(target.reason).toMatch(/no longer builds: caused by the fix of test\/copy-missing-source/);
        expect(code).toBe(1);
      });

      it('says which base image is missing instead of pulling it, and builds nothing', async () => {
        const dir = tempTree({ Dockerfile: 'FROM localhost/drydock-absent:1\nMAINTAINER Jane Doe <jane@example.com>\nCMD ["true"]\n' });
        const { code, target } = await verify(setup, [path.join(dir, 'Dockerfile')]);
        expect(target.status).toBe('error');
        expect(target.reason).toMatch(/^base image localhost\/drydock-absent:1 is not available locally; the runner never pulls/);
        expect(target.before).toBeUndefined();
        expect(code).toBe(2);
      });
    });

    describe('--write', () => {
      /** One fix (MAINTAINER → label), and a CMD of its own so that no other run shares its last layer. */
      const withMaintainer = (word: string) => `FROM localhost/busybox:stable\nMAINTAINER Jane Doe <jane@example.com>\nCMD ["echo", "${word}"]\n`;

      it('writes the fixed file when every check passed: atomically (a rename), keeping its mode', async () => {
        const dir = tempTree({ Dockerfile: withMaintainer('written') });
        const file = path.join(dir, 'Dockerfile');
        chmodSync(file, 0o640);
        const inodeBefore = statSync(file).ino;
        const { code, target } = await verify(setup, [file], { write: true });
        expect(target.status, target.reason).toBe('passed');
        expect(target.notes).toContain('the fixed file was written (--write)');
        expect(code).toBe(0);
        const written = readFileSync(file, 'utf8');
        expect(written).not.toMatch(/^MAINTAINER/m);
        expect(written).toContain('LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"');
        // A new file renamed over the old one (never half-written in place), with the old permissions, and no temporary file left.
        expect(statSync(file).ino).not.toBe(inodeBefore);
        expect(statSync(file).mode & 0o777).toBe(0o640);
        expect(readdirSync(dir)).toEqual(['Dockerfile']);
        // What was written is the verified fixed file: nothing is left to fix.
        const again = await verify(setup, [file], { write: true });
        expect(again.target.status).toBe('skipped');
        expect(readFileSync(file, 'utf8')).toBe(written);
      });

      // Retried once: on a loaded CI machine with both engines busy, an engine command can fail for a moment (the reason is printed).
      it('refuses to write when the file changed while it was being verified, keeping the new content', { retry: 1 }, async () => {
        const dir = tempTree({ Dockerfile: withMaintainer('refused') });
        const file = path.join(dir, 'Dockerfile');
        const edited = `${withMaintainer('refused')}# saved in an editor during the run\n`;
        const real = allVerifiers.find((v) => v.rule[0] === 'dockerfile/maintainer-deprecated') as DockerfileVerifier;
        // Runs after both builds, like a user saving the file while the engine works.
        const editingVerifier: DockerfileVerifier = {
          ...real,
          async verify(context) {
            writeFileSync(file, edited);
            return real.verify(context);
          },
        };
        const { target } = await verify(setup, [file], { write: true }, allRules, [editingVerifier]);
        expect(target.status, `${target.reason ?? ''} ${JSON.stringify(target.fixes.map((f) => [f.ruleId, f.verdict]))}`).toBe('passed');
        expect(target.notes).toContain('not written: the file changed while it was being linted; fixes not written, run again');
        expect(readFileSync(file, 'utf8')).toBe(edited);
        expect(readdirSync(dir)).toEqual(['Dockerfile']);
      });
    });

    describe('containment (hostile fixtures)', () => {
      it('a container that tries to reach the network has none', async () => {
        const { target } = await verify(setup, [path.join(fixtures, 'containment-network', 'Dockerfile')]);
        expect(target.status).toBe('passed');
        expect(target.before?.run?.stdout).toBe('no-network\n');
        expect(target.after?.run?.stdout).toBe('no-network\n');
      });

      // Timing-sensitive on a loaded machine (a fork bomb racing the stop); retried before it counts as a failure.
      it('a fork bomb is held by the pids limit and stopped at the time limit', { retry: 2 }, async () => {
        const { target } = await verify(setup, [path.join(fixtures, 'containment-forkbomb', 'Dockerfile')], { pids: 64, runTimeout: 3, stopTimeout: 3 });
        expect(target.status, JSON.stringify({ notes: target.notes, before: target.before?.run, after: target.after?.run })).toBe('passed');
        expect(target.before?.run?.state).toBe('still-running');
        expect(target.notes.join('\n')).toMatch(/the original container was still running after 3 s and was stopped; it ignored SIGTERM and was killed after 3 s/);
      });

      it('a container that fills memory is killed at the memory limit and reported', async () => {
        const { target } = await verify(setup, [path.join(fixtures, 'containment-memory', 'Dockerfile')], { memory: '64m' });
        expect(target.status).toBe('passed');
        expect(target.before?.run?.exitCode).toBe(137);
        expect(target.notes.join('\n')).toMatch(/killed \(exit code 137\), most likely at the memory limit of 64m/);
        // podman's conmon leaves an `oom` file in its working folder: never the user's.
        expect(existsSync(path.join(process.cwd(), 'oom'))).toBe(false);
      });

      it('Ctrl-C stops the run and removes what it created', () => inSlot(async () => {
        const child = spawn(process.execPath, [path.join(root, 'dist', 'cli', 'main.js'), 'verify', '--no-config', '--engine', engineName, '--run-timeout', '120', path.join(fixtures, 'shell-form-cmd', 'Dockerfile')], {
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stderr = '';
        const running = new Promise<void>((resolve) =>
          child.stderr.on('data', (chunk: Buffer) => {
            stderr += chunk.toString();
            if (stderr.includes('running both images')) resolve();
          }),
        );
        const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
        // A CLI that ends early (a broken build of dist/) must fail the test, not hang it.
        await Promise.race([running, exited.then((code) => expect.fail(`drydock verify ended early (exit ${code}): ${stderr}`))]);
        // Another build starts meanwhile (podman: its working container appears after the run began),
        // and must survive the interrupted run's cleanup: removing its working container would fail it.
        const other = engineName === 'podman' ? otherBuild() : null;
        // Let both containers start (and the other build reach its slow step) before interrupting.
        await Promise.all([new Promise((resolve) => setTimeout(resolve, 1500)), other?.started]);
        const marker = /run (drydock-verify-[0-9a-f]+)/.exec(stderr)![1];
        expect(await setup.engine!.leftovers([marker])).not.toEqual([]);
        child.kill('SIGINT');
        expect(await exited).toBe(130);
        expect(stderr).toMatch(/SIGINT: removing the images, containers and pods created so far/);
        expect(await setup.engine!.leftovers([marker])).toEqual([]);
        if (other) {
          expect(stderr).toMatch(/left \d+ builder working container\(s\) in place, because another build is running/);
          const { code, log, tag } = await other.done;
          await setup.engine!.removeImages([tag]);
          expect(code, log).toBe(0);
        }
      }));
    });
  });
}
