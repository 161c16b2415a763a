import { PSS_CONTROLS, definePssRule } from '../../../k8s/pss.js';
import { pod } from './snippets.js';

export default definePssRule(PSS_CONTROLS.hostPorts, {
  id: 'k8s/pss-host-ports',
  title: 'Container binds a host port',
  severity: 'error',
  rationale:
    'A hostPort exposes the container on the node\'s own address, past any NetworkPolicy and Service, and limits scheduling to one such pod per node. Use a Service instead. The baseline Pod Security Standard allows only 0 or unset.',
  aliases: { pss: ['hostPorts', 'Host Ports'], polaris: ['hostPortSet'], checkov: ['CKV_K8S_26'], trivy: ['KSV-0024', 'KSV024'] },
  fixable: false,
  examples: {
    bad: [{ filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: nginx:1.27\n    ports:\n      - containerPort: 8080\n        hostPort: 80\n') }],
    good: [{ filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: nginx:1.27\n    ports:\n      - containerPort: 8080\n') }],
  },
});
