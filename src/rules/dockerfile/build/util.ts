/** Helpers shared by the instruction-level Dockerfile rules. */
import type { Dockerfile, Instruction, Node, Stage } from '../../../dockerfile/ast.js';
import { editDistance } from '../../../core/registry.js';
import type { SourceText } from '../../../core/source.js';
import { expand, scopeAt } from '../../../dockerfile/variables.js';

/** Every file's instructions with ONBUILD triggers, listed once per parsed Dockerfile and shared by all rules of a lint. */
const instructionsOfFile = new WeakMap<Dockerfile, readonly Instruction[]>();

/**
 * Every instruction with the instruction to report on: top-level instructions
 * and the triggers of ONBUILD (which the builder checks when a child image
 * builds), in file order (each ONBUILD right before its trigger).
 */
export function eachInstruction(dockerfile: Dockerfile): readonly Instruction[] {
  let all = instructionsOfFile.get(dockerfile);
  if (!all) {
    const list: Instruction[] = [];
    for (const instruction of dockerfile.instructions) {
      let current: Instruction | null = instruction;
      while (current) {
        list.push(current);
        current = current.kind === 'ONBUILD' ? current.trigger : null;
      }
    }
    all = list;
    instructionsOfFile.set(dockerfile, all);
  }
  return all;
}

const NO_VARIABLES = new Map<string, string | null>();

/**
 * `expand` with the ARG/ENV scope at `instruction`. scopeAt copies the scope,
 * which only a text with a `$` reads: the others (most) expand without it.
 */
export function expandAt(dockerfile: Dockerfile, instruction: Instruction, text: string, escapeChar?: string): { value: string; unresolved: string[] } {
  return expand(text, text.includes('$') ? scopeAt(dockerfile, instruction) : NO_VARIABLES, escapeChar);
}

/** The instruction itself, or the trigger an ONBUILD wraps (recursively). */
export function effective(instruction: Instruction): Instruction | null {
  let current: Instruction | null = instruction;
  while (current && current.kind === 'ONBUILD') current = current.trigger;
  return current;
}

export function textOf(source: SourceText, node: Node): string {
  return source.text.slice(node.span.start, node.span.end);
}

/** The closest candidate within a small edit distance (case-insensitive), for "did you mean" hints. */
export function closest(name: string, candidates: Iterable<string>): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  const needle = name.toLowerCase();
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const distance = editDistance(needle, candidate.toLowerCase());
    if (distance < bestDistance) {
      bestDistance = distance;
      best = candidate;
    }
  }
  const limit = name.length <= 3 ? 1 : name.length <= 6 ? 2 : 3;
  return best !== null && bestDistance <= limit ? best : null;
}

/** POSIX or Windows absolute path (`/x`, `C:\x`, `C:/x`, `\x`). */
export function isAbsolutePath(path: string): boolean {
  return path.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(path) || path.startsWith('\\');
}

/** The stages the final stage needs: itself, its FROM ancestors and every `COPY --from`/`RUN --mount from` stage, transitively. */
export function reachableStages(dockerfile: Dockerfile, target = dockerfile.stages.length - 1): Set<number> {
  const byName = new Map<string, number>();
  for (const stage of dockerfile.stages) if (stage.name) byName.set(stage.name, stage.index);
  const seen = new Set<number>();
  const visit = (index: number) => {
    if (index < 0 || seen.has(index) || !dockerfile.stages[index]) return;
    seen.add(index);
    const stage = dockerfile.stages[index];
    if (stage.image.stageRef !== null) visit(stage.image.stageRef);
    for (const ref of stageReferences(stage)) {
      const named = byName.get(ref.toLowerCase());
      if (named !== undefined) visit(named);
      else if (/^\d+$/.test(ref)) visit(Number(ref));
    }
  };
  visit(target);
  return seen;
}

/** Stage names or indexes a stage's instructions read from: `COPY --from=x`, `RUN --mount=from=x`. */
export function stageReferences(stage: Stage): string[] {
  const refs: string[] = [];
  for (const instruction of stage.instructions) {
    const target = effective(instruction);
    if (!target) continue;
    for (const flag of target.flags) {
      if (flag.name === 'from' && flag.value) refs.push(flag.value);
      if (flag.name === 'mount' && flag.value) {
        const from = /(?:^|,)from=([^,]+)/.exec(flag.value);
        if (from) refs.push(from[1]);
      }
    }
  }
  return refs;
}

/** Whether a stage chain ends in `scratch` (so nothing is inherited from an image we cannot see). */
export function rootedInScratch(dockerfile: Dockerfile, stage: Stage): boolean {
  const seen = new Set<number>();
  let current: Stage | undefined = stage;
  while (current && !seen.has(current.index)) {
    seen.add(current.index);
    if (current.image.isScratch) return true;
    if (current.image.stageRef === null) return false;
    current = dockerfile.stages[current.image.stageRef];
  }
  return false;
}

/** The offsets of the whole line(s) an instruction covers, line break included, for deleting it. */
export function lineSpanOf(source: SourceText, node: Node): { start: number; end: number } {
  const text = source.text;
  let start = node.span.start;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  let end = node.span.end;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  if (text[end] === '\r') end++;
  if (text[end] === '\n') end++;
  return { start, end };
}

const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?`;
const REFERENCE = new RegExp(
  `^(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*(?::[\\w][\\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$`,
);

/**
 * Why an image reference is invalid in the docker reference grammar
 * (distribution/reference), or null when it is valid.
 */
export function referenceProblem(reference: string): string | null {
  if (reference === '') return 'it is empty';
  if (REFERENCE.test(reference)) {
    const name = reference.replace(/@.*$/, '').replace(/:[\w][\w.-]*$/, '');
    return name.length > 255 ? 'the repository name is longer than 255 characters' : null;
  }
  if (REFERENCE.test(reference.toLowerCase())) return 'the repository name must be lower case';
  if (/:$/.test(reference) || /:@/.test(reference)) return 'the tag is empty';
  if (/@/.test(reference) && !/@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/.test(reference)) return 'the digest is not `algorithm:hex`';
  return 'it does not match `[registry/]name[:tag][@digest]`';
}
