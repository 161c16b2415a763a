/**
 * What a container started from an image gets from its Dockerfile: the
 * effective facts of the final stage (or a build target), following `FROM
 * <earlier stage>` the way the builder does. Each fact keeps the range of the
 * instruction that set it, for related locations. Facts a base image outside
 * this file may set (its USER, EXPOSE, ENTRYPOINT…) are not guessed: `base`
 * says whether such an image is there, and `user.kind` is `unknown` when only
 * that image could tell.
 */
import type { Range } from '../core/source.js';
import type { CommandArgs, Dockerfile, ImageRef, Instruction, Stage } from '../dockerfile/ast.js';
import { expand, scopeAt } from '../dockerfile/variables.js';

export type UserFact =
  /** USER in this file: `user` and `group` as expanded; `uid`/`gid` when numeric. */
  | { kind: 'set'; user: string; group: string | null; uid: number | null; gid: number | null; range: Range }
  /** No USER in this file and the chain starts at `scratch`: the container runs as root. */
  | { kind: 'root-by-default'; range: Range }
  /** The user cannot be known here: set by an external base image, or USER uses a variable without a value. */
  | { kind: 'unknown'; reason: string; range: Range };

export interface CommandFact {
  form: 'exec' | 'shell';
  /** Exec form: the arguments. Shell form: the one script (run as `/bin/sh -c script` by default). */
  args: string[];
  range: Range;
}

export interface HealthcheckFact {
  /** The command the healthcheck runs, as an exec argument list (`/bin/sh -c …` for the shell form, `CMD-SHELL` in the image config). */
  command: string[];
  /** Seconds (the builder's defaults where a flag is not given: 30s, 30s, 3 retries, 0s). */
  intervalSeconds: number;
  timeoutSeconds: number;
  retries: number;
  startPeriodSeconds: number;
  range: Range;
}

export interface PortFact {
  port: number;
  protocol: 'tcp' | 'udp' | 'sctp';
  range: Range;
}

export interface BaseFact {
  /** The external image the chain of stages starts from (null for `scratch`). */
  image: ImageRef | null;
  /** The FROM line that names it. */
  range: Range;
  pinned: 'digest' | 'tag' | 'none';
}

export interface ImageFacts {
  /** The stage whose image runs: the target, else the last stage. */
  stage: Stage;
  user: UserFact;
  /** Ports EXPOSEd in this file along the chain (ranges expanded; words with unresolved variables left out). */
  exposed: PortFact[];
  entrypoint: CommandFact | null;
  cmd: CommandFact | null;
  /** The HEALTHCHECK in effect (null when none, or `HEALTHCHECK NONE`). */
  healthcheck: HealthcheckFact | null;
  volumes: Array<{ path: string; range: Range }>;
  workdir: { path: string; range: Range } | null;
  env: Array<{ name: string; value: string; range: Range }>;
  stopSignal: { signal: string; range: Range } | null;
  /** Where the chain of stages starts; its image may set facts this file does not show. */
  base: BaseFact;
  /** Every external image that feeds the built stage: its chain and the stages it copies or mounts from. */
  inputs: BaseFact[];
}

/** The stage a build target names (case-insensitive, or a stage index), or the last stage for null. */
export function targetStage(dockerfile: Dockerfile, target: string | null): Stage | null {
  if (dockerfile.stages.length === 0) return null;
  if (target === null) return dockerfile.stages[dockerfile.stages.length - 1];
  const lower = target.toLowerCase();
  return dockerfile.stages.find((stage) => stage.name === lower) ?? null;
}

/** The facts of the image built for `target` (the final stage for null); null when the file has no such stage. */
export function imageFacts(dockerfile: Dockerfile, target: string | null = null): ImageFacts | null {
  const stage = targetStage(dockerfile, target);
  if (!stage) return null;
  const chain = stageChain(dockerfile, stage);
  const root = chain[0];
  const base: BaseFact = baseOf(root);
  const facts: ImageFacts = {
    stage,
    user: base.image === null ? { kind: 'root-by-default', range: root.from.range } : { kind: 'unknown', reason: `set by the base image ${root.image.expanded || root.image.raw}`, range: root.from.range },
    exposed: [],
    entrypoint: null,
    cmd: null,
    healthcheck: null,
    volumes: [],
    workdir: null,
    env: [],
    stopSignal: null,
    base,
    inputs: inputsOf(dockerfile, stage),
  };
  for (const current of chain) {
    // An ENTRYPOINT resets the CMD inherited from the stage's base, not one set earlier in the same stage.
    let cmdSetHere = false;
    for (const instruction of current.instructions) {
      const value = (text: string) => expand(text, scopeAt(dockerfile, instruction), dockerfile.escapeChar);
      switch (instruction.kind) {
        case 'USER':
          facts.user = userFact(instruction.args[0]?.value ?? '', value, instruction.range);
          break;
        case 'EXPOSE':
          for (const word of instruction.args) {
            const expanded = value(word.value);
            if (expanded.unresolved.length > 0) continue;
            facts.exposed.push(...exposedPorts(expanded.value, word.range));
          }
          break;
        case 'ENTRYPOINT':
          facts.entrypoint = commandFact(instruction, instruction.range);
          if (!cmdSetHere) facts.cmd = null;
          break;
        case 'CMD':
          facts.cmd = commandFact(instruction, instruction.range);
          cmdSetHere = true;
          break;
        case 'HEALTHCHECK':
          facts.healthcheck = instruction.mode === 'CMD' ? healthcheckFact(instruction) : null;
          break;
        case 'VOLUME': {
          const paths = instruction.exec ? instruction.exec.elements.map((element) => element.value) : instruction.args.map((word) => word.value);
          for (const raw of paths) {
            const expanded = value(raw);
            if (expanded.unresolved.length === 0 && expanded.value) facts.volumes.push({ path: normalizePath(expanded.value), range: instruction.range });
          }
          break;
        }
        case 'WORKDIR': {
          const expanded = value(instruction.args[0]?.value ?? '');
          if (expanded.unresolved.length > 0 || !expanded.value) break;
          const next = expanded.value.startsWith('/') ? expanded.value : `${facts.workdir?.path ?? '/'}/${expanded.value}`;
          facts.workdir = { path: normalizePath(next), range: instruction.range };
          break;
        }
        case 'ENV':
          for (const pair of instruction.pairs) {
            const name = pair.key.value;
            const expanded = pair.value ? value(pair.value.value).value : '';
            facts.env = facts.env.filter((entry) => entry.name !== name);
            facts.env.push({ name, value: expanded, range: pair.range });
          }
          break;
        case 'STOPSIGNAL': {
          const expanded = value(instruction.args[0]?.value ?? '');
          if (expanded.unresolved.length === 0 && expanded.value) facts.stopSignal = { signal: expanded.value, range: instruction.range };
          break;
        }
      }
    }
  }
  return facts;
}

/** The stages from the chain's root to `stage`, following `FROM <earlier stage>` (a cycle stops the walk). */
function stageChain(dockerfile: Dockerfile, stage: Stage): Stage[] {
  const chain: Stage[] = [];
  const seen = new Set<number>();
  let current: Stage | undefined = stage;
  while (current && !seen.has(current.index)) {
    seen.add(current.index);
    chain.unshift(current);
    current = current.image.stageRef !== null ? dockerfile.stages[current.image.stageRef] : undefined;
  }
  return chain;
}

function baseOf(root: Stage): BaseFact {
  const image = root.image.isScratch ? null : root.image;
  const pinned = !image ? 'digest' : image.digest ? 'digest' : image.tag && image.tag.toLowerCase() !== 'latest' ? 'tag' : 'none';
  return { image, range: root.from.image?.range ?? root.from.range, pinned };
}

/** External images of the stages the target is built from: its chain, and stages named by COPY --from and RUN --mount from=. */
function inputsOf(dockerfile: Dockerfile, stage: Stage): BaseFact[] {
  const byName = new Map<string, Stage>();
  for (const s of dockerfile.stages) if (s.name) byName.set(s.name, s);
  const visited = new Set<number>();
  const out: BaseFact[] = [];
  const visit = (current: Stage) => {
    if (visited.has(current.index)) return;
    visited.add(current.index);
    if (current.image.stageRef !== null) {
      const parent = dockerfile.stages[current.image.stageRef];
      if (parent) visit(parent);
    } else if (!current.image.isScratch) out.push(baseOf(current));
    for (const instruction of current.instructions) {
      for (const from of stageReferences(instruction)) {
        const named = byName.get(from.toLowerCase()) ?? (/^\d+$/.test(from) ? dockerfile.stages[Number(from)] : undefined);
        if (named && named.index < current.index + 1) visit(named);
      }
    }
  };
  visit(stage);
  return out;
}

function stageReferences(instruction: Instruction): string[] {
  const out: string[] = [];
  for (const flag of instruction.flags) {
    if (flag.name === 'from' && flag.value) out.push(flag.value);
    if (flag.name === 'mount' && flag.value) {
      const from = /(?:^|,)from=([^,]+)/.exec(flag.value);
      if (from) out.push(from[1]);
    }
  }
  return out;
}

function userFact(raw: string, value: (text: string) => { value: string; unresolved: string[] }, range: Range): UserFact {
  const expanded = value(raw);
  if (expanded.unresolved.length > 0 || !expanded.value) {
    return { kind: 'unknown', reason: `USER ${raw} depends on ${expanded.unresolved.map((name) => `$${name}`).join(', ') || 'a value'} not known before the build`, range };
  }
  const [user, group = null] = expanded.value.split(':');
  const numeric = (text: string | null) => (text !== null && /^\d+$/.test(text) ? Number(text) : null);
  return { kind: 'set', user, group, uid: numeric(user), gid: numeric(group), range };
}

/** Whether a user fact means root: `root`, uid 0, or scratch without USER. */
export function runsAsRoot(user: UserFact): boolean {
  return user.kind === 'root-by-default' || (user.kind === 'set' && (user.user === 'root' || user.uid === 0));
}

function exposedPorts(text: string, range: Range): PortFact[] {
  const match = /^(?:.*:)?(\d+)(?:-(\d+))?(?:\/(tcp|udp|sctp))?$/i.exec(text);
  if (!match) return [];
  const first = Number(match[1]);
  const last = Math.min(Number(match[2] ?? match[1]), first + 1024);
  const protocol = (match[3]?.toLowerCase() ?? 'tcp') as PortFact['protocol'];
  const out: PortFact[] = [];
  for (let port = first; port <= last; port++) out.push({ port, protocol, range });
  return out;
}

function commandFact(instruction: CommandArgs, range: Range): CommandFact | null {
  if (instruction.exec) return { form: 'exec', args: instruction.exec.elements.map((element) => element.value), range };
  if (instruction.shell) return { form: 'shell', args: [instruction.shell.text.trim()], range };
  return null;
}

function healthcheckFact(instruction: Extract<Instruction, { kind: 'HEALTHCHECK' }>): HealthcheckFact | null {
  const command = instruction.exec
    ? instruction.exec.elements.map((element) => element.value)
    : instruction.shell
      ? ['/bin/sh', '-c', instruction.shell.text.replace(/^\s*CMD\s+/i, '').trim()]
      : null;
  if (!command || command.length === 0) return null;
  const flag = (name: string) => instruction.flags.find((f) => f.name === name)?.value ?? null;
  const seconds = (name: string, fallback: number) => {
    const text = flag(name);
    const parsed = text === null ? null : durationSeconds(text);
    return parsed === null || parsed === 0 ? fallback : parsed;
  };
  const retries = Number(flag('retries') ?? '3');
  return {
    command,
    intervalSeconds: seconds('interval', 30),
    timeoutSeconds: seconds('timeout', 30),
    retries: Number.isInteger(retries) && retries > 0 ? retries : 3,
    startPeriodSeconds: seconds('start-period', 0),
    range: instruction.range,
  };
}

/** A Go duration (`30s`, `1m30s`, `500ms`) in seconds; null when it is not one. */
export function durationSeconds(text: string): number | null {
  const units: Record<string, number> = { ns: 1e-9, us: 1e-6, 'µs': 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
  if (text === '0') return 0;
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;
  let total = 0;
  let consumed = 0;
  for (const match of text.matchAll(re)) {
    if (match.index !== consumed) return null;
    total += Number(match[1]) * units[match[2]];
    consumed += match[0].length;
  }
  return consumed === text.length && consumed > 0 ? total : null;
}

function normalizePath(p: string): string {
  const parts: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}
