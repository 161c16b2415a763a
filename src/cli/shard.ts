/**
 * `--shard i/n`: one of n stable, balanced parts of the files, for CI
 * matrices. A shard lints its own files and reads the other shards'
 * manifests for reference (as `--changed-since` reads unchanged ones), so the
 * checks across files see the whole input. The split also keeps files that
 * relate in one shard, so that their findings land in one report: the checks
 * relate objects of one namespace, and an
 * object without a namespace (set at deploy time) to the objects of its
 * folder (src/rules/k8s/cross/common.ts), so a file joins the group of its
 * folder and of every namespace it names; groups that share a file are one.
 * Groups are dealt to shards largest first, each to the lightest shard so
 * far, so every shard of one commit agrees on the split.
 */
import path from 'node:path';
import type { Target } from './discover.js';

export interface Shard {
  /** 1-based, as written on the command line. */
  index: number;
  count: number;
}

export class ShardError extends Error {}

/** Parses `2/4`. */
export function parseShard(value: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || index < 1 || index > count) {
    throw new ShardError(`--shard expects i/n with 1 ≤ i ≤ n (for example 2/4), not "${value}"`);
  }
  return { index, count };
}

/** `namespace: x` anywhere in a manifest (metadata, RoleBinding subjects…): over-grouping is safe, under-grouping is not. */
const NAMESPACE_LINE = /^[ \t-]*namespace[ \t]*:[ \t]*["']?([A-Za-z0-9][-A-Za-z0-9.]*)["']?[ \t]*(?:#.*)?$/gm;

/** The namespaces a manifest names; empty for Dockerfiles and unreadable files. */
export function namespacesIn(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(NAMESPACE_LINE)) found.add(match[1]);
  return [...found];
}

/**
 * The targets of one shard, in their original order. `readText` gives a
 * file's text (or null when it cannot be read: such a file goes by folder and
 * is reported by the shard that gets it).
 */
export function selectShard(targets: readonly Target[], shard: Shard, readText: (target: Target) => string | null): Target[] {
  if (shard.count === 1) return [...targets];
  const parent = new Map<string, string>();
  const find = (key: string): string => {
    let root = key;
    while (parent.get(root) !== root) root = parent.get(root) ?? root;
    parent.set(key, root);
    return root;
  };
  const add = (key: string) => {
    if (!parent.has(key)) parent.set(key, key);
  };
  const union = (a: string, b: string) => {
    const [ra, rb] = [find(a), find(b)];
    // The smaller key becomes the root, so the result does not depend on file order.
    if (ra !== rb) ra < rb ? parent.set(rb, ra) : parent.set(ra, rb);
  };

  const keyOf = new Map<Target, string>();
  for (const target of targets) {
    const text = target.language === 'k8s' ? readText(target) : null;
    const namespaces = text === null ? [] : namespacesIn(text);
    const keys = [`folder:${path.dirname(target.absolute)}`, ...namespaces.map((ns) => `namespace:${ns}`)];
    for (const key of keys) add(key);
    for (const key of keys.slice(1)) union(keys[0], key);
    keyOf.set(target, keys[0]);
  }

  const groups = new Map<string, Target[]>();
  for (const target of targets) {
    const root = find(keyOf.get(target) ?? '');
    const members = groups.get(root);
    if (members) members.push(target);
    else groups.set(root, [target]);
  }

  // Largest group first (ties by key), each to the least-loaded shard (ties: lowest index).
  const loads = new Array<number>(shard.count).fill(0);
  const chosen = new Set<Target>();
  const ordered = [...groups.entries()].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  for (const [, members] of ordered) {
    const lightest = loads.indexOf(Math.min(...loads));
    loads[lightest] += members.length;
    if (lightest === shard.index - 1) for (const member of members) chosen.add(member);
  }
  return targets.filter((target) => chosen.has(target));
}
