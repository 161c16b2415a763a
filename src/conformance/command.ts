/**
 * `drydock verify`: lint, fix into a temporary copy, build and run the original
 * and the fixed file on a real engine, and check each fix. Loaded lazily by the
 * CLI, so plain lint runs never pay for it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, ConfigResolver } from '../core/config.js';
import { Linter } from '../core/engine.js';
import type { RuleRegistry } from '../core/registry.js';
import { decodeText, encodeText } from '../core/source.js';
import { configChoice } from '../cli/config-choice.js';
import { discover } from '../cli/discover.js';
import { writeFixedFile } from '../cli/write.js';
import { verifyDockerfile, type RunnerSettings } from './dockerfile-runner.js';
import { detectEngine, EngineUnavailableError, type EngineName, type ResourceLimits } from './engine.js';
import { verifyImageLink, type ImageLink } from './image-link-runner.js';
import { verifyManifest } from './manifest-runner.js';
import { formatVerifyReport, type VerifyFormat } from './report.js';
import { ResourceTracker, withCleanup } from './resources.js';
import type { TargetResult, VerifyReport } from './types.js';
import { allVerifiers, verifiersFor } from './verifiers/index.js';
import type { Verifier } from './verifiers/types.js';

export interface VerifyOptions {
  engine?: EngineName;
  context?: string;
  smoke?: string;
  /** Play every manifest with the image built from this Dockerfile (the image link), instead of verifying fixes. */
  dockerfile?: string;
  /** With `dockerfile`: the image reference in the manifests that it builds (default: their only image). */
  image?: string;
  format: VerifyFormat;
  write?: boolean;
  buildNetwork?: boolean;
  allowPull?: boolean;
  config?: string | false;
  memory: string;
  cpus: string;
  pids: number;
  buildTimeout: number;
  runTimeout: number;
  stopTimeout: number;
  quiet?: boolean;
}

export interface VerifyIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
}

export const DEFAULT_VERIFY_OPTIONS = {
  memory: '256m',
  cpus: '1',
  pids: 256,
  /** Seconds. */
  buildTimeout: 600,
  runTimeout: 10,
  stopTimeout: 10,
} as const;

/** Exit code: 0 every fix held, 1 a fix broke the build, behaviour or its promise, 2 nothing could be verified (no engine, bad input). */
export async function verifyCommand(
  paths: string[],
  options: VerifyOptions,
  registry: RuleRegistry,
  io: VerifyIO,
  extraVerifiers: readonly Verifier[] = [],
): Promise<number> {
  const started = Date.now();
  for (const [flag, value] of [['--pids', options.pids], ['--build-timeout', options.buildTimeout], ['--run-timeout', options.runTimeout], ['--stop-timeout', options.stopTimeout]] as const) {
    if (!Number.isFinite(value) || value <= 0) {
      io.stderr(`drydock verify: ${flag} must be a number greater than 0\n`);
      return 2;
    }
  }
  if (options.image !== undefined && options.dockerfile === undefined) {
    io.stderr('drydock verify: --image names the image that --dockerfile builds; give --dockerfile too\n');
    return 2;
  }
  let link: ImageLink | undefined;
  if (options.dockerfile !== undefined) {
    const absolute = path.resolve(io.cwd, options.dockerfile);
    let decoded;
    try {
      decoded = decodeText(readFileSync(absolute));
    } catch (error) {
      io.stderr(`drydock verify: --dockerfile ${options.dockerfile}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})\n`);
      return 2;
    }
    if (!decoded.ok) {
      io.stderr(`drydock verify: --dockerfile ${options.dockerfile}: ${decoded.reason}\n`);
      return 2;
    }
    link = { dockerfile: { display: path.relative(io.cwd, absolute) || absolute, absolute, text: decoded.text }, ...(options.image !== undefined ? { image: options.image } : {}) };
  }
  let engine;
  try {
    engine = await detectEngine(options.engine);
  } catch (error) {
    if (error instanceof EngineUnavailableError) {
      io.stderr(`drydock verify: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  let resolver: ConfigResolver;
  try {
    resolver = new ConfigResolver({
      registry,
      ...configChoice(options.config, io.cwd),
    });
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr(`drydock: config error: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const { targets, missing } = discover(paths, io.cwd);
  for (const m of missing) io.stderr(`drydock verify: ${m.path}: ${m.message}\n`);
  if (targets.length === 0) {
    io.stderr('drydock verify: no Dockerfile or manifest to verify\n');
    return 2;
  }

  const limits: ResourceLimits = { memory: options.memory, cpus: options.cpus, pids: options.pids };
  const tracker = new ResourceTracker(engine, (message) => io.stderr(`drydock verify: ${message}\n`));
  if (!options.quiet && options.format === 'table') io.stderr(`… run ${tracker.marker} on ${engine.name} ${engine.version}\n`);
  const verifiers = verifiersFor(registry, [...extraVerifiers, ...allVerifiers]);
  const settings: RunnerSettings = {
    engine,
    tracker,
    linter: new Linter(registry),
    verifiers,
    ...(options.context ? { context: path.resolve(io.cwd, options.context) } : {}),
    ...(options.smoke !== undefined ? { smoke: options.smoke } : {}),
    buildNetwork: Boolean(options.buildNetwork),
    allowPull: Boolean(options.allowPull),
    limits,
    buildMemory: '2g',
    buildTimeoutMs: options.buildTimeout * 1000,
    runTimeoutMs: options.runTimeout * 1000,
    stopTimeoutSec: options.stopTimeout,
    progress: options.quiet || options.format !== 'table' ? () => {} : (message) => io.stderr(`… ${message}\n`),
  };

  const results: TargetResult[] = await withCleanup(
    tracker,
    async () => {
      const done: TargetResult[] = [];
      for (const target of targets) {
        const started = Date.now();
        let bytes: Buffer;
        try {
          bytes = readFileSync(target.absolute);
        } catch (error) {
          done.push({ file: target.display, kind: target.language === 'k8s' ? 'manifest' : 'dockerfile', status: 'error', reason: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`, fixes: [], notes: [], durationMs: 0 });
          continue;
        }
        const decoded = decodeText(bytes);
        if (!decoded.ok) {
          done.push({ file: target.display, kind: target.language === 'k8s' ? 'manifest' : 'dockerfile', status: 'error', reason: decoded.reason, fixes: [], notes: [], durationMs: 0 });
          continue;
        }
        const input = { display: target.display, absolute: target.absolute, text: decoded.text };
        const config = resolver.resolve(target.absolute);
        if (link && target.language === 'k8s') {
          done.push({ ...(await verifyImageLink(input, link, settings)), durationMs: Date.now() - started });
          continue;
        }
        const outcome = target.language === 'k8s' ? await verifyManifest(input, config, settings) : await verifyDockerfile(input, config, settings);
        const { fixedText, ...result } = outcome;
        if (options.write && result.status === 'passed' && fixedText !== undefined && fixedText !== decoded.text) {
          const refused = writeFixedFile(target.absolute, bytes, encodeText(fixedText, decoded.encoding), io.cwd);
          result.notes.push(refused ? `not written: ${refused}` : 'the fixed file was written (--write)');
        }
        result.durationMs = Date.now() - started;
        done.push(result);
      }
      return done;
    },
    (signal) => io.stderr(`\ndrydock verify: ${signal}: removing the images, containers and pods created so far…\n`),
  );

  const report: VerifyReport = {
    engine: { name: engine.name, version: engine.version },
    markers: [tracker.marker, tracker.podMarker],
    targets: results,
    durationMs: Date.now() - started,
  };
  io.stdout(formatVerifyReport(report, options.format, limits));
  if (results.some((r) => r.status === 'failed')) return 1;
  if (results.some((r) => r.status === 'error')) return 2;
  return 0;
}
