/**
 * The precompiled Kubernetes validators (schemas/k8s/validators/, made by
 * scripts/gen-k8s-validators.mjs): current with the shipped schemas and with
 * the code ajv generates from them now (the run time trusts them and checks
 * nothing), split so that a kind loads only its own code, and giving the same
 * answers and the same errors as validators ajv compiles at run time, on real
 * manifests and on broken copies of them.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { describe, expect, it } from 'vitest';
import { loadK8sFile } from '../src/k8s/loader.js';
import { kindDefinition, schemaKinds, schemaVersions } from '../src/k8s/schema/data.js';
import { splitStandalone } from '../src/k8s/schema/segments.js';
import { definitionRef, PrecompiledVersion, precompiledRefs, shippedSegments, VersionSchemas, versionAjv } from '../src/k8s/schema/validator.js';
import type { PrecompiledIndex } from '../src/k8s/schema/validators-index.js';
import { corpusFiles } from './support/corpus.js';

const validatorsDir = new URL('../schemas/k8s/validators/', import.meta.url);
const index = JSON.parse(readFileSync(new URL('index.json', validatorsDir), 'utf8')) as PrecompiledIndex;
const regenerate = 'npm run build && npm run gen:validators';
const generatedCode = (version: string) => standaloneCode(versionAjv(version, { source: true }), Object.fromEntries(precompiledRefs(version).map((ref) => [ref, ref])));

describe('precompiled validators are current', () => {
  it(`were made from the shipped schemas, for every shipped version (else: ${regenerate})`, () => {
    const digest = createHash('sha256').update(readFileSync(new URL('../schemas/k8s/schemas.json.gz', import.meta.url))).digest('hex');
    expect(index.schemas).toBe(digest);
    // A run takes the versions and served kinds from the index instead of the schemas.
    expect(index.versions).toEqual(schemaKinds().versions);
    expect(index.kinds).toEqual(schemaKinds().kinds);
    expect(schemaVersions()).toEqual(index.versions);
  });

  it(`hold the code ajv generates from the schemas now, split the same way, for the newest version (else: ${regenerate})`, () => {
    const version = schemaVersions().at(-1)!;
    const current = splitStandalone(generatedCode(version));
    const shipped = shippedSegments(version)!;
    expect(shipped.refs).toEqual(current.refs);
    expect(shipped.segments.length).toBe(current.segments.length);
    // One by one: a difference in 3 MB of code is unreadable in a single toEqual.
    current.segments.forEach((segment, i) => {
      expect(shipped.segments[i].imports).toEqual(segment.imports);
      expect(shipped.segments[i].exports).toEqual(segment.exports);
      expect(shipped.segments[i].code === segment.code, `segment ${i} of ${version}`).toBe(true);
    });
  }, 120_000);

  it('are what validation uses: nothing is compiled at run time', () => {
    for (const version of schemaVersions()) {
      const schemas = new VersionSchemas(version);
      expect(schemas.forKind('v1', 'Service')!({ spec: { port: [] } }).map((p) => p.code)).toEqual(['unknown-field']);
      expect(schemas.forCustomResource({ type: 'object' })({ metadata: { name: 5 } }).map((p) => p.code)).toEqual(['type']);
      expect(schemas.compiledAtRunTime).toBe(0);
    }
  });

  it('load only the segments a kind needs, and a segment shared by kinds once', () => {
    const version = schemaVersions().at(-1)!;
    const file = JSON.parse(readFileSync(new URL(`${version}.json`, validatorsDir), 'utf8')) as { segments: unknown[] };
    const precompiled = PrecompiledVersion.shipped(version)!;
    const service = precompiled.validator(definitionRef(kindDefinition(version, 'v1', 'Service')!))!;
    expect(service({ apiVersion: 'v1', kind: 'Service', spec: { ports: [{ port: 80 }] } })).toBe(true);
    const forService = precompiled.loadedSegments;
    expect(forService).toBeGreaterThan(0);
    expect(forService).toBeLessThan(file.segments.length / 4);
    const deployment = precompiled.validator(definitionRef(kindDefinition(version, 'apps/v1', 'Deployment')!))!;
    expect(deployment({ spec: { replicas: 'two' } })).toBe(false);
    const forBoth = precompiled.loadedSegments;
    const statefulSet = precompiled.validator(definitionRef(kindDefinition(version, 'apps/v1', 'StatefulSet')!))!;
    expect(statefulSet({ metadata: { name: 'db' }, spec: { selector: {}, serviceName: 'db', template: { spec: { containers: [{ name: 'a', image: 'b' }] } } } })).toBe(true);
    // The pod spec is the StatefulSet's largest part, and already loaded for the Deployment.
    expect(precompiled.loadedSegments - forBoth).toBeLessThan(forBoth - forService);
    expect(precompiled.loadedSegments).toBeLessThan(file.segments.length / 2);
  });

  it('split ajv\'s code into segments that load on their own and give what the whole module gives', () => {
    const version = schemaVersions()[0];
    const code = generatedCode(version);
    const whole: Record<string, (value: unknown) => boolean> = {};
    new Function('exports', 'require', code)(whole, () => ({ quantity: { validate: () => true }, byte: { validate: () => true } }));
    const split = splitStandalone(code);
    expect(Object.keys(split.refs).sort()).toEqual(Object.keys(whole).sort());
    // Imports only point back: segments load dependencies first, never in a cycle.
    split.segments.forEach((segment, i) => {
      for (const [from, name] of segment.imports) {
        expect(from).toBeLessThan(i);
        expect(split.segments[from].exports).toContain(name);
      }
    });
    const precompiled = PrecompiledVersion.fromSegments(split);
    for (const ref of Object.keys(whole)) expect(typeof precompiled.validator(ref)).toBe('function');
    expect(precompiled.loadedSegments).toBe(split.segments.length);
  }, 120_000);
});

/** Objects of built-in kinds from the corpus (or the examples without it), and a broken copy of each. */
function sample(limit: number): { apiVersion: string; kind: string; value: unknown }[] {
  const files = corpusFiles().filter((f) => f.language === 'k8s');
  const paths = files.length > 0 ? files.map((f) => f.absolute) : [fileURLToPath(new URL('../examples/k8s/deployment.yaml', import.meta.url))];
  const out: { apiVersion: string; kind: string; value: unknown }[] = [];
  const perKind = new Map<string, number>();
  for (const file of paths) {
    for (const object of loadK8sFile(file, readFileSync(file, 'utf8')).objects) {
      const key = `${object.apiVersion}/${object.kind}`;
      // A spread of kinds rather than hundreds of Deployments.
      if ((perKind.get(key) ?? 0) >= 8) continue;
      perKind.set(key, (perKind.get(key) ?? 0) + 1);
      out.push({ apiVersion: object.apiVersion, kind: object.kind, value: object.value });
      out.push({ apiVersion: object.apiVersion, kind: object.kind, value: broken(object.value) });
      if (out.length >= limit) return out;
    }
  }
  return out;
}

/** The object with an unknown field, a wrong type and a bad quantity where it has room for them. */
function broken(value: unknown): unknown {
  const copy = structuredClone(value) as Record<string, unknown>;
  copy.metadata = { ...(copy.metadata as object), labels: { ok: 'yes', number: 5 }, unknownMetadataField: true };
  const spec = copy.spec as Record<string, unknown> | undefined;
  if (spec && typeof spec === 'object') {
    spec.replicas = 'two';
    spec.unknownSpecField = [1, 2];
    const containers = ((spec.template as Record<string, Record<string, unknown>> | undefined)?.spec?.containers ?? spec.containers) as Record<string, unknown>[] | undefined;
    if (Array.isArray(containers) && containers[0]) containers[0].resources = { limits: { memory: '64 MB', cpu: true } };
  }
  return copy;
}

describe('precompiled validators agree with validators compiled at run time', () => {
  for (const version of ['1.36', '1.29']) {
    it(`on real and broken objects (Kubernetes ${version})`, () => {
      const precompiled = PrecompiledVersion.shipped(version)!;
      const compiled = versionAjv(version);
      let compared = 0;
      let invalid = 0;
      for (const { apiVersion, kind, value } of sample(400)) {
        const definition = kindDefinition(version, apiVersion, kind);
        if (!definition) continue;
        const ref = definitionRef(definition);
        const runtime = compiled.getSchema(ref)!;
        const shipped = precompiled.validator(ref)!;
        const expected = runtime(value);
        expect(shipped(value)).toBe(expected);
        expect(shipped.errors ?? null).toEqual(runtime.errors ?? null);
        compared++;
        if (!expected) invalid++;
      }
      // The sample must exercise both answers, or the comparison proves little.
      expect(compared).toBeGreaterThan(1);
      expect(invalid).toBeGreaterThan(0);
      expect(invalid).toBeLessThan(compared);
    }, 120_000);
  }
});
