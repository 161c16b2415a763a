/** k8s/seccomp-profile: a RuntimeDefault profile means a seccomp filter on PID 1. */
import { checkContainers } from './support.js';
import type { K8sVerifier } from './types.js';

const verifier: K8sVerifier = {
  domain: 'k8s',
  rule: ['k8s/pss-seccomp-restricted', 'k8s/seccomp-profile', 'k8s/seccomp', 'container-seccomp-profile', 'CKV_K8S_31'],
  name: 'seccomp filter active',
  promise: 'PID 1 runs under a seccomp filter (Seccomp: 2 in /proc/1/status)',
  async verify({ containers }) {
    return checkContainers(
      containers,
      (c) => c.expected.seccompProfile === 'RuntimeDefault' || c.expected.seccompProfile === 'Localhost',
      (_, facts) => (facts.seccomp === 2 ? null : `Seccomp is ${facts.seccomp ?? 'unknown'}`),
      (c) => `Seccomp ${c.before?.seccomp ?? '?'} → 2`,
    );
  },
};
export default verifier;
