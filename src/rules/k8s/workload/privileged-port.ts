import { defineK8sRule } from '../../../core/rule.js';
import { containersOf } from '../../../k8s/workloads.js';
import { pod } from './snippets.js';
import { containerLabel, recordsOf } from './support.js';

export default defineK8sRule({
  meta: {
    id: 'k8s/privileged-port',
    title: 'Container listens on a privileged port',
    severity: 'info',
    category: 'security',
    rationale:
      'Ports below 1024 need NET_BIND_SERVICE or root inside the container. Listen on a high port and let the Service map 80 or 443 to it; the container can then drop every capability. Off by default, as in kube-linter.',
    aliases: { 'kube-linter': ['privileged-ports'], trivy: ['KSV-0117', 'KSV117'] },
    recommended: false,
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: nginx:1.27\n    ports:\n      - containerPort: 80\n') }],
      good: [{ filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: nginx:1.27\n    ports:\n      - containerPort: 8080\n') }],
    },
  },
  check(context) {
    for (const object of context.k8s.objects) {
      for (const container of containersOf(object)) {
        for (const { item, index } of recordsOf(container.value.ports)) {
          const port = item.containerPort;
          if (typeof port !== 'number' || port <= 0 || port >= 1024) continue;
          context.reportAt(object, [...container.path, 'ports', index, 'containerPort'], {
            message: `${containerLabel(container)} listens on privileged port ${port}: use a port of 1024 or above and map it in the Service.`,
          });
        }
      }
    }
  },
});
