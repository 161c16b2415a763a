/**
 * Validates Kubernetes objects against the shipped schemas of one minor
 * version with ajv (the version's validators precompiled by
 * scripts/gen-k8s-validators.mjs, each kind loading the code it needs on its
 * first object, or compiled per kind on first use when those are missing), and custom resources against their CRD's openAPIV3Schema (src/k8s/schema/crd.ts).
 *
 * The JSON schemas are built to reject what the API server rejects and no
 * more: any field may be `null` (Kubernetes decodes it as the zero value),
 * int-or-string fields take both, quantities take strings in the quantity
 * syntax and numbers, unknown fields are errors (kubectl's default strict
 * field validation) except under `x-kubernetes-preserve-unknown-fields`, and
 * embedded objects (RawExtension) take anything.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Ajv as AjvClass, ErrorObject, Options as AjvOptions, ValidateFunction } from 'ajv';
import { zlib } from '../../core/lazy-builtins.js';
import type { PathSegment } from '../model.js';
import { isPlainObject } from '../values.js';
import { crdValidator } from './crd.js';
import { definitionsOf, kindDefinition, servedKindDefinitions, type CompactSchema } from './data.js';
import { closest, describeValue, fieldName, TYPE_WORDS, type ObjectValidator, type SchemaProblem } from './problems.js';
import type { VersionSegments } from './segments.js';
import { precompiledIndex, VALIDATORS_URL, type PrecompiledIndex } from './validators-index.js';

export type { ObjectValidator, SchemaProblem } from './problems.js';

const require = createRequire(import.meta.url);

/** Quantity syntax of k8s.io/apimachinery/pkg/api/resource: a signed decimal and a suffix. */
const QUANTITY = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+|[KMGTPE]i|[numkMGTPE])?$/;

function isBase64(text: string): boolean {
  const compact = text.replace(/[\r\n]/g, '');
  return compact.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(compact);
}

const ROOT_ID = 'k8s';
/** The schema of an object with just its metadata checked, for custom resources (their own schema is crd.ts's). */
const OBJECT_METADATA_ID = 'k8s-object-metadata';

/** Custom formats; the precompiled validators' code refers to them as `require("./formats")`. */
const FORMATS = {
  quantity: { type: 'string', validate: (text: string) => QUANTITY.test(text) },
  byte: { type: 'string', validate: isBase64 },
} as const;

/** The id that names a definition's validator, in ajv and as the export of the precompiled code. */
export function definitionRef(definition: string): string {
  return `${ROOT_ID}#/definitions/${definition}`;
}

const NULLABLE_TYPES = (type: string | string[]): string[] => [...(Array.isArray(type) ? type : [type]), 'null'];

/** A shipped definition in the JSON Schema ajv compiles: refs into the root, strict objects, nullable types. */
function toJsonSchema(schema: CompactSchema, title?: string): Record<string, unknown> {
  if (schema.$ref) return { $ref: `#/definitions/${schema.$ref}` };
  const out: Record<string, unknown> = {};
  if (title) out.title = title;
  if (schema.type) out.type = NULLABLE_TYPES(schema.type);
  if (schema.format) out.format = schema.format;
  if (schema.enum) out.enum = [...schema.enum, null];
  if (schema.properties) {
    const properties: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(schema.properties)) properties[key] = toJsonSchema(value);
    out.properties = properties;
    if (schema.additionalProperties === undefined && !schema.preserveUnknownFields) out.additionalProperties = false;
  }
  if (schema.required) out.required = schema.required;
  if (schema.items) out.items = toJsonSchema(schema.items);
  if (schema.additionalProperties !== undefined) {
    out.additionalProperties = typeof schema.additionalProperties === 'boolean' ? schema.additionalProperties : toJsonSchema(schema.additionalProperties);
  }
  return out;
}

function shortName(definition: string): string {
  return definition.slice(definition.lastIndexOf('.') + 1);
}

/**
 * The ajv instance holding one version's definitions, as validation compiles
 * them at run time and scripts/gen-k8s-validators.mjs precompiles them
 * (`code.source`: keep each function's code for ajv's standalone module).
 */
export function versionAjv(version: string, options: { source?: boolean } = {}): AjvClass {
  const { Ajv } = require('ajv') as { Ajv: typeof AjvClass };
  // Unoptimised code compiles ~40% faster and validates as fast on manifests; start-up matters more.
  const ajv = new Ajv({
    allErrors: true,
    strict: false,
    verbose: true,
    inlineRefs: false,
    logger: false,
    code: options.source ? { optimize: false, source: true, formats: codeExpression('require("./formats")') } : { optimize: false },
  });
  ajv.addFormat('quantity', FORMATS.quantity);
  ajv.addFormat('byte', FORMATS.byte);
  const definitions: Record<string, unknown> = {};
  for (const [name, schema] of definitionsOf(version)) definitions[name] = toJsonSchema(schema, shortName(name));
  ajv.addSchema({ $id: ROOT_ID, definitions });
  ajv.addSchema({ $id: OBJECT_METADATA_ID, type: 'object', properties: { metadata: { $ref: definitionRef('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta') } } });
  return ajv;
}

/** Code for ajv's `code.formats` option: its code-generation type, from ajv's own module. */
function codeExpression(code: string): NonNullable<AjvOptions['code']>['formats'] {
  const { _ } = require('ajv') as { _: (strings: TemplateStringsArray) => NonNullable<AjvOptions['code']>['formats'] };
  return _([code] as unknown as TemplateStringsArray);
}

/** The refs a version's precompiled validators export: every served kind's definition and the metadata check. */
export function precompiledRefs(version: string): string[] {
  return [...new Set(servedKindDefinitions(version).map(definitionRef))].concat(OBJECT_METADATA_ID);
}

/**
 * schemas/k8s/validators/ (scripts/gen-k8s-validators.mjs): ajv's standalone code of every version's
 * validators, split into segments that load on their own (src/k8s/schema/segments.ts). `segments.br`
 * holds each distinct segment's code once, Brotli-compressed one by one; `<version>.json` says which
 * segments a version has, what each imports and exports, and where each ref's validator is;
 * `index.json` (validators-index.ts) where each segment's bytes are.
 */
export interface PrecompiledVersionFile {
  segments: Array<{ blob: number; imports: Array<[number, string]>; exports: string[] }>;
  refs: Record<string, [number, string]>;
}

let segmentBytes: Buffer | undefined;

/** The code of a stored segment. */
function blobCode(index: PrecompiledIndex, blob: number): string {
  segmentBytes ??= readFileSync(new URL('segments.br', VALIDATORS_URL));
  const [offset, length] = index.blobs[blob];
  return zlib().brotliDecompressSync(segmentBytes.subarray(offset, offset + length)).toString('utf8');
}

/** A version's shipped segments with their code (for the tests and the generator's check); null when none are shipped. */
export function shippedSegments(version: string): VersionSegments | null {
  const index = precompiledIndex();
  if (!index?.versions.includes(version)) return null;
  const file = JSON.parse(readFileSync(new URL(`${version}.json`, VALIDATORS_URL), 'utf8')) as PrecompiledVersionFile;
  return { refs: file.refs, segments: file.segments.map(({ blob, imports, exports }) => ({ code: blobCode(index, blob), imports, exports })) };
}

/** Runs a segment's code: its free names are `require` (for `./formats`) and its imports `_I0…`; returns its exports by name. */
function evaluateSegment(code: string, imports: unknown[], exports: readonly string[]): Record<string, unknown> {
  const moduleRequire = (id: string): unknown => (id === './formats' ? FORMATS : require(id));
  const parameters = imports.map((_, i) => `_I${i}`);
  // ajv's own generated code, shipped in the package: evaluated as ajv evaluates the code it compiles.
  return new Function('require', ...parameters, `"use strict";${code}\nreturn {${exports.join(',')}};`)(moduleRequire, ...imports) as Record<string, unknown>;
}

/** One version's precompiled validators: a ref's validator loads the segments it needs, each once. */
export class PrecompiledVersion {
  private readonly loaded: Array<Record<string, unknown> | undefined> = [];

  private constructor(
    private readonly file: PrecompiledVersionFile,
    private readonly code: (blob: number) => string,
  ) {}

  /** The shipped validators of a version, or null when none are shipped (then ajv compiles at run time). */
  static shipped(version: string): PrecompiledVersion | null {
    const index = precompiledIndex();
    if (!index?.versions.includes(version)) return null;
    const file = JSON.parse(readFileSync(new URL(`${version}.json`, VALIDATORS_URL), 'utf8')) as PrecompiledVersionFile;
    return new PrecompiledVersion(file, (blob) => blobCode(index, blob));
  }

  /** Segments given with their code (the tests load freshly generated ones this way). */
  static fromSegments(split: VersionSegments): PrecompiledVersion {
    const file: PrecompiledVersionFile = { refs: split.refs, segments: split.segments.map(({ imports, exports }, blob) => ({ blob, imports, exports })) };
    return new PrecompiledVersion(file, (blob) => split.segments[blob].code);
  }

  /** The validate function of a ref, or undefined when the version has none. */
  validator(ref: string): ValidateFunction | undefined {
    const at = this.file.refs[ref];
    return at ? (this.segment(at[0])[at[1]] as ValidateFunction) : undefined;
  }

  /** How many segments are loaded (for the tests). */
  get loadedSegments(): number {
    return this.loaded.filter(Boolean).length;
  }

  private segment(index: number): Record<string, unknown> {
    let values = this.loaded[index];
    if (!values) {
      const { blob, imports, exports } = this.file.segments[index];
      const bindings = imports.map(([from, name]) => this.segment(from)[name]);
      values = evaluateSegment(this.code(blob), bindings, exports);
      this.loaded[index] = values;
    }
    return values;
  }
}

/** The validators of one Kubernetes minor version. */
export class VersionSchemas {
  private ajv: AjvClass | null = null;
  /** The precompiled validators; null when there are none for this version (undefined: not read yet). */
  private precompiled: PrecompiledVersion | null | undefined;
  private readonly byKind = new Map<string, ObjectValidator | null>();
  private readonly byCrd = new WeakMap<object, ObjectValidator>();
  private metadata: ObjectValidator | null = null;
  /** How many validators ajv compiled in this run: none while the precompiled ones are current. */
  compiledAtRunTime = 0;

  constructor(readonly version: string) {}

  /** The validator of a ref: precompiled when shipped, else compiled by ajv now. */
  private validator(ref: string): ValidateFunction {
    if (this.precompiled === undefined) this.precompiled = PrecompiledVersion.shipped(this.version);
    const precompiled = this.precompiled?.validator(ref);
    if (precompiled) return precompiled;
    this.ajv ??= versionAjv(this.version);
    const validate = this.ajv.getSchema(ref);
    if (!validate) throw new Error(`no schema ${ref} in Kubernetes ${this.version}`);
    this.compiledAtRunTime++;
    return validate;
  }

  /** The validator of a built-in kind, or null when this version does not serve it. */
  forKind(apiVersion: string, kind: string): ObjectValidator | null {
    const key = `${apiVersion}/${kind}`;
    if (this.byKind.has(key)) return this.byKind.get(key) ?? null;
    const definition = kindDefinition(this.version, apiVersion, kind);
    const validator = definition ? wrap(this.validator(definitionRef(definition))) : null;
    this.byKind.set(key, validator);
    return validator;
  }

  /** The validator of a custom resource from its CRD version's openAPIV3Schema (cached per schema object). */
  forCustomResource(openAPIV3Schema: Record<string, unknown>): ObjectValidator {
    let validator = this.byCrd.get(openAPIV3Schema);
    if (!validator) {
      this.metadata ??= wrap(this.validator(OBJECT_METADATA_ID));
      const metadata = this.metadata;
      validator = crdValidator(openAPIV3Schema, (value) => metadata({ metadata: value }));
      this.byCrd.set(openAPIV3Schema, validator);
    }
    return validator;
  }
}

const byVersion = new Map<string, VersionSchemas>();

/** The (cached) validators of a shipped minor version. */
export function schemasFor(version: string): VersionSchemas {
  let schemas = byVersion.get(version);
  if (!schemas) byVersion.set(version, (schemas = new VersionSchemas(version)));
  return schemas;
}

/**
 * The status of an object is written by its controller: the API server drops
 * it from what clients create (and manifests copied from a cluster carry it),
 * so it is not validated.
 */
function wrap(validate: ValidateFunction): ObjectValidator {
  return (value) => {
    let subject = value;
    if (isPlainObject(value) && 'status' in value) {
      const { status: _status, ...rest } = value;
      subject = rest;
    }
    return validate(subject) ? [] : (validate.errors ?? []).flatMap((error) => toProblem(error, subject));
  };
}

function pathOf(pointer: string, root: unknown): PathSegment[] {
  if (pointer === '') return [];
  const out: PathSegment[] = [];
  let current = root;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) {
      const index = Number(segment);
      out.push(index);
      current = current[index];
    } else {
      out.push(segment);
      current = isPlainObject(current) ? current[segment] : undefined;
    }
  }
  return out;
}

function valueAt(root: unknown, path: PathSegment[]): unknown {
  let current = root;
  for (const segment of path) current = (current as Record<string | number, unknown> | undefined)?.[segment];
  return current;
}

function toProblem(error: ErrorObject, root: unknown): SchemaProblem[] {
  const path = pathOf(error.instancePath, root);
  const parent = error.parentSchema as { title?: string; properties?: Record<string, unknown> } | undefined;
  const where = parent?.title ? ` in ${parent.title}` : '';
  switch (error.keyword) {
    case 'additionalProperties': {
      const field = String((error.params as { additionalProperty: string }).additionalProperty);
      const known = Object.keys(parent?.properties ?? {}).sort();
      const suggestion = closest(field, known);
      const hint = suggestion ? `; did you mean "${suggestion}"?` : known.length ? `; known fields: ${known.slice(0, 8).join(', ')}${known.length > 8 ? ', …' : ''}.` : '.';
      return [{ code: 'unknown-field', path: [...path, field], part: 'key', message: `Unknown field "${field}"${where}${hint}` }];
    }
    case 'required': {
      const field = String((error.params as { missingProperty: string }).missingProperty);
      return [{ code: 'required', path, part: 'key', message: `Missing required field "${field}"${where}${path.length ? ` (at ${fieldName(path)})` : ''}.` }];
    }
    case 'type': {
      const expected = String((error.params as { type: string }).type)
        .split(',')
        .filter((t) => t !== 'null')
        .map((t) => TYPE_WORDS[t] ?? t);
      return [{ code: 'type', path, part: 'value', message: `${fieldName(path)} must be ${expected.join(' or ')}, not ${describeValue(valueAt(root, path))}.` }];
    }
    case 'enum': {
      const allowed = ((error.params as { allowedValues: unknown[] }).allowedValues ?? []).filter((v) => v !== null);
      const actual = valueAt(root, path);
      const suggestion = typeof actual === 'string' ? closest(actual, allowed.map(String)) : null;
      return [
        {
          code: 'enum',
          path,
          part: 'value',
          message: `Invalid value ${JSON.stringify(actual)} for ${fieldName(path)}: expected one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}${suggestion ? `; did you mean "${suggestion}"?` : '.'}`,
        },
      ];
    }
    case 'format': {
      const format = (error.params as { format: string }).format;
      const actual = valueAt(root, path);
      const message =
        format === 'quantity'
          ? `Invalid quantity ${JSON.stringify(actual)} for ${fieldName(path)}: write a number with an optional suffix, e.g. 250m, 0.5, 64Mi, 2Gi, 1G.`
          : `${fieldName(path)} must be base64-encoded (use stringData for plain text).`;
      return [{ code: 'format', path, part: 'value', message }];
    }
    // Combinators repeat the errors of their branches; the branches' errors are reported instead.
    case 'anyOf':
    case 'oneOf':
    case 'allOf':
    case 'if':
      return [];
    default:
      return [{ code: 'constraint', path, part: 'value', message: `${fieldName(path)} ${error.message ?? 'is invalid'}.` }];
  }
}
