/** dockerfile/apt-lists-cleanup: no apt lists are left in the image, and the layer shrinks. */
import { failed, inconclusive, probeBoth, sizeChange, verified } from './support.js';
import type { DockerfileVerifier } from './types.js';

const LIST_FILES = "find /var/lib/apt/lists -type f ! -name lock | wc -l; du -sk /var/lib/apt/lists | cut -f1";

const verifier: DockerfileVerifier = {
  domain: 'dockerfile',
  rule: ['dockerfile/apt-lists-not-deleted', 'dockerfile/apt-lists-cleanup', 'dockerfile/apt-get-clean-lists', 'DL3009'],
  name: 'no apt lists in the final image',
  promise: '/var/lib/apt/lists holds no package lists in the fixed image, and the image is smaller',
  async verify({ before, after }) {
    const [a, b] = await probeBoth(before, after, LIST_FILES);
    if (a === null || b === null) return inconclusive('/var/lib/apt/lists could not be read (no find/du in the image?)');
    const [filesBefore, kbBefore] = a.split('\n').map(Number);
    const [filesAfter, kbAfter] = b.split('\n').map(Number);
    if (filesAfter > 0) return failed(`${filesAfter} files (${kbAfter} KiB) still in /var/lib/apt/lists`);
    return verified(`/var/lib/apt/lists: ${filesBefore} files (${kbBefore} KiB) → none; ${sizeChange(before, after)}`);
  },
};
export default verifier;
