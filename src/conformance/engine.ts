/**
 * Container engines behind one interface: podman (default) and docker, both
 * driven through their command-line clients. Nothing here decides what to
 * verify; the runner does.
 */
import { accessSync, constants } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runProcess, type ProcessResult } from './process.js';

export type EngineName = 'podman' | 'docker';

export interface ResourceLimits {
  /** Engine syntax, e.g. `256m`; swap is capped at the same value. */
  memory: string;
  cpus: string;
  pids: number;
}

export interface BuildRequest {
  dockerfile: string;
  context: string;
  tag: string;
  /** Give RUN steps network access (package installs). */
  network: boolean;
  allowPull: boolean;
  timeoutMs: number;
  /** Memory available to RUN steps. */
  memory: string;
}

export interface BuildOutcome {
  ok: boolean;
  timedOut: boolean;
  durationMs: number;
  /** The build's output (tail), for the report when it fails. */
  log: string;
  /** Intermediate images this build committed (podman keeps them as cache): removed with the run. */
  intermediateImages: string[];
  /** Working containers a killed build may have left, not removed because another build was running. */
  leftWorkingContainers?: string[];
}

export interface RunRequest {
  image: string;
  /** Unique container name (the runner removes it afterwards). */
  name: string;
  /** Replaces the image's ENTRYPOINT with one program (`''` clears it). */
  entrypoint?: string;
  /** Replaces the image's CMD. */
  command?: string[];
  limits: ResourceLimits;
  /** How long the container may run before it counts as a long-running service and is stopped. */
  timeoutMs: number;
  /** Seconds the engine waits after SIGTERM before SIGKILL when stopping. */
  stopTimeoutSec: number;
}

export interface RunOutcome {
  /** `exited` on its own; `still-running` when stopped after the time limit; `engine-error` when it never ran. */
  state: 'exited' | 'still-running' | 'engine-error';
  exitCode: number | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  /** For `still-running`: how long `stop` took (SIGTERM, then SIGKILL after stopTimeoutSec). */
  stopMs?: number;
  error?: string;
}

export interface ImageInfo {
  id: string;
  size: number;
  user: string;
  env: string[];
  cmd: string[] | null;
  entrypoint: string[] | null;
  workingDir: string;
  labels: Record<string, string>;
  exposedPorts: string[];
  healthcheck: string[] | null;
  stopSignal: string;
  /** MAINTAINER's value (the image config's `author`). */
  author: string;
}

export interface HistoryEntry {
  createdBy: string;
  size: number;
}

export interface ContainerEngine {
  readonly name: EngineName;
  readonly version: string;
  /** Whether `kube play` exists (podman only). */
  readonly supportsKube: boolean;
  imageExists(reference: string): Promise<boolean>;
  build(request: BuildRequest): Promise<BuildOutcome>;
  run(request: RunRequest): Promise<RunOutcome>;
  inspectImage(reference: string): Promise<ImageInfo>;
  history(reference: string): Promise<HistoryEntry[]>;
  removeImages(references: string[]): Promise<void>;
  removeContainers(names: string[]): Promise<void>;
  exec(container: string, args: string[], timeoutMs: number): Promise<ProcessResult>;
  containerState(name: string): Promise<{ running: boolean; exitCode: number | null } | null>;
  logs(name: string): Promise<string>;
  kubePlay(file: string, timeoutMs: number): Promise<ProcessResult>;
  kubeDown(file: string): Promise<void>;
  /** Containers (not infra) of a pod, by name. */
  podContainers(pod: string): Promise<string[]>;
  /** Ids of the builder's working containers (podman build leaves them behind when it is killed). */
  workingContainers(): Promise<string[]>;
  /**
   * Removes the working containers that are not in `before` (left by builds of ours that were
   * killed), unless another build is running: its working containers look the same, and
   * removing one fails that build. Returns the ids left in place.
   */
  removeWorkingContainersSince(before: ReadonlySet<string>): Promise<string[]>;
  /** Names of containers, images and pods that contain one of `markers` (to prove cleanup). */
  leftovers(markers: string[]): Promise<string[]>;
  /** Ids of BuildKit's build-cache records (docker; podman keeps its cache as images, removed as intermediate images). */
  buildCacheIds(): Promise<string[]>;
  /** Removes these build-cache records (those still in use are left). */
  removeBuildCache(ids: string[]): Promise<void>;
}

/** The engine could not be found or used: exit code 2 with this message. */
export class EngineUnavailableError extends Error {
  override name = 'EngineUnavailableError';
}

const INSTALL_HINT =
  'Install podman (Debian/Ubuntu: `apt-get install podman runc`; on machines like the CI VM run `bash ../shared/engine/setup-podman.sh`) ' +
  'or docker (https://docs.docker.com/engine/install/), make sure `podman info` or `docker info` works, then run again.';

class CliEngine implements ContainerEngine {
  readonly supportsKube: boolean;

  constructor(
    readonly name: EngineName,
    private readonly binary: string,
    readonly version: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {
    this.supportsKube = name === 'podman';
  }

  private cli(args: string[], timeoutMs = 60_000): Promise<ProcessResult> {
    // In the temporary folder: podman's conmon writes a file named `oom` into its working folder when a
    // container is killed for memory, which must not land in the user's project. Every path passed is absolute.
    return runProcess(this.binary, args, { timeoutMs, env: this.env, cwd: tmpdir() });
  }

  async imageExists(reference: string): Promise<boolean> {
    // Only "no such image" means absent: under load Podman can fail an inspect for a moment
    // (its storage lock held by another command), and that must not be reported as a missing image.
    for (let attempt = 1; ; attempt++) {
      const result = await this.cli(['image', 'inspect', '--format', '{{.Id}}', reference]);
      if (result.code === 0) return true;
      if (/no such image|image not known/i.test(result.stderr) || attempt === 3) return false;
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }

  async build(request: BuildRequest): Promise<BuildOutcome> {
    const args = ['build', '-t', request.tag, '-f', request.dockerfile, '--force-rm', '--memory', request.memory];
    if (!request.network) args.push('--network', 'none');
    // podman's default OCI format drops HEALTHCHECK (and other docker-only config); docker format keeps it.
    if (this.name === 'podman') args.push('--format', 'docker', '--layers', `--pull=${request.allowPull ? 'missing' : 'never'}`);
    args.push(request.context);
    const workingBefore = new Set(await this.workingContainers());
    const result = await this.cli(args, request.timeoutMs);
    // A killed build leaves its working container behind.
    const left = result.timedOut ? await this.removeWorkingContainersSince(workingBefore) : [];
    const log = `${result.stdout}${result.stderr}`;
    return {
      ok: result.code === 0,
      timedOut: result.timedOut,
      durationMs: result.durationMs,
      log: result.spawnError ?? log.slice(-4000),
      intermediateImages: committedImages(log),
      ...(left.length > 0 ? { leftWorkingContainers: left } : {}),
    };
  }

  async run(request: RunRequest): Promise<RunOutcome> {
    const { limits } = request;
    const args = [
      'run',
      '--name', request.name,
      '--network', 'none',
      '--memory', limits.memory,
      '--memory-swap', limits.memory,
      '--cpus', limits.cpus,
      '--pids-limit', String(limits.pids),
      '--security-opt', 'no-new-privileges',
      '--hostname', 'drydock',
      '--no-healthcheck',
      '--pull', 'never',
    ];
    if (request.entrypoint !== undefined) args.push('--entrypoint', request.entrypoint);
    args.push(request.image, ...(request.command ?? []));
    const started = Date.now();
    const attached = this.cli(args, request.timeoutMs + (request.stopTimeoutSec + 60) * 1000);
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<'limit'>((resolve) => (timer = setTimeout(() => resolve('limit'), request.timeoutMs)));
    const first = await Promise.race([attached, limit]);
    let stopMs: number | undefined;
    if (first === 'limit') {
      const stop = await this.cli(['stop', '-t', String(request.stopTimeoutSec), request.name], (request.stopTimeoutSec + 30) * 1000);
      stopMs = stop.durationMs;
    } else clearTimeout(timer);
    const result = await attached;
    const durationMs = Date.now() - started;
    const state = await this.containerState(request.name);
    if (!state || result.spawnError) {
      return { state: 'engine-error', exitCode: null, stdout: result.stdout, stderr: result.stderr, durationMs, error: result.spawnError ?? lastLines(result.stderr) };
    }
    return {
      state: stopMs !== undefined ? 'still-running' : 'exited',
      exitCode: state.exitCode,
      stdout: result.stdout,
      stderr: result.stderr,
      durationMs,
      ...(stopMs !== undefined ? { stopMs } : {}),
    };
  }

  async exec(container: string, args: string[], timeoutMs: number): Promise<ProcessResult> {
    return this.cli(['exec', container, ...args], timeoutMs);
  }

  async inspectImage(reference: string): Promise<ImageInfo> {
    const result = await this.cli(['image', 'inspect', reference]);
    if (result.code !== 0) throw new Error(`cannot inspect image ${reference}: ${lastLines(result.stderr)}`);
    const [raw] = JSON.parse(result.stdout) as Array<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const config = (raw.Config ?? raw.ContainerConfig ?? {}) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    return {
      id: String(raw.Id ?? ''),
      size: Number(raw.Size ?? 0),
      user: String(config.User ?? ''),
      env: (config.Env as string[] | null) ?? [],
      cmd: (config.Cmd as string[] | null) ?? null,
      entrypoint: (config.Entrypoint as string[] | null) ?? null,
      workingDir: String(config.WorkingDir ?? ''),
      labels: (config.Labels as Record<string, string> | null) ?? {},
      exposedPorts: Object.keys((config.ExposedPorts as object | null) ?? {}).sort(),
      healthcheck: (config.Healthcheck?.Test as string[] | undefined) ?? null,
      stopSignal: String(config.StopSignal ?? ''),
      author: String(raw.Author ?? ''),
    };
  }

  async history(reference: string): Promise<HistoryEntry[]> {
    const result = await this.cli(['history', '--no-trunc', '--format', '{{.CreatedBy}}\t{{.Size}}', reference]);
    if (result.code !== 0) throw new Error(`cannot read the history of ${reference}: ${lastLines(result.stderr)}`);
    // Newest first, as the engines print it.
    return result.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const tab = line.lastIndexOf('\t');
        return { createdBy: line.slice(0, tab), size: parseSize(line.slice(tab + 1)) };
      });
  }

  async removeImages(references: string[]): Promise<void> {
    for (const reference of references) await this.cli(['rmi', '-f', reference]);
  }

  async removeContainers(names: string[]): Promise<void> {
    if (names.length === 0) return;
    // podman skips every name when one is missing, unless told to ignore missing ones.
    await this.cli(['rm', '-f', ...(this.name === 'podman' ? ['--ignore', '-t', '0'] : []), ...names]);
  }

  async containerState(name: string): Promise<{ running: boolean; exitCode: number | null } | null> {
    const result = await this.cli(['container', 'inspect', '--format', '{{.State.Running}} {{.State.ExitCode}} {{.State.Status}}', name]);
    if (result.code !== 0) return null;
    const [running, exitCode, status] = result.stdout.trim().split(' ');
    if (status === 'created' || status === 'configured') return null;
    return { running: running === 'true', exitCode: Number.isFinite(Number(exitCode)) ? Number(exitCode) : null };
  }

  async logs(name: string): Promise<string> {
    return (await this.cli(['logs', name])).stdout;
  }

  async kubePlay(file: string, timeoutMs: number): Promise<ProcessResult> {
    return this.cli(['kube', 'play', '--network', 'none', file], timeoutMs);
  }

  async kubeDown(file: string): Promise<void> {
    await this.cli(['kube', 'down', file]);
  }

  async podContainers(pod: string): Promise<string[]> {
    const result = await this.cli(['ps', '-a', '--filter', `pod=${pod}`, '--format', '{{.Names}} {{.IsInfra}}']);
    return result.stdout
      .split('\n')
      .filter((line) => line && !line.endsWith(' true'))
      .map((line) => line.split(' ')[0]);
  }

  async workingContainers(): Promise<string[]> {
    if (this.name !== 'podman') return [];
    const result = await this.cli(['ps', '-a', '--external', '--format', '{{.ID}} {{.Names}}']);
    return result.stdout
      .split('\n')
      .filter((line) => line.endsWith('-working-container'))
      .map((line) => line.split(' ')[0]);
  }

  async removeWorkingContainersSince(before: ReadonlySet<string>): Promise<string[]> {
    const appeared = (await this.workingContainers()).filter((id) => !before.has(id));
    if (appeared.length === 0) return [];
    if (await otherBuildsRunning()) return appeared;
    await this.removeContainers(appeared);
    return [];
  }

  async leftovers(markers: string[]): Promise<string[]> {
    const lists = [
      await this.cli(['ps', '-a', '--format', '{{.Names}}']),
      await this.cli(['images', '--format', '{{.Repository}}:{{.Tag}}']),
      ...(this.name === 'podman' ? [await this.cli(['pod', 'ps', '--format', '{{.Name}}'])] : []),
    ];
    return lists.flatMap((r) => r.stdout.split('\n')).filter((line) => markers.some((marker) => line.includes(marker)));
  }

  async buildCacheIds(): Promise<string[]> {
    if (this.name !== 'docker' || this.env.DOCKER_BUILDKIT !== '1') return [];
    const result = await this.cli(['system', 'df', '-v', '--format', '{{json .BuildCache}}']);
    if (result.code !== 0) return [];
    try {
      const records = JSON.parse(result.stdout) as Array<{ ID?: string; CreatedAt?: string; Shared?: string }> | null;
      // Shared records are the layers of images in the store (the base images), not cache; newest first, so
      // that a record goes before the ones it was built on.
      return (records ?? [])
        .filter((record) => record.Shared !== 'true')
        .sort((a, b) => String(b.CreatedAt).localeCompare(String(a.CreatedAt)))
        .flatMap((record) => (record.ID ? [record.ID] : []));
    } catch {
      return [];
    }
  }

  async removeBuildCache(ids: string[]): Promise<void> {
    // The daemon takes one id per prune (`filters expect only one value`).
    for (const id of ids) await this.cli(['builder', 'prune', '--force', '--filter', `id=${id}`]);
  }
}

/**
 * Whether another podman or buildah build is running: asked once the killed builds have ended,
 * so any build still running is another one (of another process, or another run of this one).
 * When the process list cannot be read, the answer is yes: the safe side.
 */
async function otherBuildsRunning(): Promise<boolean> {
  const listing = await runProcess('ps', ['-eo', 'args='], { timeoutMs: 10_000 });
  if (listing.code !== 0) return true;
  return listing.stdout.split('\n').some(isBuildCommand);
}

/** `podman build …`, `podman image build …`, `buildah bud …`, `buildah build …` (any path to the program). */
export function isBuildCommand(commandLine: string): boolean {
  const [program, ...words] = commandLine.trim().split(/\s+/);
  if (!/(^|\/)(podman|buildah)$/.test(program ?? '')) return false;
  return words.some((word) => word === 'build' || word === 'bud');
}

/** Image ids podman printed as committed (`--> 3f2a…`), not the ones it took from the cache. */
function committedImages(log: string): string[] {
  const cached = new Set([...log.matchAll(/--> Using cache ([0-9a-f]{12,64})/g)].map((m) => m[1].slice(0, 12)));
  const ids = [...log.matchAll(/^--> ([0-9a-f]{11,64})\s*$/gm)].map((m) => m[1]);
  return ids.filter((id) => !cached.has(id.slice(0, 12)));
}

function parseSize(text: string): number {
  const match = /^([\d.]+)\s*([kMG]?)B?$/i.exec(text.trim());
  if (!match) return 0;
  const unit = { '': 1, k: 1e3, m: 1e6, g: 1e9 }[match[2].toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Math.round(Number(match[1]) * unit);
}

function lastLines(text: string, count = 5): string {
  return text.trim().split('\n').slice(-count).join('\n');
}

/** Every executable called `name` on PATH, in PATH order. */
function onPath(name: string): string[] {
  const found: string[] = [];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      if (!found.includes(candidate)) found.push(candidate);
    } catch {
      // not here
    }
  }
  return found;
}

/**
 * The docker client to drive, and whether it can build with BuildKit: a client
 * with the buildx plugin, or one older than 23 (BuildKit built in, e.g.
 * Debian's 20.10); else the first one on PATH, with the classic builder (a
 * newer client without buildx refuses `DOCKER_BUILDKIT=1`).
 */
async function dockerClient(): Promise<{ binary: string; buildKit: boolean } | null> {
  const clients = onPath('docker');
  for (const binary of clients) {
    const version = await runProcess(binary, ['version', '--format', '{{.Client.Version}}'], { timeoutMs: 30_000 });
    const major = Number(/^(\d+)\./.exec(version.stdout.trim())?.[1]);
    if (Number.isFinite(major) && major < 23) return { binary, buildKit: true };
    const buildx = await runProcess(binary, ['buildx', 'version'], { timeoutMs: 30_000 });
    if (buildx.code === 0) return { binary, buildKit: true };
  }
  return clients.length > 0 ? { binary: clients[0], buildKit: false } : null;
}

/**
 * Finds a working engine: the one asked for, or podman then docker. Throws
 * EngineUnavailableError, with what to install, when none answers (`podman
 * info`; for docker, the daemon's version).
 */
export async function detectEngine(preferred?: EngineName): Promise<ContainerEngine> {
  const candidates: EngineName[] = preferred ? [preferred] : ['podman', 'docker'];
  const problems: string[] = [];
  for (const name of candidates) {
    if (name === 'docker') {
      const client = await dockerClient();
      if (!client) {
        problems.push('docker: not found');
        continue;
      }
      const env = { ...process.env, DOCKER_BUILDKIT: client.buildKit ? '1' : '0' };
      // `docker info` exits 0 even when no daemon answers; `version` asks the daemon for its own.
      const server = await runProcess(client.binary, ['version', '--format', '{{.Server.Version}}'], { timeoutMs: 30_000, env });
      if (server.code === 0 && server.stdout.trim()) return new CliEngine(name, client.binary, server.stdout.trim(), env);
      problems.push(server.spawnError ?? `docker: the daemon does not answer (${lastLines(server.stderr, 2) || `exit code ${server.code}`})`);
      continue;
    }
    const info = await runProcess(name, ['info', '--format', '{{json .}}'], { timeoutMs: 30_000 });
    if (info.code === 0) {
      const version = await runProcess(name, ['version', '--format', '{{.Client.Version}}'], { timeoutMs: 30_000 });
      return new CliEngine(name, name, version.stdout.trim() || 'unknown', process.env);
    }
    problems.push(info.spawnError ?? `\`${name} info\` failed: ${lastLines(info.stderr, 2) || `exit code ${info.code}`}`);
  }
  throw new EngineUnavailableError(`no container engine is available (${problems.join('; ')}). ${INSTALL_HINT}`);
}
