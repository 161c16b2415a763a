import { PSS_CONTROLS, definePssRule } from '../../../k8s/pss.js';
import { deployment, pod } from './snippets.js';

export default definePssRule(PSS_CONTROLS.allowPrivilegeEscalation, {
  id: 'k8s/pss-allow-privilege-escalation',
  title: 'Container may gain privileges (allowPrivilegeEscalation not false)',
  severity: 'warning',
  rationale:
    'Unless `allowPrivilegeEscalation` is false, a process in the container can gain more privileges than its parent through setuid binaries or file capabilities. Unset means allowed, so the restricted Pod Security Standard requires an explicit `false` on every container (Windows pods are exempt from 1.25). The fix adds it where it is missing; a container that relies on sudo or another setuid tool will need a rework.',
  aliases: {
    pss: ['allowPrivilegeEscalation', 'Privilege Escalation'],
    'kube-linter': ['privilege-escalation-container'],
    polaris: ['privilegeEscalationAllowed'],
    checkov: ['CKV_K8S_20'],
    trivy: ['KSV-0001', 'KSV001'],
  },
  fixable: true,
  examples: {
    bad: [
      {
        filename: 'deploy.yaml',
        code: deployment('containers:\n  - name: web # the app\n    image: nginx:1.27\n  - name: sidecar\n    image: envoy:1.30\n    securityContext:\n      runAsNonRoot: true\n'),
        output: deployment('containers:\n  - name: web # the app\n    image: nginx:1.27\n    securityContext:\n      allowPrivilegeEscalation: false\n  - name: sidecar\n    image: envoy:1.30\n    securityContext:\n      runAsNonRoot: true\n      allowPrivilegeEscalation: false\n'),
      },
      { filename: 'pod.yaml', code: pod('containers:\n  - {name: web, image: "nginx:1.27", securityContext: {}}\n'), output: pod('containers:\n  - {name: web, image: "nginx:1.27", securityContext: {allowPrivilegeEscalation: false}}\n') },
    ],
    good: [
      { filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: nginx:1.27\n    securityContext:\n      allowPrivilegeEscalation: false\n') },
      { filename: 'pod.yaml', code: pod('os:\n  name: windows\ncontainers:\n  - name: web\n    image: iis:2022\n') },
    ],
  },
});
