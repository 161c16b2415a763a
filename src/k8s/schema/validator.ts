/**
 * Validates Kubernetes objects against the shipped schemas of one minor
 * version with ajv (validators compiled on first use per kind, cached), and
 * custom resources against their CRD's openAPIV3Schema (src/k8s/schema/crd.ts).
 *
 * The JSON schemas are built to reject what the API server rejects and no
 * more: any field may be `null` (Kubernetes decodes it as the zero value),
 * int-or-string fields take both, quantities take strings in the quantity
 * syntax and numbers, unknown fields are errors (kubectl's default strict
 * field validation) except under `x-kubernetes-preserve-unknown-fields`, and
 * embedded objects (RawExtension) take anything.
 */
import { createRequire } from 'node:module';
import type { Ajv as AjvClass, ErrorObject, ValidateFunction } from 'ajv';
import type { PathSegment } from '../model.js';
import { isPlainObject } from '../values.js';
import { crdValidator } from './crd.js';
import { definitionsOf, kindDefinition, type CompactSchema } from './data.js';
import { closest, describeValue, fieldName, TYPE_WORDS, type ObjectValidator, type SchemaProblem } from './problems.js';

export type { ObjectValidator, SchemaProblem } from './problems.js';

const require = createRequire(import.meta.url);

/** Quantity syntax of k8s.io/apimachinery/pkg/api/resource: a signed decimal and a suffix. */
const QUANTITY = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+|[KMGTPE]i|[numkMGTPE])?$/;

function isBase64(text: string): boolean {
  const compact = text.replace(/[\r\n]/g, '');
  return compact.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(compact);
}

const ROOT_ID = 'k8s';
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

/** The validators of one Kubernetes minor version. */
export class VersionSchemas {
  private ajv: AjvClass | null = null;
  private readonly byKind = new Map<string, ObjectValidator | null>();
  private readonly byCrd = new WeakMap<object, ObjectValidator>();
  private metadata: ObjectValidator | null = null;

  constructor(readonly version: string) {}

  private instance(): AjvClass {
    if (this.ajv) return this.ajv;
    const { Ajv } = require('ajv') as { Ajv: typeof AjvClass };
    // Unoptimised code compiles ~40% faster and validates as fast on manifests; start-up matters more.
    const ajv = new Ajv({ allErrors: true, strict: false, verbose: true, inlineRefs: false, logger: false, code: { optimize: false } });
    ajv.addFormat('quantity', { type: 'string', validate: (text: string) => QUANTITY.test(text) });
    ajv.addFormat('byte', { type: 'string', validate: isBase64 });
    const definitions: Record<string, unknown> = {};
    for (const [name, schema] of definitionsOf(this.version)) definitions[name] = toJsonSchema(schema, shortName(name));
    ajv.addSchema({ $id: ROOT_ID, definitions });
    this.ajv = ajv;
    return ajv;
  }

  /** The validator of a built-in kind, or null when this version does not serve it. */
  forKind(apiVersion: string, kind: string): ObjectValidator | null {
    const key = `${apiVersion}/${kind}`;
    if (this.byKind.has(key)) return this.byKind.get(key) ?? null;
    const definition = kindDefinition(this.version, apiVersion, kind);
    const validator = definition ? wrap(this.instance().compile({ $ref: `${ROOT_ID}#/definitions/${definition}` })) : null;
    this.byKind.set(key, validator);
    return validator;
  }

  /** The validator of a custom resource from its CRD version's openAPIV3Schema (cached per schema object). */
  forCustomResource(openAPIV3Schema: Record<string, unknown>): ObjectValidator {
    let validator = this.byCrd.get(openAPIV3Schema);
    if (!validator) {
      this.metadata ??= wrap(
        this.instance().compile({ type: 'object', properties: { metadata: { $ref: `${ROOT_ID}#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta` } } }),
      );
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
