/** Problems that schema validation reports, and the wording shared by the validators. */
import { editDistance } from '../../core/registry.js';
import type { PathSegment } from '../model.js';

export interface SchemaProblem {
  code: 'unknown-field' | 'required' | 'type' | 'enum' | 'format' | 'constraint';
  /** Path of the offending field (for an unknown field: the field itself). */
  path: PathSegment[];
  /** `key` for unknown and incomplete fields, `value` for a wrong value. */
  part: 'key' | 'value';
  message: string;
}

export type ObjectValidator = (value: unknown) => SchemaProblem[];

export function fieldName(path: PathSegment[]): string {
  let text = '';
  for (const segment of path) text += typeof segment === 'number' ? `[${segment}]` : text ? `.${segment}` : segment;
  return text || 'the object';
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'number') return Number.isInteger(value) ? `the integer ${value}` : `the number ${value}`;
  return `the boolean ${value}`;
}

export const TYPE_WORDS: Record<string, string> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'a boolean (true or false)',
  object: 'a mapping',
  array: 'a list',
};

/** The closest candidate, for "did you mean" (case differences first). */
export function closest(word: string, candidates: readonly string[]): string | null {
  const lower = word.toLowerCase();
  const sameCase = candidates.find((c) => c.toLowerCase() === lower);
  if (sameCase) return sameCase;
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best !== null && bestDistance <= Math.max(1, Math.min(3, Math.floor(word.length / 3))) ? best : null;
}

