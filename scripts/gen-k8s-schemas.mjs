// Generates schemas/k8s/schemas.json.gz from the Kubernetes OpenAPI specs in ../shared/k8s-openapi
// (or the folder given): one compact schema set per minor version, with the definitions that are the
// same in several versions stored once.
// Usage: node scripts/gen-k8s-schemas.mjs [OPENAPI_DIR]
//
// What the output keeps of each definition is what the API server's decoding and validation reject:
// types, properties (unknown ones are errors), required fields, int-or-string and quantities. Texts and
// patch/list metadata are dropped. The specs carry no enum arrays (upstream generates them without
// OpenAPIEnums), so the enums the API server validates are added from ENUMS below.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const source = path.resolve(process.argv[2] ?? path.join(root, '..', 'shared', 'k8s-openapi'));
const outDir = path.join(root, 'schemas', 'k8s');
const outFile = path.join(outDir, 'schemas.json.gz');

const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
/** Definitions that hold any JSON (embedded objects, CRD JSON values). */
const ANY_JSON = new Set([
  'io.k8s.apimachinery.pkg.runtime.RawExtension',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1beta1.JSON',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrArray',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrBool',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrStringArray',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1beta1.JSONSchemaPropsOrArray',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1beta1.JSONSchemaPropsOrBool',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1beta1.JSONSchemaPropsOrStringArray',
]);

// Enum values the API server's validation enforces (pkg/apis/*/validation), by definition suffix and
// property. Applied in every version that has the definition.
const ENUMS = {
  'core.v1.Container': { imagePullPolicy: ['Always', 'Never', 'IfNotPresent'], terminationMessagePolicy: ['File', 'FallbackToLogsOnError'] },
  'core.v1.EphemeralContainer': { imagePullPolicy: ['Always', 'Never', 'IfNotPresent'], terminationMessagePolicy: ['File', 'FallbackToLogsOnError'] },
  'core.v1.ContainerPort': { protocol: ['TCP', 'UDP', 'SCTP'] },
  'core.v1.ServicePort': { protocol: ['TCP', 'UDP', 'SCTP'] },
  'core.v1.EndpointPort': { protocol: ['TCP', 'UDP', 'SCTP'] },
  'networking.v1.NetworkPolicyPort': { protocol: ['TCP', 'UDP', 'SCTP'] },
  'core.v1.PodSpec': {
    restartPolicy: ['Always', 'OnFailure', 'Never'],
    dnsPolicy: ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'],
  },
  'core.v1.ServiceSpec': {
    type: ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'],
    sessionAffinity: ['ClientIP', 'None'],
    externalTrafficPolicy: ['Cluster', 'Local'],
    internalTrafficPolicy: ['Cluster', 'Local'],
    ipFamilyPolicy: ['SingleStack', 'PreferDualStack', 'RequireDualStack'],
  },
  'apps.v1.DeploymentStrategy': { type: ['Recreate', 'RollingUpdate'] },
  'apps.v1.StatefulSetUpdateStrategy': { type: ['RollingUpdate', 'OnDelete'] },
  'apps.v1.DaemonSetUpdateStrategy': { type: ['RollingUpdate', 'OnDelete'] },
  'apps.v1.StatefulSetSpec': { podManagementPolicy: ['OrderedReady', 'Parallel'] },
  'batch.v1.CronJobSpec': { concurrencyPolicy: ['Allow', 'Forbid', 'Replace'] },
  'batch.v1.JobSpec': { completionMode: ['NonIndexed', 'Indexed'] },
  'core.v1.SeccompProfile': { type: ['RuntimeDefault', 'Localhost', 'Unconfined'] },
  'core.v1.AppArmorProfile': { type: ['RuntimeDefault', 'Localhost', 'Unconfined'] },
  'core.v1.Toleration': { operator: ['Exists', 'Equal', ''], effect: ['NoSchedule', 'PreferNoSchedule', 'NoExecute', ''] },
  'core.v1.Taint': { effect: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] },
  'core.v1.NodeSelectorRequirement': { operator: ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'] },
  'meta.v1.LabelSelectorRequirement': { operator: ['In', 'NotIn', 'Exists', 'DoesNotExist'] },
  'core.v1.PersistentVolumeClaimSpec': { volumeMode: ['Filesystem', 'Block'] },
  'networking.v1.HTTPIngressPath': { pathType: ['Exact', 'Prefix', 'ImplementationSpecific'] },
  'policy.v1.PodDisruptionBudgetSpec': { unhealthyPodEvictionPolicy: ['IfHealthyBudget', 'AlwaysAllow'] },
};
// Arrays whose items are enum values.
const ITEM_ENUMS = {
  'core.v1.PersistentVolumeClaimSpec': { accessModes: ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'] },
  'networking.v1.NetworkPolicySpec': { policyTypes: ['Ingress', 'Egress'] },
};

function enumsFor(name, table) {
  for (const [suffix, props] of Object.entries(table)) if (name === `io.k8s.api.${suffix}` || name === `io.k8s.apimachinery.pkg.apis.${suffix}`) return props;
  return null;
}

function refName(ref) {
  return ref.replace(/^#\/(definitions|components\/schemas)\//, '');
}

/** The compact form of one (sub)schema. References become `{ $ref: name }`. */
function compact(schema) {
  if (schema.allOf && schema.allOf.length === 1 && schema.allOf[0].$ref && !schema.type) {
    // OpenAPI v3 wraps a $ref in allOf when a default or description sits beside it.
    return { $ref: refName(schema.allOf[0].$ref) };
  }
  if (schema.$ref) return { $ref: refName(schema.$ref) };
  const out = {};
  if (schema['x-kubernetes-int-or-string'] || schema.format === 'int-or-string') out.type = ['integer', 'string'];
  else if (schema.type) out.type = schema.type;
  if (schema.format === 'byte') out.format = 'byte';
  if (schema.enum) out.enum = schema.enum;
  if (schema.properties) {
    out.properties = {};
    for (const key of Object.keys(schema.properties).sort()) out.properties[key] = compact(schema.properties[key]);
  }
  if (schema.required?.length) out.required = [...schema.required].sort();
  if (schema.items) out.items = compact(schema.items);
  if (schema.additionalProperties !== undefined) {
    out.additionalProperties = typeof schema.additionalProperties === 'object' ? compact(schema.additionalProperties) : schema.additionalProperties;
  }
  if (schema['x-kubernetes-preserve-unknown-fields']) out.preserveUnknownFields = true;
  return out;
}

function normalize(name, schema) {
  if (name === INT_OR_STRING) return { type: ['integer', 'string'] };
  if (name === QUANTITY) return { type: ['string', 'number'], format: 'quantity' };
  if (ANY_JSON.has(name)) return {};
  const out = compact(schema);
  const enums = enumsFor(name, ENUMS);
  for (const [prop, values] of Object.entries(enums ?? {})) if (out.properties?.[prop]) out.properties[prop] = { type: 'string', enum: values };
  const itemEnums = enumsFor(name, ITEM_ENUMS);
  for (const [prop, values] of Object.entries(itemEnums ?? {})) {
    if (out.properties?.[prop]) out.properties[prop] = { type: 'array', items: { type: 'string', enum: values } };
  }
  return out;
}

function readVersion(dir) {
  const swagger = path.join(dir, 'swagger.json');
  if (existsSync(swagger)) return JSON.parse(readFileSync(swagger, 'utf8')).definitions;
  const v3 = path.join(dir, 'openapi-v3');
  const definitions = {};
  for (const file of readdirSync(v3).sort()) Object.assign(definitions, JSON.parse(readFileSync(path.join(v3, file), 'utf8')).components?.schemas ?? {});
  return definitions;
}

const started = process.hrtime.bigint();
const versionDirs = readdirSync(source)
  .filter((d) => /^v1\.\d+$/.test(d))
  .sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)));
if (versionDirs.length === 0) {
  console.error(`gen-k8s-schemas: no v1.NN folders in ${source}`);
  process.exit(2);
}

const pool = [];
const poolIndex = new Map();
const versions = {};
for (const dir of versionDirs) {
  const definitions = readVersion(path.join(source, dir));
  const defs = {};
  const kinds = {};
  for (const name of Object.keys(definitions).sort()) {
    const schema = definitions[name];
    const text = JSON.stringify(normalize(name, schema));
    let index = poolIndex.get(text);
    if (index === undefined) {
      index = pool.length;
      pool.push(JSON.parse(text));
      poolIndex.set(text, index);
    }
    defs[name] = index;
    const gvks = schema['x-kubernetes-group-version-kind'] ?? [];
    // Only objects the API serves as resources: one GVK and the apiVersion/kind/metadata trio.
    if (gvks.length !== 1 || !schema.properties?.kind || !schema.properties?.metadata) continue;
    const { group, version, kind } = gvks[0];
    if (kind.endsWith('List') && schema.properties.items) continue;
    const apiVersion = group ? `${group}/${version}` : version;
    (kinds[apiVersion] ??= {})[kind] = name;
  }
  versions[dir.slice(1)] = { defs, kinds };
}

const data = { generatedFrom: path.relative(root, source), versions: Object.keys(versions), pool, byVersion: versions };
const json = JSON.stringify(data);
mkdirSync(outDir, { recursive: true });
const gz = gzipSync(json, { level: 9 });
writeFileSync(outFile, gz);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(
  `gen-k8s-schemas: ${versionDirs.length} versions (${versionDirs[0]}…${versionDirs.at(-1)}), ${pool.length} distinct definitions, ` +
    `${(json.length / 1024).toFixed(0)} KiB JSON, ${(gz.length / 1024).toFixed(0)} KiB gzipped → ${path.relative(root, outFile)} in ${seconds.toFixed(1)} s`,
);
