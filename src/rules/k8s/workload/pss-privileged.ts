import { PSS_CONTROLS, definePssRule } from '../../../k8s/pss.js';
import { pod } from './snippets.js';

export default definePssRule(PSS_CONTROLS.privileged, {
  id: 'k8s/pss-privileged',
  title: 'Privileged container',
  severity: 'error',
  rationale:
    'A privileged container has every capability and every device of the node, and no seccomp or AppArmor confinement: a process that escapes it owns the node. The baseline Pod Security Standard forbids `privileged: true` on containers, init containers and ephemeral containers.',
  aliases: {
    pss: ['privileged', 'Privileged Containers'],
    'kube-linter': ['privileged-container'],
    'kube-score': ['container-security-context-privileged'],
    polaris: ['runAsPrivileged'],
    checkov: ['CKV_K8S_16'],
    trivy: ['KSV-0017', 'KSV017'],
  },
  fixable: false,
  examples: {
    bad: [{ filename: 'pod.yaml', code: pod('initContainers:\n  - name: setup\n    image: busybox:1.36\n    securityContext:\n      privileged: true\ncontainers:\n  - name: web\n    image: nginx:1.27\n') }],
    good: [{ filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: nginx:1.27\n    securityContext:\n      privileged: false\n') }],
  },
});
