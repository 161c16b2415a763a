import { PSS_CONTROLS, definePssRule } from '../../../k8s/pss.js';
import { pod } from './snippets.js';

export default definePssRule(PSS_CONTROLS.hostPathVolumes, {
  id: 'k8s/pss-host-path-volumes',
  title: 'hostPath volume',
  severity: 'error',
  rationale:
    'A hostPath volume mounts a file or folder of the node into the pod: the node\'s credentials, the container runtime\'s socket, other pods\' data. It ties the pod to one node and is the commonest way out of a container. The baseline Pod Security Standard forbids hostPath volumes.',
  aliases: { pss: ['hostPathVolumes', 'HostPath Volumes'], polaris: ['hostPathSet'], trivy: ['KSV-0023', 'KSV023'] },
  fixable: false,
  examples: {
    bad: [{ filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: nginx:1.27\nvolumes:\n  - name: logs\n    hostPath:\n      path: /var/log\n') }],
    good: [{ filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: nginx:1.27\nvolumes:\n  - name: cache\n    emptyDir: {}\n') }],
  },
});
