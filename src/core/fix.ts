/** Applying fix edits to text. */
import type { Fix, TextEdit } from './types.js';

/**
 * An insertion that can share its offset with others. The Kubernetes edits
 * (src/k8s/edit.ts) mark theirs, so that fixes adding keys to one mapping
 * (each its own `securityContext:` block, say) go in as one block in one pass
 * instead of one per pass. This module knows nothing of YAML: `compose` does.
 */
export interface ComposableInsertion {
  /** What the insertion goes into (a node): insertions with the same target are written together by `compose`. */
  target: string;
  /** How deep the target is nested: at one offset, a deeper target's text goes first (it ends before an outer key starts). */
  depth: number;
  /** The text for all of `group` (insertions into this target, in fix order), or null when they contradict each other. */
  compose(group: ComposableInsertion[]): string | null;
}

const composable = new WeakMap<TextEdit, ComposableInsertion>();

/** Marks a pure insertion as one that `applyFixes` may combine with others at its offset. */
export function markComposable(edit: TextEdit, insertion: ComposableInsertion): TextEdit {
  if (edit.span.start === edit.span.end) composable.set(edit, insertion);
  return edit;
}

/**
 * Applies as many fixes as can go together: a fix whose edits overlap an
 * already chosen fix waits for the next pass (the engine re-lints and repeats).
 * Insertions marked composable at one offset go together when their targets
 * can write them as one text. Fixes are taken in order of their first edit, like ESLint's.
 */
export function applyFixes(text: string, fixes: Fix[]): { text: string; applied: Fix[] } {
  const ordered = fixes
    .filter((fix) => fix.edits.length > 0)
    .map((fix) => ({ fix, edits: [...fix.edits].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end) }))
    .sort((a, b) => a.edits[0].span.start - b.edits[0].span.start);
  const chosen: TextEdit[] = [];
  const applied: Fix[] = [];
  for (const { fix, edits } of ordered) {
    if (!edits.every((edit) => edit.span.start >= 0 && edit.span.end <= text.length && edit.span.start <= edit.span.end)) continue;
    if (selfOverlaps(edits) || edits.some((edit) => chosen.some((other) => overlaps(edit, other) && !(composable.has(edit) && composable.has(other))))) continue;
    const joined = [...chosen, ...edits];
    if (edits.some((edit) => composable.has(edit) && insertionAt(joined, edit.span.start) === null)) continue;
    chosen.push(...edits);
    applied.push(fix);
  }
  const combined = chosen.filter((edit) => !composable.has(edit));
  for (const offset of new Set(chosen.filter((edit) => composable.has(edit)).map((edit) => edit.span.start))) {
    combined.push({ span: { start: offset, end: offset }, text: insertionAt(chosen, offset)! });
  }
  combined.sort((a, b) => b.span.start - a.span.start || b.span.end - a.span.end);
  let output = text;
  for (const edit of combined) output = output.slice(0, edit.span.start) + edit.text + output.slice(edit.span.end);
  return { text: output, applied };
}

/**
 * The text of the composable insertions at `offset`: per target in order of
 * depth, deepest first. Null when they cannot go together (two targets at one
 * depth, or a target's insertions contradict each other).
 */
function insertionAt(edits: TextEdit[], offset: number): string | null {
  const here = edits.filter((edit) => composable.has(edit) && edit.span.start === offset);
  if (here.length === 1) return here[0].text;
  const groups = new Map<string, ComposableInsertion[]>();
  for (const edit of here) {
    const insertion = composable.get(edit)!;
    groups.set(insertion.target, [...(groups.get(insertion.target) ?? []), insertion]);
  }
  const ordered = [...groups.values()].sort((a, b) => b[0].depth - a[0].depth);
  if (ordered.some((group, i) => i > 0 && group[0].depth === ordered[i - 1][0].depth)) return null;
  let text = '';
  for (const group of ordered) {
    const part = group[0].compose(group);
    if (part === null) return null;
    text += part;
  }
  return text;
}

/** Two edits conflict when their spans intersect or both insert at the same point. */
function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (a.span.start === b.span.start) return true;
  return a.span.start < b.span.end && b.span.start < a.span.end;
}

function selfOverlaps(sorted: TextEdit[]): boolean {
  for (let i = 1; i < sorted.length; i++) if (sorted[i].span.start < sorted[i - 1].span.end) return true;
  return false;
}
