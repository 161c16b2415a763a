import { defineK8sRule } from '../../../core/rule.js';
import { hostPathVolumes } from './host-mounts.js';
import { pod } from './snippets.js';

/** Host folders whose contents control the node or hold its secrets. */
const SENSITIVE = new Set([
  '/', '/boot', '/dev', '/etc', '/lib', '/lib64', '/proc', '/sys', '/usr', '/bin', '/sbin', '/root', '/var/run', '/run',
  '/etc/kubernetes', '/var/lib/kubelet', '/var/lib/docker', '/var/lib/containerd', '/var/lib/etcd',
]);

export default defineK8sRule({
  meta: {
    id: 'k8s/sensitive-host-mount',
    title: 'Sensitive host folder mounted',
    severity: 'error',
    category: 'security',
    rationale:
      'Mounting the node\'s /, /etc, /proc, /sys, /dev, /var/lib/kubelet and the like gives the container the node\'s configuration, credentials and devices: with write access it can take over the node, with read access it can read every pod\'s secrets. Mount only the narrow path you need, read-only.',
    aliases: { 'kube-linter': ['sensitive-host-mounts'], trivy: ['KSV-0121', 'KSV121'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ filename: 'pod.yaml', code: pod('containers:\n  - name: agent\n    image: agent:1.0\nvolumes:\n  - name: host-etc\n    hostPath:\n      path: /etc/\n') }],
      good: [{ filename: 'pod.yaml', code: pod('containers:\n  - name: agent\n    image: agent:1.0\nvolumes:\n  - name: logs\n    hostPath:\n      path: /var/log/pods\n') }],
    },
  },
  check(context) {
    for (const object of context.k8s.objects) {
      for (const volume of hostPathVolumes(object)) {
        if (!SENSITIVE.has(volume.hostPath)) continue;
        context.reportAt(object, volume.pathField, {
          message: `Volume "${volume.name}" mounts the host's ${volume.hostPath}, which controls the node or holds its secrets: mount a narrower path, read-only.`,
        });
      }
    }
  },
});
