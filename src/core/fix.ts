/** Applying fix edits to text. */
import type { Fix, TextEdit } from './types.js';

/**
 * Applies as many fixes as can go together: a fix whose edits overlap an
 * already chosen fix waits for the next pass (the engine re-lints and repeats).
 * Fixes are taken in order of their first edit, like ESLint's.
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
    if (selfOverlaps(edits) || edits.some((edit) => chosen.some((other) => overlaps(edit, other)))) continue;
    chosen.push(...edits);
    applied.push(fix);
  }
  chosen.sort((a, b) => b.span.start - a.span.start || b.span.end - a.span.end);
  let output = text;
  for (const edit of chosen) output = output.slice(0, edit.span.start) + edit.text + output.slice(edit.span.end);
  return { text: output, applied };
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
