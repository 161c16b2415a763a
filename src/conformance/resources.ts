/**
 * Everything a verification run creates (images, containers, pods, temporary
 * folders) is registered here and removed at the end — also when the run
 * fails or is interrupted with Ctrl-C / SIGTERM.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ContainerEngine } from './engine.js';
import { stopRunningProcesses } from './process.js';

/** Every name the runner gives starts with this, followed by the run's id. */
export const NAME_PREFIX = 'drydock-verify';

export class ResourceTracker {
  readonly runId = randomBytes(4).toString('hex');
  private counter = 0;
  private readonly images: string[] = [];
  private readonly intermediateImages: string[] = [];
  private readonly containers: string[] = [];
  private readonly kubeFiles: string[] = [];
  private readonly tempDirs: string[] = [];
  private cleaned: Promise<void> | null = null;
  /** The builder's working containers that existed before the run (an interrupted build leaves new ones). */
  private workingBefore: Promise<Set<string>>;
  /** BuildKit's cache records that existed before the run (docker): the ones the run adds are pruned with it. */
  private buildCacheBefore: Promise<Set<string>>;

  private closed = false;

  /** Nothing may be created once the run is interrupted or cleaned up (it is still unwinding). */
  close(): void {
    this.closed = true;
  }

  private open(): void {
    if (this.closed || this.cleaned) throw new Error('the run was interrupted');
  }

  /** `warn`: told about what could not be removed, and how to remove it. */
  constructor(
    readonly engine: ContainerEngine,
    private readonly warn: (message: string) => void = () => {},
  ) {
    this.workingBefore = engine.workingContainers().then((ids) => new Set(ids));
    this.buildCacheBefore = engine.buildCacheIds().then((ids) => new Set(ids));
  }

  /** `drydock-verify-<run>` — found in every name this run creates. */
  get marker(): string {
    return `${NAME_PREFIX}-${this.runId}`;
  }

  /** A unique image tag, registered for removal. */
  imageTag(label: string): string {
    this.open();
    const tag = `localhost/${this.marker}-${++this.counter}:${label}`;
    this.images.push(tag);
    return tag;
  }

  addIntermediateImages(ids: string[]): void {
    this.intermediateImages.push(...ids);
  }

  /** A unique container name, registered for removal. */
  containerName(label: string): string {
    this.open();
    const name = `${this.marker}-${++this.counter}-${label}`;
    this.containers.push(name);
    return name;
  }

  /** A unique short prefix for pod names (pods become host names, so it is short; removed through `kube down`). */
  podPrefix(label: string): string {
    this.open();
    return `${this.podMarker}-${++this.counter}${label}`;
  }

  get podMarker(): string {
    return `dv-${this.runId}`;
  }

  addKubeFile(file: string): void {
    this.kubeFiles.push(file);
  }

  tempDir(): string {
    this.open();
    const dir = mkdtempSync(path.join(tmpdir(), `${NAME_PREFIX}-`));
    this.tempDirs.push(dir);
    return dir;
  }

  /** Removes everything registered so far; safe to call more than once. */
  cleanup(): Promise<void> {
    this.cleaned ??= this.removeAll();
    return this.cleaned;
  }

  private async removeAll(): Promise<void> {
    if (this.closed) {
      // Interrupted: builds were killed mid-way and left their working containers.
      const left = await this.engine.removeWorkingContainersSince(await this.workingBefore);
      if (left.length > 0) {
        this.warn(
          `left ${left.length} builder working container(s) in place, because another build is running and they may be its own: ` +
            `once no build runs, remove any that remain with \`${this.engine.name} rm -f ${left.join(' ')}\``,
        );
      }
    }
    for (const file of this.kubeFiles.splice(0)) await this.engine.kubeDown(file);
    await this.engine.removeContainers(this.containers.splice(0));
    // Newest first, so that an image goes before the layers it was built on.
    await this.engine.removeImages(this.images.splice(0).reverse());
    await this.engine.removeImages(this.intermediateImages.splice(0).reverse());
    const cacheBefore = await this.buildCacheBefore;
    await this.engine.removeBuildCache((await this.engine.buildCacheIds()).filter((id) => !cacheBefore.has(id)));
    for (const dir of this.tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs in progress (a process may run several at once, e.g. in tests): all are cleaned on a signal. */
const active = new Map<ResourceTracker, (signal: NodeJS.Signals) => void>();

function onSignal(signal: NodeJS.Signals): void {
  for (const notify of active.values()) notify(signal);
  const trackers = [...active.keys()];
  // Nothing new may start while the engine commands in flight end and everything is removed.
  for (const tracker of trackers) tracker.close();
  void stopRunningProcesses()
    .then(() => Promise.allSettled(trackers.map((tracker) => tracker.cleanup())))
    .finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
}

/**
 * Runs `work` with SIGINT/SIGTERM handlers that stop running engine commands,
 * remove what every active run created, and exit (130 / 143); cleans up when
 * `work` ends, however it ends.
 */
export async function withCleanup<T>(tracker: ResourceTracker, work: () => Promise<T>, onInterrupt: (signal: NodeJS.Signals) => void): Promise<T> {
  if (active.size === 0) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  active.set(tracker, onInterrupt);
  try {
    return await work();
  } finally {
    await tracker.cleanup();
    active.delete(tracker);
    if (active.size === 0) {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  }
}
