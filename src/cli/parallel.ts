/**
 * `--jobs N`: lints a run's files on the main thread and on N−1 worker
 * threads (src/cli/worker.ts) pulling from one queue. The main thread starts
 * linting at once, so worker start-up (loading the rules, the shell parser,
 * the schemas) never delays a run, and small runs start no worker at all.
 * Outcomes are plain data and are handed back by index: which thread linted
 * a file never changes the output.
 *
 * A run starts its workers while discovery goes on, as soon as it has found
 * enough files to use them (`EarlyWorkers`): a worker takes about 0.1 s of
 * CPU to load the rules, and discovery leaves the second core idle for about
 * as long.
 */
import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { EffectiveConfig } from '../core/config.js';
import type { Linter } from '../core/engine.js';
import { workerThreads } from '../core/lazy-builtins.js';
import { WORKER_ENTRY } from './entry-points.js';
import { lintFile, type FileOutcome, type FileTask, type LintFileOptions } from './lint-file.js';

/** Fewer files than this are linted on the main thread alone: a worker's start-up (≈0.3–1 s of CPU) would cost more than it saves. */
export const MIN_FILES_FOR_WORKERS = 64;
/** Each worker gets at least this many files' worth of queue, else it is not started. */
const MIN_FILES_PER_WORKER = 32;
/** Files handed to a worker ahead, so that it never waits for the main thread (which lints too). */
const PREFETCH = 4;

export type ToWorker =
  | { type: 'config'; id: number; config: EffectiveConfig }
  | { type: 'task'; seq: number; configId: number; task: FileTask };

export type ToMain =
  | { type: 'ready' }
  | { type: 'done'; seq: number; outcome: FileOutcome }
  | { type: 'crash'; seq: number; message: string; stack?: string };

export interface QueuedFile {
  task: FileTask;
  configId: number;
}

/** The default of `--jobs` is capped: each thread holds its own rules, parsers and schemas (about 100 MB). */
const MAX_DEFAULT_JOBS = 8;

/** The default of `--jobs`: the cores this process may use, at most 8. */
export function defaultJobs(): number {
  return Math.min(MAX_DEFAULT_JOBS, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
}

/** How many worker threads a run of `files` files with `jobs` lanes starts (the main thread is one lane). */
export function workerCount(jobs: number, files: number): number {
  if (jobs <= 1 || files < MIN_FILES_FOR_WORKERS) return 0;
  return Math.max(0, Math.min(jobs - 1, Math.floor(files / MIN_FILES_PER_WORKER)));
}

type WorkerEvent = ['message', ToMain] | ['error', Error] | ['exit', number];
interface WorkerHandlers {
  message: (message: ToMain) => void;
  error: (error: Error) => void;
  exit: (code: number) => void;
}

/**
 * Worker threads started before all of the run's files are known, so that
 * their start-up overlaps the main thread's discovery. `lintQueued` adopts as many
 * as the files call for; `stop` ends the others. Until adopted a worker is
 * unref'd (it never keeps the process alive) and what it says is kept, to be
 * replayed to the handlers that adopt it.
 */
export class EarlyWorkers {
  private readonly waiting: Array<{ worker: Worker; events: WorkerEvent[]; record: WorkerHandlers }> = [];

  constructor(count: number, entry: URL = WORKER_ENTRY) {
    for (let i = 0; i < count; i++) {
      let worker: Worker;
      try {
        worker = new (workerThreads().Worker)(entry);
      } catch {
        return; // lintQueued starts (and reports on) its own workers
      }
      worker.unref();
      const events: WorkerEvent[] = [];
      const record = {
        message: (message: ToMain) => events.push(['message', message]),
        error: (error: Error) => events.push(['error', error]),
        exit: (code: number) => events.push(['exit', code]),
      };
      worker.on('message', record.message).on('error', record.error).on('exit', record.exit);
      this.waiting.push({ worker, events, record });
    }
  }

  /**
   * A started worker with `handlers` attached, and `replay`, which gives them
   * what the worker said before; undefined when none is left.
   */
  adopt(handlers: WorkerHandlers): { worker: Worker; replay: () => void } | undefined {
    const early = this.waiting.shift();
    if (!early) return undefined;
    const { worker, events, record } = early;
    worker.off('message', record.message).off('error', record.error).off('exit', record.exit);
    worker.on('message', handlers.message).on('error', handlers.error).on('exit', handlers.exit);
    worker.ref();
    return { worker, replay: () => events.forEach(([type, value]) => (handlers[type] as (value: unknown) => void)(value)) };
  }

  /** Ends the workers nobody adopted. */
  async stop(): Promise<void> {
    const unused = this.waiting.splice(0);
    await Promise.all(unused.map(({ worker }) => worker.terminate()));
  }
}

/**
 * Lints every queued file, calling `onOutcome(index, outcome)` as each ends
 * (in any order). Resolves when all have ended, with the number of threads
 * the files were shared among (the main thread and the workers that did not
 * fail to start); rejects on a crash (a bug in drydock), after stopping the
 * workers.
 */
export async function lintQueued(
  files: readonly QueuedFile[],
  configs: readonly EffectiveConfig[],
  linter: Linter,
  jobs: number,
  onOutcome: (index: number, outcome: FileOutcome) => void,
  warn: (message: string) => void = () => {},
  /** Options for the files the main thread lints (workers' outcomes cross threads as JSON). */
  mainThread: LintFileOptions = {},
  /** Workers already starting: used first, and those not needed are stopped. */
  early?: EarlyWorkers,
): Promise<number> {
  let next = 0;
  let failedStarts = 0;
  let failure: Error | null = null;
  const workers: Worker[] = [];
  const inFlight: Array<Promise<void>> = [];
  /** Per worker: ends its share when it holds no file (a worker still starting when the queue runs dry is not waited for). */
  const releaseIfIdle: Array<() => void> = [];
  let startFailed = false;

  const startWorker = () =>
    new Promise<void>((resolve) => {
      const sentConfigs = new Set<number>();
      const pending = new Map<number, number>(); // seq → index
      let seq = 0;
      let ready = false;
      let finished = false;
      const finish = () => {
        if (finished) return;
        finished = true;
        resolve();
      };
      const feed = () => {
        while (failure === null && pending.size < PREFETCH && next < files.length) {
          const index = next++;
          const { task, configId } = files[index];
          if (!sentConfigs.has(configId)) {
            worker.postMessage({ type: 'config', id: configId, config: configs[configId] } satisfies ToWorker);
            sentConfigs.add(configId);
          }
          const message: ToWorker = { type: 'task', seq: ++seq, configId, task };
          pending.set(seq, index);
          worker.postMessage(message);
        }
        if (pending.size === 0) finish();
      };
      releaseIfIdle.push(() => {
        if (pending.size === 0) finish();
      });
      const onMessage = (message: ToMain) => {
        if (message.type === 'ready') ready = true;
        else if (message.type === 'done') {
          const index = pending.get(message.seq)!;
          pending.delete(message.seq);
          onOutcome(index, message.outcome);
        } else if (message.type === 'crash') {
          const error = new Error(message.message);
          if (message.stack) error.stack = message.stack;
          failure ??= error;
          pending.delete(message.seq);
        }
        feed();
      };
      const onError = (error: Error) => {
        // A worker that never started (an install without the worker's file) leaves its share to the main thread.
        if (!ready) failedStarts++;
        if (!ready && !startFailed) {
          startFailed = true;
          warn(`cannot start worker threads (${error.message}); linting on the main thread only`);
        } else if (ready) failure ??= new Error(`a lint worker thread failed: ${error.message}`);
        finish();
      };
      const onExit = (code: number) => {
        if (pending.size > 0) failure ??= new Error(`a lint worker thread stopped (exit code ${code}) before finishing its files`);
        finish();
      };
      const adopted = early?.adopt({ message: onMessage, error: onError, exit: onExit });
      const worker = adopted?.worker ?? new (workerThreads().Worker)(WORKER_ENTRY);
      if (!adopted) worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      workers.push(worker);
      adopted?.replay();
    });

  const planned = workerCount(jobs, files.length);
  for (let i = 0; i < planned; i++) inFlight.push(startWorker());
  const unusedStopped = early?.stop();

  try {
    while (failure === null && next < files.length) {
      const index = next++;
      const { task, configId } = files[index];
      onOutcome(index, await lintFile(task, configs[configId], linter, mainThread));
      // Let the workers' messages in between files: linting itself never yields to the event loop.
      if (workers.length > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    for (const release of releaseIfIdle) release();
    await Promise.all(inFlight);
  } finally {
    await Promise.all([...workers.map((worker) => worker.terminate()), unusedStopped]);
  }
  if (failure) throw failure;
  return 1 + planned - failedStarts;
}
