/** dockerfile/apk-no-cache: apk leaves no index or package cache in the image. */
import { failed, inconclusive, probeBoth, sizeChange, verified } from './support.js';
import type { DockerfileVerifier } from './types.js';

const CACHE_FILES = 'if [ -d /var/cache/apk ]; then ls -A /var/cache/apk | wc -l; else echo 0; fi';

const verifier: DockerfileVerifier = {
  domain: 'dockerfile',
  rule: ['dockerfile/apk-no-cache', 'DL3019'],
  name: 'no apk cache in the final image',
  promise: '/var/cache/apk is empty in the fixed image',
  async verify({ before, after }) {
    const [a, b] = await probeBoth(before, after, CACHE_FILES);
    if (a === null || b === null) return inconclusive('/var/cache/apk could not be read');
    if (Number(b) > 0) return failed(`${b} entries still in /var/cache/apk`);
    return verified(`/var/cache/apk: ${a} entries → none; ${sizeChange(before, after)}`);
  },
};
export default verifier;
