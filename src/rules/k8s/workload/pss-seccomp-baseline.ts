import { PSS_CONTROLS, definePssRule } from '../../../k8s/pss.js';
import { pod } from './snippets.js';

export default definePssRule(PSS_CONTROLS.seccompBaseline, {
  id: 'k8s/pss-seccomp-baseline',
  title: 'Seccomp explicitly disabled',
  severity: 'error',
  rationale:
    'Seccomp filters the system calls a container may make; `Unconfined` turns the filter off and exposes the whole kernel interface. The baseline Pod Security Standard forbids `seccompProfile.type: Unconfined` on the pod and its containers (before 1.19: the seccomp annotations with anything but `runtime/default`, `docker/default` or `localhost/*`).',
  aliases: { pss: ['seccompProfile_baseline'], trivy: ['KSV-0104', 'KSV104'] },
  fixable: false,
  examples: {
    bad: [{ filename: 'pod.yaml', code: pod('securityContext:\n  seccompProfile:\n    type: Unconfined\ncontainers:\n  - name: web\n    image: nginx:1.27\n') }],
    good: [{ filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: nginx:1.27\n    securityContext:\n      seccompProfile:\n        type: Localhost\n        localhostProfile: profiles/web.json\n') }],
  },
});
