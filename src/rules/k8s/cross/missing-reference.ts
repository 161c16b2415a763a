import { defineK8sProjectRule } from '../../../core/project.js';
import type { PathSegment } from '../../../k8s/model.js';
import { asRecord, isPlainObject } from '../../../k8s/values.js';
import { containersOf, podSpecOf } from '../../../k8s/workloads.js';
import { COMPLETENESS_DEFAULTS, COMPLETENESS_NOTE, shouldCheck, type CompletenessOptions } from './common.js';

type ReferencedKind = 'ServiceAccount' | 'ConfigMap' | 'Secret' | 'PersistentVolumeClaim';

interface Reference {
  kind: ReferencedKind;
  name: string;
  path: PathSegment[];
}

interface Options extends CompletenessOptions {
  /** The kinds whose references are checked. Secrets are left out by default: they are usually created outside the repository (kubectl create secret, sealed or external secrets). */
  kinds: ReferencedKind[];
}

/** Every name a pod spec takes from another object, except optional ones and the default ServiceAccount. */
function referencesOf(podPath: PathSegment[], spec: Record<string, unknown>, containers: ReturnType<typeof containersOf>): Reference[] {
  const out: Reference[] = [];
  const add = (kind: ReferencedKind, name: unknown, path: PathSegment[], optional?: unknown) => {
    if (typeof name === 'string' && name !== '' && optional !== true) out.push({ kind, name, path });
  };
  const account = spec.serviceAccountName ?? spec.serviceAccount;
  if (account !== 'default') add('ServiceAccount', account, [...podPath, spec.serviceAccountName !== undefined ? 'serviceAccountName' : 'serviceAccount']);
  (Array.isArray(spec.imagePullSecrets) ? spec.imagePullSecrets : []).forEach((ref, i) => add('Secret', asRecord(ref)?.name, [...podPath, 'imagePullSecrets', i, 'name']));
  (Array.isArray(spec.volumes) ? spec.volumes : []).forEach((volume, i) => {
    if (!isPlainObject(volume)) return;
    const at = (...rest: PathSegment[]) => [...podPath, 'volumes', i, ...rest];
    const configMap = asRecord(volume.configMap);
    if (configMap) add('ConfigMap', configMap.name, at('configMap', 'name'), configMap.optional);
    const secret = asRecord(volume.secret);
    if (secret) add('Secret', secret.secretName, at('secret', 'secretName'), secret.optional);
    const claim = asRecord(volume.persistentVolumeClaim);
    if (claim) add('PersistentVolumeClaim', claim.claimName, at('persistentVolumeClaim', 'claimName'));
    const sources = asRecord(volume.projected)?.sources;
    (Array.isArray(sources) ? sources : []).forEach((source, j) => {
      const projectedConfigMap = asRecord(asRecord(source)?.configMap);
      if (projectedConfigMap) add('ConfigMap', projectedConfigMap.name, at('projected', 'sources', j, 'configMap', 'name'), projectedConfigMap.optional);
      const projectedSecret = asRecord(asRecord(source)?.secret);
      if (projectedSecret) add('Secret', projectedSecret.name, at('projected', 'sources', j, 'secret', 'name'), projectedSecret.optional);
    });
  });
  for (const container of containers) {
    (Array.isArray(container.value.env) ? container.value.env : []).forEach((env, i) => {
      const from = asRecord(asRecord(env)?.valueFrom);
      const configMapRef = asRecord(from?.configMapKeyRef);
      if (configMapRef) add('ConfigMap', configMapRef.name, [...container.path, 'env', i, 'valueFrom', 'configMapKeyRef', 'name'], configMapRef.optional);
      const secretRef = asRecord(from?.secretKeyRef);
      if (secretRef) add('Secret', secretRef.name, [...container.path, 'env', i, 'valueFrom', 'secretKeyRef', 'name'], secretRef.optional);
    });
    (Array.isArray(container.value.envFrom) ? container.value.envFrom : []).forEach((source, i) => {
      const configMapRef = asRecord(asRecord(source)?.configMapRef);
      if (configMapRef) add('ConfigMap', configMapRef.name, [...container.path, 'envFrom', i, 'configMapRef', 'name'], configMapRef.optional);
      const secretRef = asRecord(asRecord(source)?.secretRef);
      if (secretRef) add('Secret', secretRef.name, [...container.path, 'envFrom', i, 'secretRef', 'name'], secretRef.optional);
    });
  }
  return out;
}

const POD = (account: string, configMap: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  serviceAccountName: ${account}\n  containers:\n    - name: web\n      image: nginx:1.27\n      envFrom:\n        - configMapRef: {name: ${configMap}}\n`;
const DEFINED = '---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: web\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-config\n';

export default defineK8sProjectRule<Options>({
  meta: {
    id: 'k8s/missing-referenced-object',
    title: 'Pod references a ServiceAccount, ConfigMap, Secret or PVC that the input does not define',
    severity: 'warning',
    category: 'correctness',
    rationale:
      'A pod whose ServiceAccount, ConfigMap, Secret, image pull Secret or PersistentVolumeClaim does not exist is not created (ServiceAccount), or stays in ContainerCreating / CreateContainerConfigError. References marked `optional: true` and the default ServiceAccount are not checked; Secrets only when `kinds` lists them, since they are usually created outside the repository.' +
      COMPLETENESS_NOTE,
    aliases: { 'kube-linter': ['non-existent-service-account', 'env-value-from'] },
    fixable: false,
    defaultOptions: { ...COMPLETENESS_DEFAULTS, kinds: ['ServiceAccount', 'ConfigMap', 'PersistentVolumeClaim'] },
    examples: {
      bad: [{ filename: 'app.yaml', code: POD('web', 'web-conf') + DEFINED }, { filename: 'app.yaml', code: POD('api', 'web-config') + DEFINED }],
      good: [{ filename: 'app.yaml', code: POD('web', 'web-config') + DEFINED }, { filename: 'pod.yaml', code: POD('web', 'web-config') }],
    },
  },
  checkProject(context) {
    const { index } = context;
    const kinds = new Set(context.options.kinds);
    for (const object of index.objects) {
      const pod = podSpecOf(object);
      if (!pod) continue;
      for (const reference of referencesOf(pod.path, pod.spec, containersOf(object))) {
        if (!kinds.has(reference.kind) || !shouldCheck(index, reference.kind, object, object.namespace, context.options)) continue;
        if (index.find(reference.kind, reference.name, object.namespace).some((found) => found.apiVersion === 'v1')) continue;
        context.reportAt(object, reference.path, {
          message: `${reference.kind} "${reference.name}" is not defined${object.namespace ? ` in namespace "${object.namespace}"` : ''}, though the input defines other ${reference.kind}s there.`,
        });
      }
    }
  },
});
