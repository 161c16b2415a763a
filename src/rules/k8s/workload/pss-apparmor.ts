import { PSS_CONTROLS, definePssRule } from '../../../k8s/pss.js';
import { pod } from './snippets.js';

export default definePssRule(PSS_CONTROLS.appArmor, {
  id: 'k8s/pss-apparmor',
  title: 'AppArmor disabled or overridden',
  severity: 'error',
  rationale:
    'On nodes with AppArmor the runtime confines every container with a default profile. Setting the profile to `Unconfined` (field) or `unconfined` (the beta annotation) removes that layer. The baseline Pod Security Standard allows only the runtime default or a profile loaded on the node (`Localhost`).',
  aliases: { pss: ['appArmorProfile', 'AppArmor'], trivy: ['KSV-0002', 'KSV002'] },
  fixable: false,
  examples: {
    bad: [
      { filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: nginx:1.27\n    securityContext:\n      appArmorProfile:\n        type: Unconfined\n') },
      { filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: nginx:1.27\n', 'annotations:\n  container.apparmor.security.beta.kubernetes.io/web: unconfined\n') },
    ],
    good: [{ filename: 'pod.yaml', code: pod('securityContext:\n  appArmorProfile:\n    type: RuntimeDefault\ncontainers:\n  - name: web\n    image: nginx:1.27\n', 'annotations:\n  container.apparmor.security.beta.kubernetes.io/web: localhost/web\n') }],
  },
});
