import { PSS_CONTROLS, definePssRule } from '../../../k8s/pss.js';
import { pod } from './snippets.js';

export default definePssRule(PSS_CONTROLS.probeHost, {
  id: 'k8s/pss-probe-host',
  title: 'Probe or lifecycle hook aimed at another host',
  severity: 'error',
  rationale:
    'A probe or lifecycle hook with a `host` makes the kubelet, from the node\'s network, connect wherever the manifest says: a way to reach node-local or cloud-metadata endpoints through the kubelet. Probes belong on the pod\'s own address. The baseline Pod Security Standard forbids the field from Kubernetes 1.34.',
  aliases: { pss: ['hostProbesAndHostLifecycle'] },
  fixable: false,
  examples: {
    bad: [{ filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: nginx:1.27\n    livenessProbe:\n      httpGet:\n        host: 169.254.169.254\n        path: /\n        port: 80\n') }],
    good: [{ filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: nginx:1.27\n    livenessProbe:\n      httpGet:\n        path: /healthz\n        port: 80\n') }],
  },
});
