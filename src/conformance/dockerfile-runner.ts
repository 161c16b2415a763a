/**
 * One Dockerfile through the engine: fix in a temporary copy, build the
 * original and the fixed file, run both, compare, pin a break on the fix that
 * caused it, and let each applied fix's verifier check the rule's promise.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { EffectiveConfig } from '../core/config.js';
import type { Linter } from '../core/engine.js';
import { parseDockerfile } from '../dockerfile/parser.js';
import type { ContainerEngine, ResourceLimits, RunOutcome } from './engine.js';
import { fixWithOnly, planFixes, type AppliedFix } from './fixing.js';
import type { ResourceTracker } from './resources.js';
import type { Behaviour, FixResult, SideResult, TargetResult } from './types.js';
import type { ImageSide, Verifier } from './verifiers/types.js';

export interface RunnerSettings {
  engine: ContainerEngine;
  tracker: ResourceTracker;
  linter: Linter;
  /** Verifiers by rule id (see verifiers/index.ts). */
  verifiers: Map<string, Verifier>;
  /** Build context; defaults to the Dockerfile's folder. */
  context?: string;
  /** A shell command run instead of the image's CMD/ENTRYPOINT. */
  smoke?: string;
  buildNetwork: boolean;
  allowPull: boolean;
  limits: ResourceLimits;
  buildMemory: string;
  buildTimeoutMs: number;
  /** How long a container may run before it counts as a service and is stopped. */
  runTimeoutMs: number;
  stopTimeoutSec: number;
  /** Progress lines (stderr in the CLI). */
  progress: (message: string) => void;
}

/** A file to verify: its name for reports, its absolute path, its decoded text. */
export interface VerifyTarget {
  display: string;
  absolute: string;
  text: string;
}

export interface Built {
  tag: string;
  side: SideResult;
}

export async function verifyDockerfile(target: VerifyTarget, config: EffectiveConfig, settings: RunnerSettings): Promise<TargetResult & { fixedText?: string }> {
  const { display: file, text } = target;
  const started = Date.now();
  const { engine, tracker } = settings;
  const notes: string[] = [];
  const result = (rest: Partial<TargetResult> & Pick<TargetResult, 'status'>) => ({ file, kind: 'dockerfile' as const, fixes: [], notes, durationMs: Date.now() - started, ...rest });

  const plan = await planFixes(settings.linter, file, text, 'dockerfile', config);
  if (plan.rolledBack) notes.push('a fix pass was left out because its output no longer parsed');
  if (plan.applied.length === 0) return result({ status: 'skipped', reason: 'no fix applies to this file: nothing to verify' });

  const work = tracker.tempDir();
  const context = settings.context ?? path.dirname(target.absolute);
  const syntaxLine = handleSyntaxDirective(text, engine.name, settings.allowPull, notes);
  const missing = await missingBaseImages(text, engine, settings.allowPull);
  if (missing.length > 0) {
    return result({
      status: 'error',
      reason: `base image ${missing.join(', ')} is not available locally; the runner never pulls: pull or build it first, or pass --allow-pull`,
    });
  }
  const prepare = (name: string, content: string) => {
    const target = path.join(work, name);
    writeFileSync(target, syntaxLine === null ? content : dropLine(content, syntaxLine));
    return target;
  };
  const originalFile = prepare('Dockerfile.original', text);
  const fixedFile = prepare('Dockerfile.fixed', plan.fixed);

  settings.progress(`${file}: building the original and the fixed image (${plan.applied.map((f) => f.ruleId).join(', ')})`);
  // One after the other, so that the fixed build reuses the original's cached layers up to the first fixed line.
  let before = await build(settings, originalFile, context, 'before');
  if (!before.side.built) before = await rebuild(settings, originalFile, context, 'before', notes, 'original');
  let after = await build(settings, fixedFile, context, 'after');
  const fixes: FixResult[] = plan.applied.map((fix) => fixEntry(fix, settings.verifiers));
  if (!before.side.built) {
    return result({ status: 'error', reason: 'the original file does not build, so the fix cannot be compared against it', fixes, before: before.side, after: after.side });
  }
  if (!after.side.built) {
    await blame(settings, plan.applied, fixes, text, file, config, context, work, syntaxLine, null);
    if (!fixes.some((f) => f.broke)) after = await rebuild(settings, fixedFile, context, 'after', notes, 'fixed', after);
  }
  if (!after.side.built) {
    const guilty = fixes.filter((f) => f.broke).map((f) => f.ruleId);
    return result({
      status: 'failed',
      reason: `the fixed file no longer builds: ${guilty.length > 0 ? `caused by the fix of ${guilty.join(', ')}` : 'caused by the fixes together (each alone builds)'}`,
      fixes,
      before: before.side,
      after: after.side,
    });
  }

  settings.progress(`${file}: running both images`);
  const [beforeRun, afterRun] = await Promise.all([runImage(settings, before.tag, 'before'), runImage(settings, after.tag, 'after')]);
  before.side.run = beforeRun;
  after.side.run = afterRun;
  containmentNotes(beforeRun, 'original', settings, notes);
  containmentNotes(afterRun, 'fixed', settings, notes);
  const behaviour = compareRuns(beforeRun, afterRun);
  if (!behaviour.preserved) {
    await blame(settings, plan.applied, fixes, text, file, config, context, work, syntaxLine, beforeRun);
    const guilty = fixes.filter((f) => f.broke).map((f) => f.ruleId);
    return result({
      status: 'failed',
      reason: `the fix changed behaviour (${behaviour.detail}): ${guilty.length > 0 ? `caused by the fix of ${guilty.join(', ')}` : 'caused by the fixes together (each alone keeps it)'}`,
      fixes,
      before: before.side,
      after: after.side,
      behaviour,
    });
  }

  const beforeSide = await imageSide(settings, before.tag, beforeRun, text);
  const afterSide = await imageSide(settings, after.tag, afterRun, plan.fixed);
  before.side.imageSize = beforeSide.info.size;
  after.side.imageSize = afterSide.info.size;
  for (const fix of fixes) {
    const verifier = settings.verifiers.get(fix.ruleId);
    if (!verifier || verifier.domain !== 'dockerfile') continue;
    settings.progress(`${file}: verifying ${fix.ruleId} (${verifier.name})`);
    try {
      let fixedSide = afterSide;
      if (verifier.isolated && fixes.length > 1) {
        const only = await fixWithOnly(settings.linter, file, text, 'dockerfile', config, fix.ruleId);
        const single = path.join(work, `Dockerfile.verify-${fixes.indexOf(fix)}`);
        writeFileSync(single, syntaxLine === null ? only : dropLine(only, syntaxLine));
        const built = await build(settings, single, context, 'isolated');
        if (!built.side.built) {
          fix.verdict = { status: 'failed', detail: 'the original with only this fix does not build' };
          continue;
        }
        fixedSide = await imageSide(settings, built.tag, afterRun, only);
      }
      fix.verdict = await verifier.verify({ engine, ruleId: fix.ruleId, before: beforeSide, after: fixedSide, stopTimeoutSec: settings.stopTimeoutSec });
    } catch (error) {
      fix.verdict = { status: 'inconclusive', detail: `the verifier could not run: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
  const failedPromises = fixes.filter((f) => f.verdict?.status === 'failed').map((f) => f.ruleId);
  return {
    ...result({
      status: failedPromises.length > 0 ? 'failed' : 'passed',
      ...(failedPromises.length > 0 ? { reason: `the promise of ${failedPromises.join(', ')} does not hold in the fixed image` } : {}),
      fixes,
      before: before.side,
      after: after.side,
      behaviour,
    }),
    fixedText: plan.fixed,
  };
}

function fixEntry(fix: AppliedFix, verifiers: Map<string, Verifier>): FixResult {
  const verifier = verifiers.get(fix.ruleId);
  const usable = verifier?.domain === 'dockerfile' ? verifier : undefined;
  return { ruleId: fix.ruleId, descriptions: fix.descriptions, verifier: usable?.name ?? null, promise: usable?.promise ?? null, verdict: null, broke: null };
}

export async function build(settings: RunnerSettings, dockerfile: string, context: string, label: string): Promise<Built> {
  const tag = settings.tracker.imageTag(label);
  const outcome = await settings.engine.build({
    dockerfile,
    context,
    tag,
    network: settings.buildNetwork,
    allowPull: settings.allowPull,
    timeoutMs: settings.buildTimeoutMs,
    memory: settings.buildMemory,
  });
  settings.tracker.addIntermediateImages(outcome.intermediateImages);
  const side: SideResult = { built: outcome.ok, buildMs: outcome.durationMs };
  if (!outcome.ok) {
    const left = outcome.leftWorkingContainers;
    side.buildError = outcome.timedOut
      ? `the build did not finish within ${Math.round(settings.buildTimeoutMs / 1000)} s` +
        (left ? `; its working container is among ${left.join(', ')}, left in place because another build is running (remove it with \`${settings.engine.name} rm -f\` once that one ends)` : '')
      : lastLines(outcome.log, 8);
  }
  return { tag, side };
}

/**
 * Builds once more after a failure that nothing explains (package mirrors and
 * busy machines fail builds now and then); the notes say so when it helps.
 */
async function rebuild(settings: RunnerSettings, dockerfile: string, context: string, label: string, notes: string[], which: string, failed?: Built): Promise<Built> {
  settings.progress(`building the ${which} file again after a failed build`);
  const second = await build(settings, dockerfile, context, label);
  if (second.side.built) notes.push(`the first build of the ${which} file failed and a second one succeeded (a flaky build step?)`);
  return second.side.built || !failed ? second : failed;
}

function runImage(settings: RunnerSettings, tag: string, label: string): Promise<RunOutcome> {
  return settings.engine.run({
    image: tag,
    name: settings.tracker.containerName(label),
    ...(settings.smoke !== undefined ? { entrypoint: '/bin/sh', command: ['-c', settings.smoke] } : {}),
    limits: settings.limits,
    timeoutMs: settings.runTimeoutMs,
    stopTimeoutSec: settings.stopTimeoutSec,
  });
}

async function imageSide(settings: RunnerSettings, tag: string, run: RunOutcome, dockerfile: string): Promise<ImageSide> {
  const { engine, tracker } = settings;
  return {
    tag,
    info: await engine.inspectImage(tag),
    history: await engine.history(tag),
    run,
    dockerfile,
    probe: async (script) => {
      const name = tracker.containerName('probe');
      const outcome = await engine.run({ image: tag, name, entrypoint: '/bin/sh', command: ['-c', script], limits: settings.limits, timeoutMs: 60_000, stopTimeoutSec: 1 });
      await engine.removeContainers([name]);
      return { exitCode: outcome.exitCode, stdout: outcome.stdout };
    },
  };
}

/**
 * Finds the fix that broke the build (when `reference` is null) or changed
 * behaviour: builds and runs the original with each rule's fix alone.
 */
async function blame(
  settings: RunnerSettings,
  applied: AppliedFix[],
  fixes: FixResult[],
  text: string,
  file: string,
  config: EffectiveConfig,
  context: string,
  work: string,
  syntaxLine: number | null,
  reference: RunOutcome | null,
): Promise<void> {
  for (const [index, fix] of applied.entries()) {
    const only = await fixWithOnly(settings.linter, file, text, 'dockerfile', config, fix.ruleId);
    const single = path.join(work, `Dockerfile.only-${index}`);
    writeFileSync(single, syntaxLine === null ? only : dropLine(only, syntaxLine));
    settings.progress(`${file}: isolating the fix of ${fix.ruleId}`);
    const built = await build(settings, single, context, `only${index}`);
    if (!built.side.built) {
      fixes[index].broke = 'build';
      continue;
    }
    if (reference && !compareRuns(reference, await runImage(settings, built.tag, `only${index}`)).preserved) fixes[index].broke = 'behaviour';
  }
}

export function compareRuns(before: RunOutcome, after: RunOutcome): Behaviour {
  if (before.state === 'engine-error' || after.state === 'engine-error') {
    const which = before.state === 'engine-error' ? before : after;
    return { preserved: false, detail: `the ${which === before ? 'original' : 'fixed'} image could not be run: ${which.error ?? 'engine error'}` };
  }
  const describe = (run: RunOutcome) => (run.state === 'still-running' ? 'was still running at the time limit' : `exited with ${run.exitCode}`);
  if (before.state !== after.state || before.exitCode !== after.exitCode && before.state === 'exited') {
    return { preserved: false, detail: `the original ${describe(before)}, the fixed image ${describe(after)}` };
  }
  if (before.stdout !== after.stdout) return { preserved: false, detail: `stdout differs: ${firstDifference(before.stdout, after.stdout)}` };
  const lines = before.stdout.split('\n').filter(Boolean).length;
  return {
    preserved: true,
    detail:
      before.state === 'still-running'
        ? `both still running at the time limit, same stdout (${lines} line${lines === 1 ? '' : 's'})`
        : `both exited with ${before.exitCode}, same stdout (${lines} line${lines === 1 ? '' : 's'})`,
  };
}

function firstDifference(a: string, b: string): string {
  const left = a.split('\n');
  const right = b.split('\n');
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    if (left[i] !== right[i]) return `line ${i + 1}: ${JSON.stringify(left[i] ?? '(none)')} before, ${JSON.stringify(right[i] ?? '(none)')} after`;
  }
  return 'only in trailing whitespace';
}

/** What the limits did to a run: OOM, stopped at the time limit, SIGTERM ignored. */
function containmentNotes(run: RunOutcome, which: string, settings: RunnerSettings, notes: string[]): void {
  if (run.state === 'exited' && run.exitCode === 137) {
    notes.push(`the ${which} container was killed (exit code 137), most likely at the memory limit of ${settings.limits.memory} (the engine does not report OOM reliably under cgroup v1)`);
  }
  if (run.state === 'still-running') {
    const graceMs = settings.stopTimeoutSec * 1000;
    notes.push(
      `the ${which} container was still running after ${Math.round(settings.runTimeoutMs / 1000)} s and was stopped` +
        (run.stopMs !== undefined && run.stopMs >= graceMs ? `; it ignored SIGTERM and was killed after ${settings.stopTimeoutSec} s` : ''),
    );
  }
}

/** Podman ignores `# syntax=`; docker's BuildKit would pull the frontend. Returns the 0-based line to blank, if any. */
function handleSyntaxDirective(text: string, engine: string, allowPull: boolean, notes: string[]): number | null {
  const directive = parseDockerfile(text).directives.find((d) => d.name.toLowerCase() === 'syntax');
  if (!directive) return null;
  if (engine === 'podman') {
    notes.push(`\`# syntax=${directive.value}\` is ignored: podman builds with its built-in Dockerfile frontend`);
    return null;
  }
  if (allowPull) return null;
  notes.push(`\`# syntax=${directive.value}\` would pull a frontend image: built with the engine's built-in frontend instead (pass --allow-pull to use it)`);
  return directive.range.start.line - 1;
}

function dropLine(text: string, line: number): string {
  const lines = text.split('\n');
  lines[line] = lines[line].endsWith('\r') ? '#\r' : '#';
  return lines.join('\n');
}

export async function missingBaseImages(text: string, engine: ContainerEngine, allowPull: boolean): Promise<string[]> {
  if (allowPull) return [];
  const missing: string[] = [];
  for (const stage of parseDockerfile(text).stages) {
    const image = stage.image;
    if (image.stageRef !== null || image.isScratch || image.unresolved.length > 0 || !image.expanded) continue;
    if (!missing.includes(image.expanded) && !(await engine.imageExists(image.expanded))) missing.push(image.expanded);
  }
  return missing;
}

function lastLines(text: string, count: number): string {
  return text.trim().split('\n').slice(-count).join('\n');
}
