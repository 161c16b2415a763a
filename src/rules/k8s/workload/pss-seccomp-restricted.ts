import { PSS_CONTROLS, definePssRule } from '../../../k8s/pss.js';
import { deployment, pod } from './snippets.js';

export default definePssRule(PSS_CONTROLS.seccompRestricted, {
  id: 'k8s/pss-seccomp-restricted',
  title: 'No seccomp profile',
  severity: 'warning',
  rationale:
    'Without a seccomp profile a container may make every system call the kernel offers, including the rarely used ones where kernel exploits live. The restricted Pod Security Standard (from 1.19) requires `RuntimeDefault` or `Localhost` on the pod or on every container (Windows pods are exempt from 1.25). The fix sets `RuntimeDefault` on the pod when nothing sets a profile, else on the containers that lack one.',
  aliases: { pss: ['seccompProfile_restricted'], 'kube-score': ['container-seccomp-profile'], checkov: ['CKV_K8S_31'], trivy: ['KSV-0030', 'KSV030'] },
  fixable: true,
  examples: {
    bad: [
      {
        filename: 'deploy.yaml',
        code: deployment('securityContext:\n  runAsNonRoot: true # enforced\ncontainers:\n  - name: web\n    image: nginx:1.27\n'),
        output: deployment('securityContext:\n  runAsNonRoot: true # enforced\n  seccompProfile:\n    type: RuntimeDefault\ncontainers:\n  - name: web\n    image: nginx:1.27\n'),
      },
    ],
    good: [
      { filename: 'pod.yaml', code: pod('securityContext:\n  seccompProfile:\n    type: RuntimeDefault\ncontainers:\n  - name: web\n    image: nginx:1.27\n') },
      { filename: 'pod.yaml', options: { profile: 'baseline' }, code: pod('containers:\n  - name: web\n    image: nginx:1.27\n') },
    ],
  },
});
