import { defineK8sRule } from '../../../core/rule.js';
import type { K8sObject } from '../../../k8s/model.js';
import { kindDefinition, minorOf, resolveSchemaVersion, sameKindSchema, schemaVersions } from '../../../k8s/schema/data.js';

/** One deprecated apiVersion of some kinds, from Kubernetes' deprecated API migration guide. */
export interface ApiDeprecation {
  apiVersion: string;
  kinds: readonly string[];
  /** Minor version that deprecated it, when announced. */
  deprecatedIn: number | null;
  /** Minor version that stopped serving it. */
  removedIn: number;
  /** Where to move; null when there is no successor (PodSecurityPolicy). */
  replacement: string | null;
  /**
   * The move is a rename only (same schema and defaults), so the fix changes
   * the apiVersion. Checked against the shipped schemas where both versions
   * exist in one of them (test/rules-k8s-api.test.ts).
   */
  sameSchema: boolean;
}

const d = (apiVersion: string, kinds: string[], deprecatedIn: number | null, removedIn: number, replacement: string | null, sameSchema = false): ApiDeprecation => ({
  apiVersion,
  kinds,
  deprecatedIn,
  removedIn,
  replacement,
  sameSchema,
});

// https://kubernetes.io/docs/reference/using-api/deprecation-guide/ (removals from 1.25 on are also
// visible in the shipped OpenAPI specs; the test checks that the two agree).
export const API_DEPRECATIONS: readonly ApiDeprecation[] = [
  d('extensions/v1beta1', ['Deployment', 'DaemonSet', 'ReplicaSet'], 9, 16, 'apps/v1'),
  d('extensions/v1beta1', ['NetworkPolicy'], 9, 16, 'networking.k8s.io/v1'),
  d('extensions/v1beta1', ['PodSecurityPolicy'], 10, 16, 'policy/v1beta1'),
  d('extensions/v1beta1', ['Ingress'], 14, 22, 'networking.k8s.io/v1'),
  d('apps/v1beta1', ['Deployment', 'StatefulSet', 'ReplicaSet', 'DaemonSet', 'ControllerRevision'], 9, 16, 'apps/v1'),
  d('apps/v1beta2', ['Deployment', 'StatefulSet', 'ReplicaSet', 'DaemonSet', 'ControllerRevision'], 9, 16, 'apps/v1'),
  d('networking.k8s.io/v1beta1', ['Ingress'], 19, 22, 'networking.k8s.io/v1'),
  d('networking.k8s.io/v1beta1', ['IngressClass'], 19, 22, 'networking.k8s.io/v1', true),
  d('admissionregistration.k8s.io/v1beta1', ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'], 16, 22, 'admissionregistration.k8s.io/v1'),
  d('apiextensions.k8s.io/v1beta1', ['CustomResourceDefinition'], 16, 22, 'apiextensions.k8s.io/v1'),
  d('apiregistration.k8s.io/v1beta1', ['APIService'], 19, 22, 'apiregistration.k8s.io/v1', true),
  d('authentication.k8s.io/v1beta1', ['TokenReview'], 19, 22, 'authentication.k8s.io/v1', true),
  d('authorization.k8s.io/v1beta1', ['SubjectAccessReview', 'LocalSubjectAccessReview', 'SelfSubjectAccessReview'], 19, 22, 'authorization.k8s.io/v1'),
  d('certificates.k8s.io/v1beta1', ['CertificateSigningRequest'], 19, 22, 'certificates.k8s.io/v1'),
  d('coordination.k8s.io/v1beta1', ['Lease'], 19, 22, 'coordination.k8s.io/v1', true),
  d('rbac.authorization.k8s.io/v1beta1', ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'], 17, 22, 'rbac.authorization.k8s.io/v1', true),
  d('scheduling.k8s.io/v1beta1', ['PriorityClass'], 14, 22, 'scheduling.k8s.io/v1', true),
  d('storage.k8s.io/v1beta1', ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'], 19, 22, 'storage.k8s.io/v1'),
  d('batch/v1beta1', ['CronJob'], 21, 25, 'batch/v1'),
  d('discovery.k8s.io/v1beta1', ['EndpointSlice'], 21, 25, 'discovery.k8s.io/v1'),
  d('events.k8s.io/v1beta1', ['Event'], 19, 25, 'events.k8s.io/v1', true),
  d('autoscaling/v2beta1', ['HorizontalPodAutoscaler'], 22, 25, 'autoscaling/v2'),
  d('policy/v1beta1', ['PodDisruptionBudget'], 21, 25, 'policy/v1', true),
  d('policy/v1beta1', ['PodSecurityPolicy'], 21, 25, null),
  d('node.k8s.io/v1beta1', ['RuntimeClass'], 20, 25, 'node.k8s.io/v1', true),
  d('autoscaling/v2beta2', ['HorizontalPodAutoscaler'], 23, 26, 'autoscaling/v2'),
  d('flowcontrol.apiserver.k8s.io/v1beta1', ['FlowSchema', 'PriorityLevelConfiguration'], 23, 26, 'flowcontrol.apiserver.k8s.io/v1'),
  d('storage.k8s.io/v1beta1', ['CSIStorageCapacity'], 24, 27, 'storage.k8s.io/v1', true),
  d('flowcontrol.apiserver.k8s.io/v1beta2', ['FlowSchema', 'PriorityLevelConfiguration'], 26, 29, 'flowcontrol.apiserver.k8s.io/v1'),
  d('flowcontrol.apiserver.k8s.io/v1beta3', ['FlowSchema'], 29, 32, 'flowcontrol.apiserver.k8s.io/v1', true),
  // Same schema, but in v1 an explicit nominalConcurrencyShares: 0 stays 0 instead of becoming 30.
  d('flowcontrol.apiserver.k8s.io/v1beta3', ['PriorityLevelConfiguration'], 29, 32, 'flowcontrol.apiserver.k8s.io/v1'),
];

interface Options {
  /** Also report apiVersions that are deprecated but still served by the target version. */
  reportDeprecated: boolean;
}

interface Verdict {
  removedIn: number | null;
  deprecatedIn: number | null;
  replacement: string | null;
  sameSchema: boolean;
}

const tableByKey = new Map(API_DEPRECATIONS.flatMap((entry) => entry.kinds.map((kind) => [`${entry.apiVersion}/${kind}`, entry] as const)));

/**
 * Beta versions that the shipped specs stopped serving but the table does not
 * list: removed in the first shipped minor without them, replaced by the
 * newest non-alpha version of the kind in the target version.
 */
function fromSpecs(object: K8sObject, target: string): Verdict | null {
  if (!/\/v\d+beta\d+$/.test(object.apiVersion) || kindDefinition(target, object.apiVersion, object.kind)) return null;
  const versions = schemaVersions();
  const last = versions.slice(0, versions.indexOf(target)).reverse().find((v) => kindDefinition(v, object.apiVersion, object.kind));
  if (!last) return null;
  const group = object.apiVersion.slice(0, object.apiVersion.indexOf('/'));
  const successor = ['v1', 'v2', 'v1beta3', 'v1beta2', 'v1beta1'].map((v) => `${group}/${v}`).find((apiVersion) => kindDefinition(target, apiVersion, object.kind)) ?? null;
  return { removedIn: Number(last.split('.')[1]) + 1, deprecatedIn: null, replacement: successor, sameSchema: successor ? sameKindSchema(object.apiVersion, successor, object.kind) === true : false };
}

export default defineK8sRule<Options>({
  meta: {
    id: 'k8s/deprecated-api-version',
    title: 'Deprecated or removed apiVersion',
    severity: 'error',
    category: 'correctness',
    rationale:
      'Kubernetes stops serving beta API versions a few releases after their replacement goes GA: the apply fails on a cluster of the target version (`settings.kubernetesVersion`, default the newest shipped), usually during an upgrade. Move to the replacement apiVersion; where it is only a rename (PodDisruptionBudget policy/v1beta1 → policy/v1, IngressClass, RBAC, PriorityClass…) the fix does it.',
    aliases: { 'kube-linter': ['no-extensions-v1beta'], 'kube-score': ['stable-version'], trivy: ['KSV-0107', 'KSV107'] },
    fixable: true,
    defaultOptions: { reportDeprecated: true },
    examples: {
      bad: [
        {
          filename: 'pdb.yaml',
          code: 'apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  minAvailable: 1\n  selector:\n    matchLabels: {app: web}\n',
          output: 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  minAvailable: 1\n  selector:\n    matchLabels: {app: web}\n',
        },
        { filename: 'deploy.yaml', code: 'apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata:\n  name: web\n' },
      ],
      good: [
        { filename: 'pdb.yaml', code: 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  minAvailable: 1\n  selector:\n    matchLabels: {app: web}\n' },
        { filename: 'cj.yaml', code: 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: nightly\n' },
      ],
    },
  },
  check(context) {
    const target = resolveSchemaVersion(context.settings.kubernetesVersion);
    const targetMinor = minorOf(context.settings.kubernetesVersion) ?? Number(target.split('.')[1]);
    for (const object of context.k8s.objects) {
      const entry = tableByKey.get(`${object.apiVersion}/${object.kind}`);
      const verdict: Verdict | null = entry ?? fromSpecs(object, target);
      if (!verdict) continue;
      const removed = verdict.removedIn !== null && targetMinor >= verdict.removedIn;
      if (!removed && !(context.options.reportDeprecated && verdict.deprecatedIn !== null && targetMinor >= verdict.deprecatedIn)) continue;
      const move = verdict.replacement ? `use ${verdict.replacement}` : 'it has no replacement (use Pod Security Admission)';
      const status = removed
        ? `was removed in Kubernetes 1.${verdict.removedIn}${verdict.deprecatedIn ? ` (deprecated since 1.${verdict.deprecatedIn})` : ''}`
        : `is deprecated since Kubernetes 1.${verdict.deprecatedIn} and removed in 1.${verdict.removedIn}`;
      const location = object.locate('apiVersion');
      const canFix = verdict.sameSchema && verdict.replacement !== null && location.exact && location.node?.kind === 'scalar' && !location.node.alias;
      context.reportAt(object, 'apiVersion', {
        message: `${object.kind} ${object.apiVersion} ${status}; ${move}.`,
        severity: removed ? undefined : 'warning',
        fix: canFix
          ? {
              description: `Change apiVersion to ${verdict.replacement}`,
              edits: [{ span: location.node!.span, text: verdict.replacement! }],
            }
          : undefined,
      });
    }
  },
});

