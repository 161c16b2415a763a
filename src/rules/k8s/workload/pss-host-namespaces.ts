import { PSS_CONTROLS, definePssRule } from '../../../k8s/pss.js';
import { deployment, pod } from './snippets.js';

export default definePssRule(PSS_CONTROLS.hostNamespaces, {
  id: 'k8s/pss-host-namespaces',
  title: 'Pod shares the host\'s network, PID or IPC namespace',
  severity: 'error',
  rationale:
    'With `hostNetwork` a pod sees every interface of the node and can reach services bound to localhost; with `hostPID` it sees and can signal every process on the node; with `hostIPC` it shares the node\'s shared memory. Each breaks the isolation between the pod and the node, and the baseline Pod Security Standard forbids all three.',
  aliases: {
    pss: ['hostNamespaces', 'Host Namespaces'],
    'kube-linter': ['host-network', 'host-pid', 'host-ipc'],
    polaris: ['hostNetworkSet', 'hostPIDSet', 'hostIPCSet'],
    checkov: ['CKV_K8S_17', 'CKV_K8S_18', 'CKV_K8S_19'],
    trivy: ['KSV-0008', 'KSV-0009', 'KSV-0010', 'KSV008', 'KSV009', 'KSV010'],
  },
  fixable: false,
  examples: {
    bad: [{ filename: 'deploy.yaml', code: deployment('hostNetwork: true\nhostPID: true\ncontainers:\n  - name: web\n    image: nginx:1.27\n') }],
    good: [{ filename: 'pod.yaml', code: pod('hostNetwork: false\ncontainers:\n  - name: web\n    image: nginx:1.27\n') }],
  },
});
