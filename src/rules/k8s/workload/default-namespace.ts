import { defineK8sRule } from '../../../core/rule.js';
import { asRecord } from '../../../k8s/values.js';
import { CLUSTER_SCOPED_KINDS } from './cluster-scoped.js';
import { objectLabel } from './support.js';

export default defineK8sRule({
  meta: {
    id: 'k8s/default-namespace',
    title: 'Object in the default namespace',
    severity: 'info',
    category: 'maintainability',
    rationale:
      'Objects that name no namespace land wherever `kubectl` points, usually `default`, where everything shares one set of RBAC rules, quotas and network policies (CIS Benchmark 5.7.1, 5.7.4). Give each application its own namespace. Off by default: many manifests leave the namespace to `kubectl -n` or kustomize on purpose.',
    aliases: { 'kube-linter': ['use-namespace'], checkov: ['CKV_K8S_21'], trivy: ['KSV-0110', 'KSV110'] },
    recommended: false,
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [
        { filename: 'cm.yaml', code: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n  namespace: default\ndata: {}\n' },
        { filename: 'cm.yaml', code: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\ndata: {}\n' },
      ],
      good: [
        { filename: 'cm.yaml', code: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n  namespace: shop\ndata: {}\n' },
        { filename: 'ns.yaml', code: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n' },
      ],
    },
  },
  check(context) {
    for (const object of context.k8s.objects) {
      if (CLUSTER_SCOPED_KINDS.has(object.kind)) continue;
      const namespace = asRecord(object.value.metadata)?.namespace;
      if (namespace !== undefined && namespace !== null && namespace !== '' && namespace !== 'default') continue;
      const explicit = namespace === 'default';
      context.reportAt(object, explicit ? ['metadata', 'namespace'] : ['metadata'], {
        part: explicit ? 'value' : 'key',
        message: `${objectLabel(object)} ${explicit ? 'is in' : 'names no namespace, so it lands in'} the default namespace: give the application its own.`,
      });
    }
  },
});
