import { defineK8sRule } from '../../../core/rule.js';
import { policyRules, role, roleLabel } from './rbac.js';

const SUBRESOURCES = ['pods/exec', 'pods/attach', 'pods/*'];

export default defineK8sRule({
  meta: {
    id: 'k8s/rbac-pod-exec',
    title: 'Role can exec into or attach to pods',
    severity: 'warning',
    category: 'security',
    rationale:
      '`pods/exec` and `pods/attach` give a shell in running containers, with their tokens, Secrets and network access, outside anything the application logs. Keep them for break-glass roles.',
    aliases: { polaris: ['clusterrolePodExecAttach', 'rolePodExecAttach'], checkov: ['CKV2_K8S_2'], trivy: ['KSV-0053', 'KSV053'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ filename: 'role.yaml', code: role('  - apiGroups: [""]\n    resources: [pods, pods/exec]\n    verbs: [get, create]\n', 'Role') }],
      good: [{ filename: 'role.yaml', code: role('  - apiGroups: [""]\n    resources: [pods, pods/log]\n    verbs: [get, list]\n', 'Role') }],
    },
  },
  check(context) {
    for (const object of context.k8s.objects) {
      for (const rule of policyRules(object)) {
        if (!(rule.apiGroups.includes('') || rule.apiGroups.includes('*'))) continue;
        if (!rule.verbs.some((verb) => verb === 'create' || verb === 'get' || verb === '*')) continue;
        const index = rule.resources.findIndex((resource) => SUBRESOURCES.includes(resource));
        if (index < 0) continue;
        context.reportAt(object, [...rule.path, 'resources', index], {
          message: `${roleLabel(object)} grants ${rule.resources[index]}: a shell in running containers, with their credentials.`,
        });
      }
    }
  },
});
