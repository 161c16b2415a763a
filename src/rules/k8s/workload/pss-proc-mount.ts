import { PSS_CONTROLS, definePssRule } from '../../../k8s/pss.js';
import { pod } from './snippets.js';

export default definePssRule(PSS_CONTROLS.procMount, {
  id: 'k8s/pss-proc-mount',
  title: 'Unmasked /proc mount',
  severity: 'error',
  rationale:
    'The runtime masks parts of /proc (kernel keys, timers, sysrq) in every container; `procMount: Unmasked` removes the masks. The baseline Pod Security Standard allows only `Default`, except (from 1.35) for pods in a user namespace (`hostUsers: false`); the restricted standard allows only `Default` from 1.35 on, user namespace or not.',
  aliases: { pss: ['procMount', 'procMount_baseline', 'procMount_restricted'], 'kube-linter': ['unsafe-proc-mount'], polaris: ['procMount'], trivy: ['KSV-0027', 'KSV027'] },
  fixable: false,
  examples: {
    bad: [{ filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: nginx:1.27\n    securityContext:\n      procMount: Unmasked\n') }],
    good: [
      { filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: nginx:1.27\n    securityContext:\n      procMount: Default\n') },
      { filename: 'pod.yaml', options: { profile: 'baseline' }, code: pod('hostUsers: false\ncontainers:\n  - name: web\n    image: nginx:1.27\n    securityContext:\n      procMount: Unmasked\n') },
    ],
  },
});
