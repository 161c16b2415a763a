/** dockerfile/final-user-root: the image's user is not root, in the config and inside the container. */
import { isRootUser } from '../k8s-facts.js';
import { failed, inconclusive, verified } from './support.js';
import type { DockerfileVerifier } from './types.js';

const verifier: DockerfileVerifier = {
  domain: 'dockerfile',
  rule: ['dockerfile/final-user-root', 'DL3002'],
  name: 'runs as non-root',
  promise: 'the image config names a non-root USER and `id -u` inside the container is not 0',
  async verify({ before, after }) {
    if (isRootUser(after.info.user)) return failed(`the fixed image's USER is ${JSON.stringify(after.info.user || '(unset: root)')}`);
    const id = await after.probe('id -u');
    if (id.exitCode !== 0) return inconclusive(`USER is ${after.info.user}, but \`id -u\` could not run in the image`);
    const uid = Number(id.stdout.trim());
    if (uid === 0) return failed(`USER is ${after.info.user} but the container runs as uid 0`);
    return verified(`USER ${JSON.stringify(before.info.user || 'root')} → ${JSON.stringify(after.info.user)}; id -u = ${uid}`);
  },
};
export default verifier;
