import { defineK8sProjectRule } from '../../../core/project.js';
import type { RuleSettings } from '../../../core/types.js';
import type { K8sObject } from '../../../k8s/model.js';
import { builtinGroups, groupOf, resolveSchemaVersion } from '../../../k8s/schema/data.js';
import { schemasFor, type SchemaProblem, type VersionSchemas } from '../../../k8s/schema/validator.js';
import { asRecord, isPlainObject } from '../../../k8s/values.js';

interface Options {
  /** Unknown fields are errors (kubectl's default strict field validation; kubeconform's -strict). */
  strict: boolean;
  /** Folders of CRD manifests whose schemas validate custom resources (read by the CLI, relative to the working directory). */
  crdDirectories: string[];
}

interface CrdVersion {
  crd: K8sObject;
  schema: Record<string, unknown>;
}

/**
 * `group/version/Kind` → the served version's schemas of the CRDs among the
 * objects. Several CRDs may define one kind (a project's release channels or
 * releases side by side): an object is valid when one of them accepts it.
 */
function crdSchemas(objects: Iterable<K8sObject>): Map<string, CrdVersion[]> {
  const out = new Map<string, CrdVersion[]>();
  const add = (key: string, entry: CrdVersion) => {
    const list = out.get(key);
    if (list) list.push(entry);
    else out.set(key, [entry]);
  };
  for (const crd of objects) {
    if (crd.kind !== 'CustomResourceDefinition' || groupOf(crd.apiVersion) !== 'apiextensions.k8s.io') continue;
    const spec = asRecord(crd.value.spec);
    const group = spec?.group;
    const kind = asRecord(spec?.names)?.kind;
    if (typeof group !== 'string' || typeof kind !== 'string') continue;
    // v1beta1 CRDs may hold one schema for every version.
    const shared = asRecord(asRecord(spec?.validation)?.openAPIV3Schema);
    const versions = Array.isArray(spec?.versions) ? spec.versions.filter(isPlainObject) : [];
    if (versions.length === 0 && typeof spec?.version === 'string' && shared) add(`${group}/${spec.version}/${kind}`, { crd, schema: shared });
    for (const version of versions) {
      if (typeof version.name !== 'string' || version.served === false) continue;
      const schema = asRecord(asRecord(version.schema)?.openAPIV3Schema) ?? shared;
      if (schema) add(`${group}/${version.name}/${kind}`, { crd, schema });
    }
  }
  return out;
}

/** The problems of the CRD that accepts the object best (none when one accepts it). */
function crdProblems(schemas: VersionSchemas, candidates: CrdVersion[], value: unknown): { problems: SchemaProblem[]; crd: K8sObject } {
  let best: { problems: SchemaProblem[]; crd: K8sObject } | null = null;
  for (const candidate of candidates) {
    const problems = schemas.forCustomResource(candidate.schema)(value);
    if (!best || problems.length < best.problems.length) best = { problems, crd: candidate.crd };
    if (problems.length === 0) break;
  }
  return best!;
}

function versionOf(settings: Readonly<RuleSettings>): string {
  return resolveSchemaVersion(settings.kubernetesVersion);
}

function isBuiltin(object: K8sObject): boolean {
  return builtinGroups().has(groupOf(object.apiVersion));
}

export default defineK8sProjectRule<Options>({
  meta: {
    id: 'k8s/schema',
    title: 'Object does not match the Kubernetes API schema',
    severity: 'error',
    category: 'correctness',
    rationale:
      'The API server rejects an object with a misspelt or unknown field (kubectl validates strictly), a value of the wrong type, a missing required field, an unknown enum value or a malformed quantity — usually at deploy time, after review. drydock checks every object against the OpenAPI schema of the target Kubernetes version (`settings.kubernetesVersion`, default the newest shipped), and custom resources against the CRDs found among the files linted or in `crdDirectories`.',
    aliases: { 'kube-linter': ['schema-validation'] },
    fixable: false,
    defaultOptions: { strict: true, crdDirectories: [] },
    examples: {
      bad: [
        {
          filename: 'deploy.yaml',
          code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n          resouces:\n            limits: {memory: 1GG}\n',
        },
        {
          filename: 'svc.yaml',
          code: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n    - port: "80"\n',
        },
      ],
      good: [
        {
          filename: 'deploy.yaml',
          code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  creationTimestamp: null\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n          ports: [{containerPort: 8080, name: http}]\n          resources:\n            requests: {cpu: 0.5, memory: 64Mi}\n          livenessProbe:\n            httpGet: {port: http, path: /healthz}\n',
        },
      ],
    },
  },
  check(context) {
    const schemas = schemasFor(versionOf(context.settings));
    let localCrds: Map<string, CrdVersion[]> | null = null;
    for (const object of context.k8s.objects) {
      const builtin = schemas.forKind(object.apiVersion, object.kind);
      let problems: SchemaProblem[];
      if (builtin) problems = builtin(object.value);
      else {
        // Built-in groups without this version are the deprecated-api rule's; custom resources need a CRD.
        if (isBuiltin(object)) continue;
        localCrds ??= crdSchemas(context.k8s.objects);
        const candidates = localCrds.get(`${object.apiVersion}/${object.kind}`);
        if (!candidates) continue;
        problems = crdProblems(schemas, candidates, object.value).problems;
      }
      for (const problem of problems) {
        if (problem.code === 'unknown-field' && !context.options.strict) continue;
        context.reportAt(object, problem.path, { part: problem.part, message: problem.message });
      }
    }
  },
  checkProject(context) {
    const { index } = context;
    const crds = crdSchemas([...index.ofKind('CustomResourceDefinition')]);
    const unknownKinds = new Map<string, { object: K8sObject; count: number }>();
    for (const object of index.objects) {
      if (isBuiltin(object)) continue;
      const schemas = schemasFor(versionOf(index.settingsOf(object)));
      if (schemas.forKind(object.apiVersion, object.kind)) continue;
      const candidates = crds.get(`${object.apiVersion}/${object.kind}`);
      if (candidates) {
        // Validated by `check` when a CRD of the kind is in the object's own file.
        if (candidates.some((candidate) => candidate.crd.file === object.file)) continue;
        const { problems, crd } = crdProblems(schemas, candidates, object.value);
        for (const problem of problems) {
          if (problem.code === 'unknown-field' && !context.options.strict) continue;
          context.reportAt(object, problem.path, {
            part: problem.part,
            message: problem.message,
            related: [context.relatedAt(crd, ['spec', 'names', 'kind'], `the CustomResourceDefinition of ${object.kind}`)],
          });
        }
        continue;
      }
      const key = `${object.apiVersion}/${object.kind}`;
      const first = unknownKinds.get(key);
      if (first) first.count++;
      else unknownKinds.set(key, { object, count: 1 });
    }
    for (const { object, count } of unknownKinds.values()) {
      context.reportAt(object, 'kind', {
        severity: 'info',
        message: `No schema for ${object.kind} (${object.apiVersion}): ${count === 1 ? 'it is' : `its ${count} objects are`} not validated. Lint its CustomResourceDefinition along with it, or add the CRD's folder to the \`crdDirectories\` option of k8s/schema.`,
      });
    }
  },
});
