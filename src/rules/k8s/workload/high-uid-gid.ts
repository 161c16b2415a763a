import { defineK8sRule } from '../../../core/rule.js';
import { asRecord } from '../../../k8s/values.js';
import { containersOf } from '../../../k8s/workloads.js';
import { pod } from './snippets.js';
import { containerAnchor, containerLabel } from './support.js';

interface Options {
  minId: number;
}

export default defineK8sRule<Options>({
  meta: {
    id: 'k8s/high-uid-gid',
    title: 'User or group id below 10000',
    severity: 'info',
    category: 'security',
    rationale:
      'Low user and group ids overlap the node\'s own accounts: a process that escapes its container as uid 1000 is the node\'s first real user. Running as ids of 10000 and above (`minId`) keeps container users apart from host users. Off by default: it matters only where user namespaces are not in use, and the threshold is a convention (kube-score, Checkov, Trivy).',
    aliases: { 'kube-score': ['container-security-context-user-group-id'], checkov: ['CKV_K8S_40'], trivy: ['KSV-0020', 'KSV020', 'KSV-0021', 'KSV021'] },
    recommended: false,
    fixable: false,
    defaultOptions: { minId: 10000 },
    examples: {
      bad: [{ filename: 'pod.yaml', code: pod('securityContext:\n  runAsUser: 1000\n  runAsGroup: 1000\ncontainers:\n  - name: web\n    image: app:1.0\n') }],
      good: [{ filename: 'pod.yaml', code: pod('securityContext:\n  runAsUser: 10001\n  runAsGroup: 10001\ncontainers:\n  - name: web\n    image: app:1.0\n') }],
    },
  },
  check(context) {
    const { minId } = context.options;
    for (const object of context.k8s.objects) {
      for (const container of containersOf(object)) {
        const podContext = asRecord(container.pod.spec.securityContext);
        const own = asRecord(container.value.securityContext);
        for (const field of ['runAsUser', 'runAsGroup'] as const) {
          const source = own?.[field] !== undefined ? container.path : podContext?.[field] !== undefined ? container.pod.path : null;
          const id = own?.[field] ?? podContext?.[field];
          const what = field === 'runAsUser' ? 'user' : 'group';
          if (typeof id === 'number' && id >= minId) continue;
          if (source && typeof id === 'number') {
            context.reportAt(object, [...source, 'securityContext', field], { message: `${containerLabel(container)} runs with ${what} id ${id}, below ${minId}: use an id of ${minId} or more.` });
          } else if (!source) {
            const at = containerAnchor(container);
            context.reportAt(object, at.path, { part: at.part, message: `${containerLabel(container)} sets no ${field}: run it as a ${what} id of ${minId} or more.` });
          }
        }
      }
    }
  },
});
