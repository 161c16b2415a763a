/** k8s/allow-privilege-escalation: the container's processes have no_new_privs set. */
import { checkContainers } from './support.js';
import type { K8sVerifier } from './types.js';

const verifier: K8sVerifier = {
  domain: 'k8s',
  rule: ['k8s/pss-allow-privilege-escalation', 'k8s/allow-privilege-escalation', 'k8s/privilege-escalation', 'privilege-escalation-container', 'privilegeEscalationAllowed', 'CKV_K8S_20'],
  name: 'no-new-privileges',
  promise: 'PID 1 of the container has NoNewPrivs: 1 (allowPrivilegeEscalation: false took effect)',
  async verify({ containers }) {
    return checkContainers(
      containers,
      (c) => c.expected.allowPrivilegeEscalation === false,
      (_, facts) => (facts.noNewPrivs ? null : 'NoNewPrivs is 0'),
      (c) => `NoNewPrivs ${c.before?.noNewPrivs ? 1 : 0} → 1`,
    );
  },
};
export default verifier;
