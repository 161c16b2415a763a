import { defineK8sRule } from '../../../core/rule.js';
import { grants, policyRules, role, roleLabel } from './rbac.js';

const VERBS = ['get', 'list', 'watch'];

export default defineK8sRule({
  meta: {
    id: 'k8s/rbac-secrets-access',
    title: 'Role can read Secrets',
    severity: 'info',
    category: 'security',
    rationale:
      'Reading Secrets yields every credential in their namespace, service account tokens included, and `list`/`watch` yield all of them at once even with `resourceNames` (CIS Benchmark 5.1.2). Grant it only where needed, to named Secrets with `get`. Off by default, as in kube-linter: controllers legitimately need it.',
    aliases: { 'kube-linter': ['access-to-secrets'], checkov: ['CKV2_K8S_5'], trivy: ['KSV-0041', 'KSV041', 'KSV-0113', 'KSV113'] },
    recommended: false,
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ filename: 'role.yaml', code: role('  - apiGroups: [""]\n    resources: [secrets]\n    verbs: [list, watch]\n', 'Role') }],
      good: [{ filename: 'role.yaml', code: role('  - apiGroups: [""]\n    resources: [configmaps]\n    verbs: [get, list]\n', 'Role') }],
    },
  },
  check(context) {
    for (const object of context.k8s.objects) {
      for (const rule of policyRules(object)) {
        if (!grants(rule, 'secrets', VERBS)) continue;
        // `get` on named Secrets is the narrow grant the rule recommends.
        if (rule.resourceNames.length > 0 && !rule.verbs.some((v) => v === 'list' || v === 'watch' || v === '*')) continue;
        context.reportAt(object, [...rule.path, 'resources'], {
          part: 'key',
          message: `${roleLabel(object)} can read Secrets (${rule.verbs.join(', ')}): restrict it to named Secrets with get, or remove it.`,
        });
      }
    }
  },
});
