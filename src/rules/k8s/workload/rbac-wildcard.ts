import { defineK8sRule } from '../../../core/rule.js';
import { policyRules, role, roleLabel } from './rbac.js';

export default defineK8sRule({
  meta: {
    id: 'k8s/rbac-wildcard',
    title: 'Wildcard in an RBAC rule',
    severity: 'warning',
    category: 'security',
    rationale:
      'A `*` in apiGroups, resources or verbs grants everything that exists now and everything added later: new CRDs, subresources, verbs like escalate and impersonate (CIS Benchmark 5.1.3). List what the subject needs.',
    aliases: { 'kube-linter': ['wildcard-in-rules'], checkov: ['CKV_K8S_49'], trivy: ['KSV-0044', 'KSV044', 'KSV-0045', 'KSV045', 'KSV-0046', 'KSV046', 'KSV-0112', 'KSV112'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ filename: 'role.yaml', code: role('  - apiGroups: [""]\n    resources: ["*"]\n    verbs: [get, list]\n') }],
      good: [{ filename: 'role.yaml', code: role('  - apiGroups: [""]\n    resources: [configmaps]\n    verbs: [get, list, watch]\n') }],
    },
  },
  check(context) {
    for (const object of context.k8s.objects) {
      for (const rule of policyRules(object)) {
        for (const field of ['apiGroups', 'resources', 'verbs'] as const) {
          const index = rule[field].indexOf('*');
          if (index < 0) continue;
          context.reportAt(object, [...rule.path, field, index], {
            message: `${roleLabel(object)} grants ${field === 'verbs' ? 'every verb' : field === 'resources' ? 'every resource' : 'every API group'} with "*": list what is needed.`,
          });
        }
      }
    }
  },
});
