import { defineK8sRule } from '../../../core/rule.js';
import { asRecord } from '../../../k8s/values.js';
import { isRbacObject, roleLabel } from './rbac.js';

export default defineK8sRule({
  meta: {
    id: 'k8s/rbac-cluster-admin-binding',
    title: 'Binding to cluster-admin',
    severity: 'warning',
    category: 'security',
    rationale:
      '`cluster-admin` can do anything to any object in any namespace. A subject bound to it, above all a workload\'s ServiceAccount, turns any compromise of that subject into control of the whole cluster (CIS Benchmark 5.1.1). Bind a role with only the permissions needed.',
    aliases: {
      'kube-linter': ['cluster-admin-role-binding'],
      polaris: ['clusterrolebindingClusterAdmin', 'rolebindingClusterAdminClusterRole'],
      trivy: ['KSV-0111', 'KSV111'],
    },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ filename: 'binding.yaml', code: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: app-admin\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: cluster-admin\nsubjects:\n  - {kind: ServiceAccount, name: app, namespace: shop}\n' }],
      good: [{ filename: 'binding.yaml', code: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: app-view\n  namespace: shop\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: view\nsubjects:\n  - {kind: ServiceAccount, name: app, namespace: shop}\n' }],
    },
  },
  check(context) {
    for (const object of context.k8s.objects) {
      if (!isRbacObject(object, ['ClusterRoleBinding', 'RoleBinding'])) continue;
      const ref = asRecord(object.value.roleRef);
      if (ref?.kind !== 'ClusterRole' || ref.name !== 'cluster-admin') continue;
      context.reportAt(object, ['roleRef', 'name'], {
        message: `${roleLabel(object)} grants cluster-admin${object.kind === 'RoleBinding' ? ' within its namespace' : ' over the whole cluster'}: bind a role with only the permissions needed.`,
      });
    }
  },
});
