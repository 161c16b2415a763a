import { defineK8sRule } from '../../../core/rule.js';
import { asRecord } from '../../../k8s/values.js';
import { recordsOf } from './support.js';
import { isRbacObject, roleLabel } from './rbac.js';

/** Subjects that stand for everyone, or for everyone with any credential, and who they are. */
const PUBLIC_SUBJECTS: Readonly<Record<string, string>> = {
  'Group/system:unauthenticated': 'every request without credentials',
  'User/system:anonymous': 'every request without credentials',
  'Group/system:authenticated': 'everyone with any valid credential, including every service account token in the cluster',
};

/** ClusterRoles the API server itself binds to these groups (bootstrap policy): binding them again grants nothing new. */
const DEFAULT_PUBLIC_ROLES: ReadonlySet<string> = new Set(['system:basic-user', 'system:discovery', 'system:public-info-viewer']);

export default defineK8sRule({
  meta: {
    id: 'k8s/rbac-public-group-binding',
    title: 'Role bound to anonymous or all authenticated users',
    severity: 'warning',
    category: 'security',
    rationale:
      'A binding whose subject is `system:anonymous`, `system:unauthenticated` or `system:authenticated` grants its role to anyone who can reach the API server, or to anyone holding any credential at all: every pod\'s service account token, and on some managed clusters any account of the cloud provider. Such bindings were behind several real cluster takeovers. Bind the role to the users, groups or service accounts that need it. Re-binding the roles Kubernetes itself grants to these groups (`system:basic-user`, `system:discovery`, `system:public-info-viewer`) is not reported.',
    aliases: { trivy: ['KSV-0122', 'KSV122', 'KSV-0123', 'KSV123', 'KSV-01011', 'KSV01011'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [
        {
          filename: 'binding.yaml',
          code: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: metrics-readers\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: metrics-reader\nsubjects:\n  - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: system:authenticated}\n',
        },
      ],
      good: [
        {
          filename: 'binding.yaml',
          code: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: metrics-readers\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: metrics-reader\nsubjects:\n  - {kind: ServiceAccount, name: prometheus, namespace: monitoring}\n',
        },
      ],
    },
  },
  check(context) {
    for (const object of context.k8s.objects) {
      if (!isRbacObject(object, ['ClusterRoleBinding', 'RoleBinding'])) continue;
      const role = asRecord(object.value.roleRef)?.name;
      if (typeof role === 'string' && DEFAULT_PUBLIC_ROLES.has(role)) continue;
      for (const { item, index } of recordsOf(object.value.subjects)) {
        const subject = `${String(item.kind)}/${String(item.name)}`;
        if (!Object.hasOwn(PUBLIC_SUBJECTS, subject)) continue;
        const who = PUBLIC_SUBJECTS[subject];
        context.reportAt(object, ['subjects', index, 'name'], {
          message: `${roleLabel(object)} grants ${typeof role === 'string' ? `role "${role}"` : 'its role'} to ${String(item.name)}, that is to ${who}: bind it to the subjects that need it.`,
        });
      }
    }
  },
});
