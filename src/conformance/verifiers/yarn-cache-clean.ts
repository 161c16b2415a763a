/** dockerfile/yarn-cache-clean: yarn leaves no cache in the image. */
import { failed, inconclusive, probeBoth, sizeChange, verified } from './support.js';
import type { DockerfileVerifier } from './types.js';

const YARN_CACHE_KB =
  'total=0; for d in /usr/local/share/.cache/yarn /root/.cache/yarn /home/*/.cache/yarn; do if [ -d "$d" ]; then total=$((total + $(du -sk "$d" | cut -f1))); fi; done; echo $total';

const verifier: DockerfileVerifier = {
  domain: 'dockerfile',
  rule: ['dockerfile/yarn-cache-clean', 'DL3060'],
  name: 'no yarn cache in the final image',
  promise: 'no yarn cache is left in the fixed image',
  async verify({ before, after }) {
    const [a, b] = await probeBoth(before, after, YARN_CACHE_KB);
    if (a === null || b === null) return inconclusive('the yarn cache folders could not be measured (no du in the image?)');
    if (Number(b) > 0) return failed(`${b} KiB of yarn cache still in the image`);
    return verified(`yarn cache ${a} KiB → none; ${sizeChange(before, after)}`);
  },
};
export default verifier;
