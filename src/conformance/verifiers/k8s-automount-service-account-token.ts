/**
 * k8s/automount-service-account-token: no token in the container. podman never
 * mounts one, so this can only show that the pod still runs: inconclusive when it holds.
 */
import { checkContainers, inconclusive } from './support.js';
import type { K8sVerifier } from './types.js';

const verifier: K8sVerifier = {
  domain: 'k8s',
  rule: ['k8s/automount-service-account-token', 'automountServiceAccountToken', 'CKV_K8S_38'],
  name: 'no service-account token',
  promise: 'no service-account token is mounted in the container',
  async verify({ containers }) {
    const verdict = checkContainers(
      containers,
      () => true,
      (_, facts) => (facts.serviceAccountToken ? 'a service-account token is mounted' : null),
      () => 'no token mounted',
    );
    // podman kube play never mounts a token, so "none" proves nothing about the field.
    return verdict.status === 'verified' ? inconclusive(`${verdict.detail} — but podman never mounts service-account tokens, so only a cluster can show the fix's effect`) : verdict;
  },
};
export default verifier;
