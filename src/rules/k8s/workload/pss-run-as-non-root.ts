import { PSS_CONTROLS, definePssRule } from '../../../k8s/pss.js';
import { pod } from './snippets.js';

export default definePssRule(PSS_CONTROLS.runAsNonRoot, {
  id: 'k8s/pss-run-as-non-root',
  title: 'runAsNonRoot not true for every container',
  severity: 'warning',
  rationale:
    'With `runAsNonRoot: true` the kubelet refuses to start a container whose user is root, whatever the image says. The restricted Pod Security Standard requires it on the pod (inherited by every container) or on each container, and forbids `false` anywhere; pods in a user namespace (`hostUsers: false`) are exempt. The fix sets it on the pod when nothing sets it, else on the containers that lack it.',
  aliases: { pss: ['runAsNonRoot', 'Running as Non-root'] },
  fixable: true,
  examples: {
    bad: [
      {
        filename: 'pod.yaml',
        code: pod('# runs the web app\ncontainers:\n  - name: web\n    image: nginx:1.27\n'),
        output: pod('# runs the web app\ncontainers:\n  - name: web\n    image: nginx:1.27\nsecurityContext:\n  runAsNonRoot: true\n'),
      },
      { filename: 'pod.yaml', code: pod('securityContext:\n  runAsNonRoot: true\ncontainers:\n  - name: web\n    image: nginx:1.27\n    securityContext:\n      runAsNonRoot: false\n') },
    ],
    good: [
      { filename: 'pod.yaml', code: pod('securityContext:\n  runAsNonRoot: true\ncontainers:\n  - name: web\n    image: nginx:1.27\n') },
      { filename: 'pod.yaml', code: pod('hostUsers: false\ncontainers:\n  - name: web\n    image: nginx:1.27\n') },
    ],
  },
});
