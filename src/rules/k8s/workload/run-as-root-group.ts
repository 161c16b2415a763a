import { defineK8sRule } from '../../../core/rule.js';
import { asRecord } from '../../../k8s/values.js';
import { containersOf, podSpecOf } from '../../../k8s/workloads.js';
import { pod } from './snippets.js';
import { containerLabel } from './support.js';

export default defineK8sRule({
  meta: {
    id: 'k8s/run-as-root-group',
    title: 'Runs with the root group',
    severity: 'warning',
    category: 'security',
    rationale:
      'Group 0 owns much of a container image and of the node: files readable or writable by group root (`/etc/shadow` on some images, device nodes, sockets of host mounts) become open to a process that runs with gid 0, even as a non-root user. The rule reports `runAsGroup: 0` (the container\'s setting, else the pod\'s), and `fsGroup: 0` or a 0 in `supplementalGroups` on the pod. It says nothing when no group is set, because the image decides then.',
    aliases: { trivy: ['KSV-0116', 'KSV116'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [
        { filename: 'pod.yaml', code: pod('securityContext:\n  runAsUser: 1000\n  runAsGroup: 0\ncontainers:\n  - name: web\n    image: app:1.0\n') },
        { filename: 'pod.yaml', code: pod('securityContext:\n  supplementalGroups: [2000, 0]\ncontainers:\n  - name: web\n    image: app:1.0\n') },
      ],
      good: [
        { filename: 'pod.yaml', code: pod('securityContext:\n  runAsGroup: 0\ncontainers:\n  - name: web\n    image: app:1.0\n    securityContext:\n      runAsGroup: 3000\n') },
      ],
    },
  },
  check(context) {
    for (const object of context.k8s.objects) {
      const pod = podSpecOf(object);
      if (!pod) continue;
      const podContext = asRecord(pod.spec.securityContext);
      const podContextPath = [...pod.path, 'securityContext'];
      let podGroupUsed = false;
      for (const container of containersOf(object)) {
        const own = asRecord(container.value.securityContext)?.runAsGroup;
        if (own === 0) {
          context.reportAt(object, [...container.path, 'securityContext', 'runAsGroup'], { message: `${containerLabel(container)} runs with group 0 (root): use a non-zero runAsGroup.` });
        } else if (own === undefined && podContext?.runAsGroup === 0) {
          podGroupUsed = true;
        }
      }
      if (podGroupUsed) context.reportAt(object, [...podContextPath, 'runAsGroup'], { message: 'The pod runs its containers with group 0 (root): use a non-zero runAsGroup.' });
      if (podContext?.fsGroup === 0) context.reportAt(object, [...podContextPath, 'fsGroup'], { message: 'fsGroup 0 gives every container the root group and makes volumes owned by it: use a non-zero fsGroup.' });
      if (Array.isArray(podContext?.supplementalGroups)) {
        const index = podContext.supplementalGroups.indexOf(0);
        if (index >= 0) context.reportAt(object, [...podContextPath, 'supplementalGroups', index], { message: 'supplementalGroups adds group 0 (root) to every container: remove it.' });
      }
    }
  },
});
