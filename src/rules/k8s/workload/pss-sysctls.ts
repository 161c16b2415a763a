import { PSS_CONTROLS, definePssRule } from '../../../k8s/pss.js';
import { pod } from './snippets.js';

export default definePssRule(PSS_CONTROLS.sysctls, {
  id: 'k8s/pss-sysctls',
  title: 'Unsafe sysctl',
  severity: 'error',
  rationale:
    'A sysctl that is not isolated per pod changes the kernel for every pod on the node, or can be used to starve it. The baseline Pod Security Standard allows only a list of safe, namespaced sysctls, which grew in Kubernetes 1.27, 1.29, 1.32 and 1.37; the check follows the version you target (`settings.kubernetesVersion`).',
  aliases: { pss: ['sysctls', 'Sysctls'], 'kube-linter': ['unsafe-sysctls'], trivy: ['KSV-0026', 'KSV026'] },
  fixable: false,
  examples: {
    bad: [{ filename: 'pod.yaml', code: pod('securityContext:\n  sysctls:\n    - name: net.core.somaxconn\n      value: "1024"\ncontainers:\n  - name: web\n    image: nginx:1.27\n') }],
    good: [{ filename: 'pod.yaml', code: pod('securityContext:\n  sysctls:\n    - name: net.ipv4.ip_local_port_range\n      value: "1024 65535"\ncontainers:\n  - name: web\n    image: nginx:1.27\n') }],
  },
});
