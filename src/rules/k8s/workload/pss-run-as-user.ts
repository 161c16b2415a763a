import { PSS_CONTROLS, definePssRule } from '../../../k8s/pss.js';
import { pod } from './snippets.js';

export default definePssRule(PSS_CONTROLS.runAsUser, {
  id: 'k8s/pss-run-as-user',
  title: 'runAsUser: 0 (root)',
  severity: 'warning',
  rationale:
    'An explicit `runAsUser: 0` runs the container as root, even when the image names another user. The restricted Pod Security Standard (from 1.23) forbids 0 on the pod and its containers; pods in a user namespace (`hostUsers: false`) are exempt.',
  aliases: { pss: ['runAsUser', 'Running as Non-root user'] },
  fixable: false,
  examples: {
    bad: [{ filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: nginx:1.27\n    securityContext:\n      runAsUser: 0\n') }],
    good: [{ filename: 'pod.yaml', code: pod('securityContext:\n  runAsUser: 10001\ncontainers:\n  - name: web\n    image: nginx:1.27\n') }],
  },
});
