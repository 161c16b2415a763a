/**
 * The Kubernetes schemas shipped in schemas/k8s/schemas.json.gz (made by
 * scripts/gen-k8s-schemas.mjs): per minor version, the definitions by name
 * and the served kinds by apiVersion. Read and unzipped on first use only;
 * the versions and served kinds come from the precompiled validators' index
 * when it is shipped, so that looking a kind up does not read the whole file.
 */
import { readFileSync } from 'node:fs';
import { zlib } from '../../core/lazy-builtins.js';
import { precompiledIndex, type ServedKinds } from './validators-index.js';

/** A definition as the generator stores it: a JSON Schema subset with `$ref` by definition name. */
export interface CompactSchema {
  type?: string | string[];
  format?: 'quantity' | 'byte';
  enum?: unknown[];
  properties?: Record<string, CompactSchema>;
  required?: string[];
  items?: CompactSchema;
  additionalProperties?: boolean | CompactSchema;
  preserveUnknownFields?: boolean;
  $ref?: string;
}

interface SchemaFile {
  versions: string[];
  pool: CompactSchema[];
  byVersion: Record<string, { defs: Record<string, number>; kinds: Record<string, Record<string, string>> }>;
}

const DATA_URL = new URL('../../../schemas/k8s/schemas.json.gz', import.meta.url);
let data: SchemaFile | null = null;

function load(): SchemaFile {
  data ??= JSON.parse(zlib().gunzipSync(readFileSync(DATA_URL)).toString('utf8')) as SchemaFile;
  return data;
}

interface Served {
  versions: readonly string[];
  kinds: Record<string, ServedKinds>;
}

let served: Served | null = null;

/** The versions and the kinds each serves, as schemas.json.gz has them (the generator and the tests compare the index with this). */
export function schemaKinds(): Served {
  const file = load();
  return { versions: file.versions, kinds: Object.fromEntries(Object.entries(file.byVersion).map(([version, entry]) => [version, entry.kinds])) };
}

/** The versions and served kinds: from the precompiled validators' small index when shipped, else from the schemas. */
function servedKinds(): Served {
  if (!served) {
    const index = precompiledIndex();
    served = index ? { versions: index.versions, kinds: index.kinds } : schemaKinds();
  }
  return served;
}

/** Minor versions with schemas, oldest first (`1.24` … `1.36`). */
export function schemaVersions(): readonly string[] {
  return servedKinds().versions;
}

/**
 * The shipped minor version to use for a `kubernetesVersion` setting
 * (`1.30`, `v1.30`, `1.30.2`): the newest when unset, the nearest shipped
 * one when outside the range.
 */
export function resolveSchemaVersion(setting: string | undefined): string {
  const versions = schemaVersions();
  const newest = versions[versions.length - 1];
  const minor = minorOf(setting);
  if (minor === null) return newest;
  const shipped = versions.map((v) => Number(v.split('.')[1]));
  if (minor >= shipped[shipped.length - 1]) return newest;
  if (minor <= shipped[0]) return versions[0];
  return versions[shipped.indexOf(minor)] ?? newest;
}

/** The minor number of `1.30`, `v1.30.2`; null when not a 1.x version. */
export function minorOf(version: string | undefined): number | null {
  const match = version ? /^v?1\.(\d+)(?:\.\d+)?$/.exec(version.trim()) : null;
  return match ? Number(match[1]) : null;
}

/** Definition name → compact schema, for one shipped version. */
export function definitionsOf(version: string): Map<string, CompactSchema> {
  const file = load();
  const entry = file.byVersion[version];
  const out = new Map<string, CompactSchema>();
  if (!entry) return out;
  for (const [name, index] of Object.entries(entry.defs)) out.set(name, file.pool[index]);
  return out;
}

/** The definition name of a served kind, or null. */
export function kindDefinition(version: string, apiVersion: string, kind: string): string | null {
  const kinds = servedKinds().kinds[version]?.[apiVersion];
  return kinds && Object.prototype.hasOwnProperty.call(kinds, kind) ? kinds[kind] : null;
}

/** The definition names of every kind a version serves (several kinds may share one). */
export function servedKindDefinitions(version: string): string[] {
  return Object.values(servedKinds().kinds[version] ?? {}).flatMap((kinds) => Object.values(kinds));
}

/** Whether a version serves an apiVersion at all (any kind). */
export function servesApiVersion(version: string, apiVersion: string): boolean {
  return Object.prototype.hasOwnProperty.call(servedKinds().kinds[version] ?? {}, apiVersion);
}

let groups: Set<string> | null = null;

/** The API groups built into Kubernetes (`''` is the core group): those of any shipped version, and `extensions`, removed before. */
export function builtinGroups(): ReadonlySet<string> {
  if (groups) return groups;
  groups = new Set<string>(['extensions']);
  for (const kinds of Object.values(servedKinds().kinds)) {
    for (const apiVersion of Object.keys(kinds)) groups.add(groupOf(apiVersion));
  }
  return groups;
}

/** `apps` for `apps/v1`, `''` for `v1`. */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * Whether a kind's schema is the same in two apiVersions, in the newest
 * shipped version that serves both (references compared by type name, so
 * `policy.v1beta1.X` and `policy.v1.X` match when their contents do).
 * Null when no shipped version serves both.
 */
export function sameKindSchema(fromApiVersion: string, toApiVersion: string, kind: string): boolean | null {
  const versions = schemaVersions();
  for (let i = versions.length - 1; i >= 0; i--) {
    const from = kindDefinition(versions[i], fromApiVersion, kind);
    const to = kindDefinition(versions[i], toApiVersion, kind);
    if (!from || !to) continue;
    const defs = definitionsOf(versions[i]);
    return sameDefinition(defs, from, to, new Set());
  }
  return null;
}

function sameDefinition(defs: Map<string, CompactSchema>, a: string, b: string, seen: Set<string>): boolean {
  if (a === b || seen.has(`${a}\0${b}`)) return true;
  seen.add(`${a}\0${b}`);
  const left = defs.get(a);
  const right = defs.get(b);
  return left !== undefined && right !== undefined && sameSchema(defs, left, right, seen);
}

function sameSchema(defs: Map<string, CompactSchema>, a: CompactSchema, b: CompactSchema, seen: Set<string>): boolean {
  if (a.$ref || b.$ref) {
    if (!a.$ref || !b.$ref || typeName(a.$ref) !== typeName(b.$ref)) return false;
    return sameDefinition(defs, a.$ref, b.$ref, seen);
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    const x = (a as Record<string, unknown>)[key];
    const y = (b as Record<string, unknown>)[key];
    if (key === 'properties') {
      const px = x as Record<string, CompactSchema> | undefined;
      const py = y as Record<string, CompactSchema> | undefined;
      if (!px || !py) return false;
      const names = Object.keys(px);
      if (names.length !== Object.keys(py).length) return false;
      if (!names.every((name) => py[name] && sameSchema(defs, px[name], py[name], seen))) return false;
    } else if ((key === 'items' || key === 'additionalProperties') && typeof x === 'object' && typeof y === 'object' && x && y) {
      if (!sameSchema(defs, x as CompactSchema, y as CompactSchema, seen)) return false;
    } else if (JSON.stringify(x) !== JSON.stringify(y)) return false;
  }
  return true;
}

function typeName(definition: string): string {
  return definition.slice(definition.lastIndexOf('.') + 1);
}
