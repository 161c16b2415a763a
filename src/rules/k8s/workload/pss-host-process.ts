import { PSS_CONTROLS, definePssRule } from '../../../k8s/pss.js';
import { pod } from './snippets.js';

export default definePssRule(PSS_CONTROLS.hostProcess, {
  id: 'k8s/pss-host-process',
  title: 'Windows HostProcess pod or container',
  severity: 'error',
  rationale:
    'A Windows HostProcess container runs directly on the node with the host\'s network and file system, as a node administrator: it is the Windows equivalent of a privileged container. The baseline Pod Security Standard forbids `windowsOptions.hostProcess: true` on the pod and on every container.',
  aliases: { pss: ['windowsHostProcess', 'HostProcess'], polaris: ['hostProcess'], trivy: ['KSV-0103', 'KSV103'] },
  fixable: false,
  examples: {
    bad: [{ filename: 'pod.yaml', code: pod('securityContext:\n  windowsOptions:\n    hostProcess: true\nhostNetwork: true\ncontainers:\n  - name: agent\n    image: agent:1.0\n') }],
    good: [{ filename: 'pod.yaml', code: pod('securityContext:\n  windowsOptions:\n    hostProcess: false\ncontainers:\n  - name: agent\n    image: agent:1.0\n') }],
  },
});
