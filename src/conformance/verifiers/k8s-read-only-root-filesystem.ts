/** k8s/read-only-root-filesystem: writing to / fails inside the container. */
import { checkContainers } from './support.js';
import type { K8sVerifier } from './types.js';

const verifier: K8sVerifier = {
  domain: 'k8s',
  rule: ['k8s/read-only-root-filesystem', 'k8s/read-only-root-fs', 'no-read-only-root-fs', 'notReadOnlyRootFilesystem', 'CKV_K8S_22'],
  name: 'root filesystem read-only',
  promise: 'a write to / fails inside the running container',
  async verify({ containers }) {
    return checkContainers(
      containers,
      (c) => c.expected.readOnlyRootFilesystem === true,
      (_, facts) => (facts.rootWritable === false ? null : 'a write to / succeeded'),
      (c) => `touch / failed (read-only); before the fix it ${c.before?.rootWritable ? 'succeeded' : 'also failed'}`,
    );
  },
};
export default verifier;
