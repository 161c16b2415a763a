import { defineK8sRule } from '../../../core/rule.js';
import { podSpecOf } from '../../../k8s/workloads.js';
import { deployment } from './snippets.js';

export default defineK8sRule({
  meta: {
    id: 'k8s/default-service-account',
    title: 'Pod uses the default service account',
    severity: 'info',
    category: 'security',
    rationale:
      'Every pod in a namespace that names no service account shares `default`, so a permission granted to one of them is granted to all. Give each workload its own ServiceAccount and bind only what it needs. Off by default, as in kube-linter.',
    aliases: { 'kube-linter': ['default-service-account'] },
    recommended: false,
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ filename: 'deploy.yaml', code: deployment('containers:\n  - name: web\n    image: nginx:1.27\n') }],
      good: [{ filename: 'deploy.yaml', code: deployment('serviceAccountName: web\ncontainers:\n  - name: web\n    image: nginx:1.27\n') }],
    },
  },
  check(context) {
    for (const object of context.k8s.objects) {
      const pod = podSpecOf(object);
      if (!pod) continue;
      const name = pod.spec.serviceAccountName ?? pod.spec.serviceAccount;
      if (name !== undefined && name !== null && name !== '' && name !== 'default') continue;
      const field = pod.spec.serviceAccountName !== undefined ? 'serviceAccountName' : pod.spec.serviceAccount !== undefined ? 'serviceAccount' : null;
      context.reportAt(object, field ? [...pod.path, field] : pod.path, {
        part: field ? 'value' : 'key',
        message: `${object.kind}${object.name ? ` "${object.name}"` : ''} runs as the namespace's default service account: create a ServiceAccount for it and set serviceAccountName.`,
      });
    }
  },
});
