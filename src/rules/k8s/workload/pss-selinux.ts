import { PSS_CONTROLS, definePssRule } from '../../../k8s/pss.js';
import { pod } from './snippets.js';

export default definePssRule(PSS_CONTROLS.seLinux, {
  id: 'k8s/pss-selinux',
  title: 'Custom SELinux type, user or role',
  severity: 'error',
  rationale:
    'An SELinux type such as `spc_t` (super-privileged container) or a custom user or role lifts the confinement that SELinux nodes put on containers. The baseline Pod Security Standard allows only the container types (`container_t`, `container_init_t`, `container_kvm_t`, and from 1.31 `container_engine_t`) and no custom user or role.',
  aliases: { pss: ['seLinuxOptions', 'SELinux'], trivy: ['KSV-0025', 'KSV025'] },
  fixable: false,
  examples: {
    bad: [{ filename: 'pod.yaml', code: pod('securityContext:\n  seLinuxOptions:\n    type: spc_t\ncontainers:\n  - name: web\n    image: nginx:1.27\n') }],
    good: [{ filename: 'pod.yaml', code: pod('securityContext:\n  seLinuxOptions:\n    level: "s0:c123,c456"\n    type: container_t\ncontainers:\n  - name: web\n    image: nginx:1.27\n') }],
  },
});
