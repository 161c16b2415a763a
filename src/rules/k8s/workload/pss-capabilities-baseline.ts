import { PSS_CONTROLS, definePssRule } from '../../../k8s/pss.js';
import { pod } from './snippets.js';

export default definePssRule(PSS_CONTROLS.capabilitiesBaseline, {
  id: 'k8s/pss-capabilities-baseline',
  title: 'Container adds a capability beyond the runtime\'s default set',
  severity: 'error',
  rationale:
    'Capabilities such as SYS_ADMIN, NET_ADMIN, SYS_PTRACE or NET_RAW give a container powers over the node\'s kernel and network that ordinary workloads never need. The baseline Pod Security Standard allows adding only capabilities the runtime grants anyway (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT).',
  aliases: {
    pss: ['capabilities_baseline'],
    polaris: ['dangerousCapabilities'],
    checkov: ['CKV_K8S_25', 'CKV_K8S_39'],
    trivy: ['KSV-0022', 'KSV022', 'KSV-0005', 'KSV005'],
  },
  fixable: false,
  examples: {
    bad: [{ filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: nginx:1.27\n    securityContext:\n      capabilities:\n        add: [NET_BIND_SERVICE, SYS_ADMIN]\n') }],
    good: [{ filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: nginx:1.27\n    securityContext:\n      capabilities:\n        add: [NET_BIND_SERVICE, CHOWN]\n') }],
  },
});
