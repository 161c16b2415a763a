import { PSS_CONTROLS, definePssRule } from '../../../k8s/pss.js';
import { pod } from './snippets.js';

export default definePssRule(PSS_CONTROLS.capabilitiesRestricted, {
  id: 'k8s/pss-capabilities-restricted',
  title: 'Container does not drop ALL capabilities',
  severity: 'warning',
  rationale:
    'Even the runtime\'s default capabilities (CHOWN, DAC_OVERRIDE, SETUID, NET_RAW…) are more than most applications need, and each is a tool for an attacker. The restricted Pod Security Standard (from 1.22) requires every container to drop ALL and to add back at most NET_BIND_SERVICE (Windows pods are exempt from 1.25). The fix adds ALL to `capabilities.drop`.',
  aliases: { pss: ['capabilities_restricted'], polaris: ['insecureCapabilities'], checkov: ['CKV_K8S_37'], trivy: ['KSV-0003', 'KSV003', 'KSV-0106', 'KSV106'] },
  fixable: true,
  examples: {
    bad: [
      {
        filename: 'pod.yaml',
        code: pod('containers:\n  - name: web\n    image: nginx:1.27\n    securityContext:\n      capabilities:\n        drop:\n          - NET_RAW # no raw sockets\n'),
        output: pod('containers:\n  - name: web\n    image: nginx:1.27\n    securityContext:\n      capabilities:\n        drop:\n          - NET_RAW # no raw sockets\n          - ALL\n'),
      },
      {
        filename: 'pod.yaml',
        code: pod('containers:\n  - name: web\n    image: nginx:1.27\n'),
        output: pod('containers:\n  - name: web\n    image: nginx:1.27\n    securityContext:\n      capabilities:\n        drop: [ALL]\n'),
      },
      { filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: nginx:1.27\n    securityContext:\n      capabilities:\n        drop: [ALL]\n        add: [SYS_TIME]\n') },
    ],
    good: [{ filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: nginx:1.27\n    securityContext:\n      capabilities:\n        drop: [ALL]\n        add: [NET_BIND_SERVICE]\n') }],
  },
});
