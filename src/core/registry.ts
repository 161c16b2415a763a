/**
 * Looks rules up by id or by any alias (`DL3008`, `run-as-non-root`,
 * `CKV_DOCKER_3`), so that every place that takes a rule id takes both.
 */
import type { AnyRule } from './rule.js';

export class RuleRegistry {
  private readonly byId = new Map<string, AnyRule>();
  private readonly byAlias = new Map<string, AnyRule[]>();

  constructor(readonly rules: readonly AnyRule[]) {
    for (const rule of rules) {
      if (this.byId.has(rule.meta.id)) throw new Error(`duplicate rule id ${rule.meta.id}`);
      this.byId.set(rule.meta.id, rule);
    }
    for (const rule of rules) {
      for (const ids of Object.values(rule.meta.aliases)) {
        for (const alias of ids ?? []) {
          const key = alias.toLowerCase();
          const list = this.byAlias.get(key) ?? [];
          if (!list.includes(rule)) list.push(rule);
          this.byAlias.set(key, list);
        }
      }
    }
  }

  get(id: string): AnyRule | undefined {
    return this.byId.get(id);
  }

  /** The rules an id or alias names (an alias may name several); empty when unknown. */
  resolve(idOrAlias: string): AnyRule[] {
    const rule = this.byId.get(idOrAlias);
    if (rule) return [rule];
    return this.byAlias.get(idOrAlias.toLowerCase()) ?? [];
  }

  /** The closest known id or alias, for "did you mean" messages. */
  suggest(unknown: string): string | null {
    const candidates = [...this.byId.keys(), ...this.rules.flatMap((r) => Object.values(r.meta.aliases).flat() as string[])];
    let best: string | null = null;
    let bestDistance = Infinity;
    const needle = unknown.toLowerCase();
    for (const candidate of candidates) {
      const d = editDistance(needle, candidate.toLowerCase());
      const tail = candidate.includes('/') ? editDistance(needle, candidate.slice(candidate.indexOf('/') + 1).toLowerCase()) : Infinity;
      const distance = Math.min(d, tail);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = candidate;
      }
    }
    return best !== null && bestDistance <= Math.max(2, Math.floor(needle.length / 3)) ? best : null;
  }
}

export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}
