/**
 * Runs engine commands as child processes with a time limit. Every child is
 * tracked so that an interrupted run (Ctrl-C) can kill what is still going.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface ProcessResult {
  /** Exit code, or null when the process was killed. */
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  durationMs: number;
  /** Set when the program could not be started at all (not installed…). */
  spawnError?: string;
}

export interface ProcessOptions {
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  /** Keep at most this many characters of each stream (the tail). */
  maxOutput?: number;
  /** Working folder (default: this process's). */
  cwd?: string;
}

const running = new Set<ChildProcess>();
const DEFAULT_MAX_OUTPUT = 1_000_000;
/** SIGTERM first, so that `podman build` can remove its working container; SIGKILL if it lingers. */
const KILL_GRACE_MS = 10_000;

function terminate(child: ChildProcess): void {
  child.kill('SIGTERM');
  setTimeout(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }, KILL_GRACE_MS).unref();
}

export function runProcess(command: string, args: readonly string[], options: ProcessOptions = {}): Promise<ProcessResult> {
  const started = Date.now();
  const maxOutput = options.maxOutput ?? DEFAULT_MAX_OUTPUT;
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let settled = false;
    const child = spawn(command, args, { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], ...(options.cwd ? { cwd: options.cwd } : {}) });
    running.add(child);
    const keep = (text: string, chunk: Buffer) => {
      const next = text + chunk.toString('utf8');
      return next.length > maxOutput ? next.slice(next.length - maxOutput) : next;
    };
    child.stdout?.on('data', (chunk: Buffer) => (stdout = keep(stdout, chunk)));
    child.stderr?.on('data', (chunk: Buffer) => (stderr = keep(stderr, chunk)));
    const timer =
      options.timeoutMs !== undefined
        ? setTimeout(() => {
            timedOut = true;
            terminate(child);
          }, options.timeoutMs)
        : null;
    const finish = (result: Omit<ProcessResult, 'durationMs' | 'stdout' | 'stderr' | 'timedOut'>) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      running.delete(child);
      resolve({ ...result, stdout, stderr, timedOut, durationMs: Date.now() - started });
    };
    child.on('error', (error: NodeJS.ErrnoException) => finish({ code: null, spawnError: error.code === 'ENOENT' ? `${command}: not found` : error.message }));
    child.on('close', (code) => finish({ code }));
  });
}

/** Ends every child still running (the run was interrupted) and waits until they are gone. */
export async function stopRunningProcesses(): Promise<void> {
  const children = [...running];
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('close', () => resolve());
          terminate(child);
        }),
    ),
  );
}
