import { defineK8sRule } from '../../../core/rule.js';
import { containersOf } from '../../../k8s/workloads.js';
import { pod } from './snippets.js';
import { containerLabel, recordsOf } from './support.js';

export default defineK8sRule({
  meta: {
    id: 'k8s/ssh-port',
    title: 'Container exposes port 22 (SSH)',
    severity: 'warning',
    category: 'security',
    rationale:
      'An SSH server in a container is a second way in that bypasses the API server\'s authentication, RBAC and audit log, and its keys are one more secret to leak. Use `kubectl exec` or an ephemeral debug container instead.',
    aliases: { 'kube-linter': ['ssh-port'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: app:1.0\n    ports:\n      - {name: ssh, containerPort: 22}\n') }],
      good: [{ filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: app:1.0\n    ports:\n      - {name: http, containerPort: 8080}\n') }],
    },
  },
  check(context) {
    for (const object of context.k8s.objects) {
      for (const container of containersOf(object)) {
        for (const { item, index } of recordsOf(container.value.ports)) {
          if (item.containerPort !== 22) continue;
          context.reportAt(object, [...container.path, 'ports', index, 'containerPort'], {
            message: `${containerLabel(container)} exposes port 22, the SSH port: use kubectl exec or a debug container instead of an SSH server.`,
          });
        }
      }
    }
  },
});
