/**
 * k8s/run-as-non-root: the container runs with a non-zero uid. podman does not
 * enforce runAsNonRoot (a kubelet does), so the uid is checked here.
 */
import { checkContainers } from './support.js';
import type { K8sVerifier } from './types.js';

const verifier: K8sVerifier = {
  domain: 'k8s',
  rule: ['k8s/run-as-non-root', 'k8s/pss-run-as-non-root', 'Running as Non-root', 'run-as-non-root', 'runAsRootAllowed', 'CKV_K8S_23'],
  name: 'runs as non-root',
  promise: '`id -u` in the running container is not 0 and equals runAsUser when set (podman does not enforce runAsNonRoot; drydock checks the uid itself)',
  async verify({ containers }) {
    return checkContainers(
      containers,
      (c) => c.expected.runAsNonRoot === true || (c.expected.runAsUser ?? 0) > 0,
      (c, facts) => {
        if (facts.uid === 0) return `runs as uid 0 (image USER ${JSON.stringify(c.imageUser)}): a kubelet would refuse to start it`;
        if (c.expected.runAsUser !== undefined && facts.uid !== c.expected.runAsUser) return `runs as uid ${facts.uid}, not runAsUser ${c.expected.runAsUser}`;
        return null;
      },
      (c, facts) => `uid ${c.before?.uid ?? '?'} → ${facts.uid}`,
    );
  },
};
export default verifier;
