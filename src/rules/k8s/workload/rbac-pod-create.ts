import { defineK8sRule } from '../../../core/rule.js';
import { grants, policyRules, role, roleLabel } from './rbac.js';

export default defineK8sRule({
  meta: {
    id: 'k8s/rbac-pod-create',
    title: 'Role can create pods',
    severity: 'info',
    category: 'security',
    rationale:
      'Whoever can create a pod can run it with any service account of the namespace and mount any of its Secrets, so `create` on pods is as strong as the strongest of them (CIS Benchmark 5.1.4). Off by default, as in kube-linter: deployment tooling needs it.',
    aliases: { 'kube-linter': ['access-to-create-pods'], trivy: ['KSV-0048', 'KSV048'] },
    recommended: false,
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ filename: 'role.yaml', code: role('  - apiGroups: [""]\n    resources: [pods]\n    verbs: [create, delete]\n', 'Role') }],
      good: [{ filename: 'role.yaml', code: role('  - apiGroups: [""]\n    resources: [pods]\n    verbs: [get, list, watch]\n', 'Role') }],
    },
  },
  check(context) {
    for (const object of context.k8s.objects) {
      for (const rule of policyRules(object)) {
        if (!grants(rule, 'pods', ['create'])) continue;
        context.reportAt(object, [...rule.path, 'verbs'], { part: 'key', message: `${roleLabel(object)} can create pods, and with them use any service account and Secret of the namespace.` });
      }
    }
  },
});
