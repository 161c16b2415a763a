import { defineK8sRule } from '../../../core/rule.js';
import { policyRules, role, roleLabel } from './rbac.js';

const VERBS: Record<string, string> = {
  escalate: 'grant itself permissions it does not have by editing roles',
  bind: 'bind roles with permissions it does not have',
  impersonate: 'act as other users, groups or service accounts',
};

export default defineK8sRule({
  meta: {
    id: 'k8s/rbac-escalation-verbs',
    title: 'Role can escalate, bind or impersonate',
    severity: 'warning',
    category: 'security',
    rationale:
      'RBAC stops a subject from granting more than it holds, except through three verbs: `escalate` on roles, `bind` on roles and bindings, and `impersonate` on users, groups and service accounts. A subject with any of them can make itself cluster-admin.',
    aliases: { checkov: ['CKV_K8S_157', 'CKV_K8S_158', 'CKV2_K8S_3'], trivy: ['KSV-0043', 'KSV043', 'KSV-0050', 'KSV050', 'KSV-0051', 'KSV051', 'KSV-0052', 'KSV052'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ filename: 'role.yaml', code: role('  - apiGroups: [""]\n    resources: [serviceaccounts]\n    verbs: [impersonate]\n') }],
      good: [{ filename: 'role.yaml', code: role('  - apiGroups: [rbac.authorization.k8s.io]\n    resources: [roles, rolebindings]\n    verbs: [get, list]\n') }],
    },
  },
  check(context) {
    for (const object of context.k8s.objects) {
      for (const rule of policyRules(object)) {
        rule.verbs.forEach((verb, index) => {
          const what = Object.hasOwn(VERBS, verb) ? VERBS[verb] : undefined;
          if (!what) return;
          context.reportAt(object, [...rule.path, 'verbs', index], { message: `${roleLabel(object)} grants ${verb}: it can ${what}.` });
        });
      }
    }
  },
});
