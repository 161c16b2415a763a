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
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyCommand, DEFAULT_VERIFY_OPTIONS, type VerifyOptions } from '../src/conformance/command.js';
import { detectEngine, type ContainerEngine } from '../src/conformance/engine.js';
import { parseFacts } from '../src/conformance/k8s-facts.js';
import type { TargetResult, VerifyReport } from '../src/conformance/types.js';
import { allVerifiers, verifiersFor } from '../src/conformance/verifiers/index.js';
import { RuleRegistry } from '../src/core/registry.js';
import { defineDockerfileRule, type AnyRule } from '../src/core/rule.js';
import { allRules } from '../src/rules/index.js';
import { tempTree } from './support/cli.js';

const root = path.resolve(import.meta.dirname, '..');
const fixtures = path.join(root, 'test', 'fixtures', 'conformance');
const stageStarted = Date.now();
/** The names of every run this file made, to check that nothing of theirs is left. */
const markers: string[] = [];

let engine: ContainerEngine | null = null;
let noEngine = '';
try {
  engine = await detectEngine();
} catch (error) {
  noEngine = error instanceof Error ? error.message : String(error);
}
const hasDebian = engine !== null && (await engine.imageExists('localhost/debian:bookworm'));
const hasBusybox = engine !== null && (await engine.imageExists('localhost/busybox:stable'));
// Minutes of builds: a stage of its own (.ci/run), not part of every `npx vitest run`.
const skipReason = process.env.DRYDOCK_CONFORMANCE !== '1'
  ? 'set DRYDOCK_CONFORMANCE=1 to run them (they build and run images for minutes)'
  : !engine
    ? `no container engine (${noEngine})`
    : !hasBusybox
      ? 'localhost/busybox:stable is missing: run ../shared/engine/setup-podman.sh'
      : '';
if (skipReason) console.warn(`conformance tests skipped: ${skipReason}`);
const debianSkip = hasDebian ? '' : ' — skipped: localhost/debian:bookworm is missing (setup-podman.sh --debian)';

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

async function verify(paths: string[], overrides: Partial<VerifyOptions> = {}, rules: readonly AnyRule[] = allRules) {
  return inSlot(() => verifyNow(paths, overrides, rules));
}

async function verifyNow(paths: string[], overrides: Partial<VerifyOptions>, rules: readonly AnyRule[]) {
  let stdout = '';
  let stderr = '';
  const code = await verifyCommand(paths, options(overrides), new RuleRegistry(rules), {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    cwd: root,
  });
  const report = stdout ? (JSON.parse(stdout) as VerifyReport) : null;
  if (report) markers.push(...report.markers);
  return { code, stderr, report, target: report?.targets[0] as TargetResult };
}

/** Every expected fix applied and verified, every applied fix with a verifier verified. */
function expectVerified(target: TargetResult, expected: string[]) {
  expect(target.status, `${target.file}: ${target.reason ?? ''} ${target.after?.buildError ?? target.before?.buildError ?? ''}`).toBe('passed');
  const applied = target.fixes.map((f) => f.ruleId);
  expect(applied).toEqual(expect.arrayContaining(expected));
  for (const fix of target.fixes) {
    if (fix.verifier) expect(fix.verdict?.status, `${fix.ruleId}: ${fix.verdict?.detail}`).toBe('verified');
  }
  for (const id of expected) expect(target.fixes.find((f) => f.ruleId === id)?.verifier, `${id} has a verifier`).not.toBeNull();
}

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
  it('exits 2 with an install hint when no engine answers', async () => {
    const saved = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const { code, stderr } = await verify([path.join(fixtures, 'maintainer', 'Dockerfile')]);
      expect(code).toBe(2);
      expect(stderr).toMatch(/no container engine is available .*Install podman/s);
    } finally {
      process.env.PATH = saved;
    }
  });
});

describe.skipIf(Boolean(skipReason)).concurrent(`conformance on a real engine${skipReason ? ` — skipped: ${skipReason}` : ''}`, { timeout: RUN_TIMEOUT_MS }, () => {
  afterAll(async () => {
    // Everything the runs of this file created is gone (images, containers, pods).
    expect(markers.length).toBeGreaterThan(0);
    expect(await engine!.leftovers(markers)).toEqual([]);
    console.log(`conformance stage: ${((Date.now() - stageStarted) / 1000).toFixed(1)} s`);
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
      const { code, target } = await verify([path.join(fixtures, fixture, 'Dockerfile')], fixture === 'shell-form-cmd' ? { runTimeout: 3 } : {});
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
      const { code, target } = await verify([path.join(fixtures, fixture, 'Dockerfile')], { buildNetwork: true });
      expectVerified(target, expected);
      expect(target.behaviour?.preserved).toBe(true);
      extra?.(target);
      expect(code).toBe(0);
    });
  }

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
    it.skipIf(engine?.name !== 'podman')(`manifest ${manifest}: kube play before and after, hardening verified in the running containers`, async () => {
      const { code, target } = await verify([path.join(fixtures, 'manifests', manifest)]);
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
    const { code, target } = await verify([path.join(dir, 'pod.yaml')]);
    expect(target.status).toBe('failed');
    const nonRoot = target.fixes.find((f) => f.ruleId === 'k8s/pss-run-as-non-root');
    expect(nonRoot?.verdict?.status).toBe('failed');
    expect(nonRoot?.verdict?.detail).toMatch(/runs as uid 0 .*a kubelet would refuse to start it/);
    expect(target.notes.join('\n')).toMatch(/podman does not enforce runAsNonRoot, so drydock checked it itself/);
    expect(code).toBe(1);
  });

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
      const { code, target } = await verify([path.join(dir, 'Dockerfile')], {}, [...allRules, execFormHome]);
      expect(target.status).toBe('failed');
      expect(target.behaviour?.preserved).toBe(false);
      expect(target.behaviour?.detail).toMatch(/stdout differs: line 1: "\/.*" before, "\$HOME" after/);
      expect(target.fixes.find((f) => f.ruleId === 'test/exec-form-with-variables')?.broke).toBe('behaviour');
      expect(target.reason).toMatch(/caused by the fix of test\/exec-form-with-variables/);
      expect(code).toBe(1);
    });

    it('reports a fixed file that no longer builds as a broken build, naming the fix', async () => {
      const dir = tempTree({ Dockerfile: 'FROM localhost/busybox:stable\nCOPY hello.txt /hello.txt\nCMD ["cat", "/hello.txt"]\n', 'hello.txt': 'hi\n' });
      const { code, target } = await verify([path.join(dir, 'Dockerfile')], {}, [...allRules, missingSource]);
      expect(target.status).toBe('failed');
      expect(target.before?.built).toBe(true);
      expect(target.after?.built).toBe(false);
      expect(target.after?.buildError).toMatch(/missing\.txt/);
      expect(target.fixes.find((f) => f.ruleId === 'test/copy-missing-source')?.broke).toBe('build');
      expect(target.reason).toMatch(/no longer builds: caused by the fix of test\/copy-missing-source/);
      expect(code).toBe(1);
    });
  });

  describe('containment (hostile fixtures)', () => {
    it('a container that tries to reach the network has none', async () => {
      const { target } = await verify([path.join(fixtures, 'containment-network', 'Dockerfile')]);
      expect(target.status).toBe('passed');
      expect(target.before?.run?.stdout).toBe('no-network\n');
      expect(target.after?.run?.stdout).toBe('no-network\n');
    });

    // Timing-sensitive on a loaded machine (a fork bomb racing the stop); retried before it counts as a failure.
    it('a fork bomb is held by the pids limit and stopped at the time limit', { retry: 2 }, async () => {
      const { target } = await verify([path.join(fixtures, 'containment-forkbomb', 'Dockerfile')], { pids: 64, runTimeout: 3, stopTimeout: 3 });
      expect(target.status, JSON.stringify({ notes: target.notes, before: target.before?.run, after: target.after?.run })).toBe('passed');
      expect(target.before?.run?.state).toBe('still-running');
      expect(target.notes.join('\n')).toMatch(/the original container was still running after 3 s and was stopped; it ignored SIGTERM and was killed after 3 s/);
    });

    it('a container that fills memory is killed at the memory limit and reported', async () => {
      const { target } = await verify([path.join(fixtures, 'containment-memory', 'Dockerfile')], { memory: '64m' });
      expect(target.status).toBe('passed');
      expect(target.before?.run?.exitCode).toBe(137);
      expect(target.notes.join('\n')).toMatch(/killed \(exit code 137\), most likely at the memory limit of 64m/);
    });

    it('Ctrl-C stops the run and removes what it created', () => inSlot(async () => {
      const child = spawn(process.execPath, [path.join(root, 'dist', 'cli', 'main.js'), 'verify', '--no-config', '--run-timeout', '120', path.join(fixtures, 'shell-form-cmd', 'Dockerfile')], {
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
      // Let both containers start before interrupting.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const marker = /run (drydock-verify-[0-9a-f]+)/.exec(stderr)![1];
      expect(await engine!.leftovers([marker])).not.toEqual([]);
      child.kill('SIGINT');
      expect(await exited).toBe(130);
      expect(stderr).toMatch(/SIGINT: removing the images, containers and pods created so far/);
      expect(await engine!.leftovers([marker])).toEqual([]);
    }));
  });
});
