/**
 * Validation of custom resources against their CRD's structural schema
 * (openAPIV3Schema), interpreted rather than compiled: CRD schemas run to
 * megabytes (Argo CD's ApplicationSet takes seconds to compile with ajv)
 * while a run holds a handful of their objects.
 *
 * Kubernetes semantics: `null` is always accepted (the API server prunes it),
 * unknown fields are those the structural schema does not declare (properties
 * under allOf/anyOf/oneOf/not only validate values), `x-kubernetes-*`
 * extensions are honoured, OpenAPI 3.0's boolean exclusiveMinimum/Maximum
 * apply, and formats are left to the server.
 */
import type { PathSegment } from '../model.js';
import { isPlainObject } from '../values.js';
import { closest, describeValue, fieldName, TYPE_WORDS, type ObjectValidator, type SchemaProblem } from './problems.js';

type Schema = Record<string, unknown>;

const patterns = new Map<string, RegExp | null>();

function patternOf(source: string): RegExp | null {
  let regex = patterns.get(source);
  if (regex === undefined) {
    try {
      regex = new RegExp(source);
    } catch {
      // An RE2 construct JavaScript lacks: left to the API server.
      regex = null;
    }
    patterns.set(source, regex);
  }
  return regex;
}

function typeMatches(type: string, value: unknown): boolean {
  switch (type) {
    case 'object':
      return isPlainObject(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return true;
  }
}

function deepEqual(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

interface Walk {
  problems: SchemaProblem[];
}

const defaultsCache = new WeakMap<Schema, Array<[string, unknown]>>();

/** The properties with a default, per schema node (computed once). */
function defaultsOf(schema: Schema): Array<[string, unknown]> {
  let list = defaultsCache.get(schema);
  if (!list) {
    list = isPlainObject(schema.properties)
      ? Object.entries(schema.properties).flatMap(([key, child]) => (isPlainObject(child) && child.default !== undefined ? [[key, child.default] as [string, unknown]] : []))
      : [];
    defaultsCache.set(schema, list);
  }
  return list;
}

/** The API server applies the structural schema's defaults before it validates. */
function withDefaults(schema: Schema, value: Record<string, unknown>): Record<string, unknown> {
  let out = value;
  for (const [key, fallback] of defaultsOf(schema)) {
    if (key in value) continue;
    if (out === value) out = { ...value };
    out[key] = fallback;
  }
  return out;
}

function validate(schema: Schema, input: unknown, path: PathSegment[], walk: Walk, structural: boolean, isRoot = false): void {
  if (input === null || input === undefined) return;
  const value = isPlainObject(input) ? withDefaults(schema, input) : input;
  const intOrString = schema['x-kubernetes-int-or-string'] === true;
  if (intOrString) {
    if (!typeMatches('integer', value) && typeof value !== 'string') {
      walk.problems.push({ code: 'type', path, part: 'value', message: `${fieldName(path)} must be an integer or a string, not ${describeValue(value)}.` });
      return;
    }
  } else if (typeof schema.type === 'string' && !typeMatches(schema.type, value)) {
    walk.problems.push({ code: 'type', path, part: 'value', message: `${fieldName(path)} must be ${TYPE_WORDS[schema.type] ?? schema.type}, not ${describeValue(value)}.` });
    return;
  }
  const constraint = (message: string) => walk.problems.push({ code: 'constraint', path, part: 'value', message: `${fieldName(path)} ${message}.` });
  if (Array.isArray(schema.enum) && !schema.enum.some((allowed) => deepEqual(allowed, value))) {
    const suggestion = typeof value === 'string' ? closest(value, schema.enum.map(String)) : null;
    walk.problems.push({
      code: 'enum',
      path,
      part: 'value',
      message: `Invalid value ${JSON.stringify(value)} for ${fieldName(path)}: expected one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}${suggestion ? `; did you mean "${suggestion}"?` : '.'}`,
    });
  }
  if (typeof value === 'string') {
    if (typeof schema.pattern === 'string' && patternOf(schema.pattern)?.test(value) === false) constraint(`must match the pattern ${JSON.stringify(schema.pattern)}`);
    if (typeof schema.minLength === 'number' && [...value].length < schema.minLength) constraint(`must be at least ${schema.minLength} characters long`);
    if (typeof schema.maxLength === 'number' && [...value].length > schema.maxLength) constraint(`must be at most ${schema.maxLength} characters long`);
  }
  if (typeof value === 'number') {
    const exclusiveMin = schema.exclusiveMinimum === true;
    const exclusiveMax = schema.exclusiveMaximum === true;
    if (typeof schema.minimum === 'number' && (exclusiveMin ? value <= schema.minimum : value < schema.minimum)) constraint(`must be ${exclusiveMin ? '>' : '>='} ${schema.minimum}`);
    if (typeof schema.maximum === 'number' && (exclusiveMax ? value >= schema.maximum : value > schema.maximum)) constraint(`must be ${exclusiveMax ? '<' : '<='} ${schema.maximum}`);
    if (typeof schema.multipleOf === 'number' && schema.multipleOf > 0 && !Number.isInteger(value / schema.multipleOf)) constraint(`must be a multiple of ${schema.multipleOf}`);
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) constraint(`must have at least ${schema.minItems} item${schema.minItems === 1 ? '' : 's'}`);
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) constraint(`must have at most ${schema.maxItems} items`);
    if (isPlainObject(schema.items)) value.forEach((item, i) => validate(schema.items as Schema, item, [...path, i], walk, structural));
  }
  if (isPlainObject(value)) validateObject(schema, value, path, walk, structural, isRoot);
  if (schema.allOf !== undefined || schema.anyOf !== undefined || schema.oneOf !== undefined || schema.not !== undefined) validateCombinators(schema, value, path, walk);
}

function validateObject(schema: Schema, value: Record<string, unknown>, path: PathSegment[], walk: Walk, structural: boolean, isRoot: boolean): void {
  const properties = isPlainObject(schema.properties) ? (schema.properties as Record<string, Schema>) : null;
  if (Array.isArray(schema.required)) {
    for (const field of schema.required) {
      if (typeof field === 'string' && !(field in value)) {
        walk.problems.push({ code: 'required', path, part: 'key', message: `Missing required field "${field}"${path.length ? ` (at ${fieldName(path)})` : ''}.` });
      }
    }
  }
  const count = Object.keys(value).length;
  if (typeof schema.minProperties === 'number' && count < schema.minProperties) {
    walk.problems.push({ code: 'constraint', path, part: 'value', message: `${fieldName(path)} must have at least ${schema.minProperties} field${schema.minProperties === 1 ? '' : 's'}.` });
  }
  if (typeof schema.maxProperties === 'number' && count > schema.maxProperties) {
    walk.problems.push({ code: 'constraint', path, part: 'value', message: `${fieldName(path)} must have at most ${schema.maxProperties} fields.` });
  }
  const embedded = isRoot || schema['x-kubernetes-embedded-resource'] === true;
  const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
  const additional = schema.additionalProperties;
  for (const [key, child] of Object.entries(value)) {
    const childSchema = properties?.[key];
    if (childSchema && isPlainObject(childSchema)) {
      validate(childSchema, child, [...path, key], walk, structural);
    } else if (embedded && (key === 'apiVersion' || key === 'kind' || key === 'metadata')) {
      continue;
    } else if (isPlainObject(additional)) {
      validate(additional, child, [...path, key], walk, structural);
    } else if (structural && !preserve && (additional === false || (properties && additional === undefined))) {
      const known = Object.keys(properties ?? {}).sort();
      const suggestion = closest(key, known);
      const hint = suggestion ? `; did you mean "${suggestion}"?` : known.length ? `; known fields: ${known.slice(0, 8).join(', ')}${known.length > 8 ? ', …' : ''}.` : '.';
      walk.problems.push({ code: 'unknown-field', path: [...path, key], part: 'key', message: `Unknown field "${key}"${hint}` });
    }
  }
}

function problemsOf(schema: Schema, value: unknown, path: PathSegment[]): SchemaProblem[] {
  const walk: Walk = { problems: [] };
  validate(schema, value, path, walk, false);
  return walk.problems;
}

function validateCombinators(schema: Schema, value: unknown, path: PathSegment[], walk: Walk): void {
  const branches = (key: string) => (Array.isArray(schema[key]) ? (schema[key] as unknown[]).filter(isPlainObject) : []);
  for (const branch of branches('allOf')) walk.problems.push(...problemsOf(branch, value, path));
  for (const key of ['anyOf', 'oneOf']) {
    const list = branches(key);
    if (list.length === 0) continue;
    const results = list.map((branch) => problemsOf(branch, value, path));
    const passing = results.filter((r) => r.length === 0).length;
    if (passing === 0) {
      // The closest branch says best what is wrong.
      walk.problems.push(...results.reduce((best, r) => (r.length < best.length ? r : best)));
    } else if (key === 'oneOf' && passing > 1) {
      walk.problems.push({ code: 'constraint', path, part: 'value', message: `${fieldName(path)} matches more than one of the allowed forms; it must match exactly one.` });
    }
  }
  if (isPlainObject(schema.not) && problemsOf(schema.not, value, path).length === 0) {
    walk.problems.push({ code: 'constraint', path, part: 'value', message: `${fieldName(path)} has a form that is not allowed here.` });
  }
}

/**
 * A validator of custom resources from a CRD version's openAPIV3Schema.
 * `validateMetadata` checks the object's `metadata` as ObjectMeta (its paths start at `metadata`).
 */
export function crdValidator(openAPIV3Schema: Schema, validateMetadata: (metadata: unknown) => SchemaProblem[]): ObjectValidator {
  return (value) => {
    if (!isPlainObject(value)) return [];
    const walk: Walk = { problems: [] };
    // The controller writes status; the API server drops it from what clients send.
    const { status: _status, ...subject } = value;
    validate(openAPIV3Schema, subject, [], walk, true, true);
    if (isPlainObject(value.metadata)) walk.problems.push(...validateMetadata(value.metadata));
    return walk.problems;
  };
}
