/** dockerfile/pip-no-cache-dir: pip leaves no cache in the image. */
import { failed, inconclusive, probeBoth, sizeChange, verified } from './support.js';
import type { DockerfileVerifier } from './types.js';

const PIP_CACHE_KB = 'total=0; for d in /root/.cache/pip /home/*/.cache/pip; do if [ -d "$d" ]; then total=$((total + $(du -sk "$d" | cut -f1))); fi; done; echo $total';

const verifier: DockerfileVerifier = {
  domain: 'dockerfile',
  rule: ['dockerfile/pip-no-cache-dir', 'DL3042'],
  name: 'no pip cache in the final image',
  promise: "no pip cache (~/.cache/pip) is left in the fixed image",
  async verify({ before, after }) {
    const [a, b] = await probeBoth(before, after, PIP_CACHE_KB);
    if (a === null || b === null) return inconclusive('the pip cache folders could not be measured (no du in the image?)');
    if (Number(b) > 0) return failed(`${b} KiB of pip cache still in the image`);
    return verified(`pip cache ${a} KiB → none; ${sizeChange(before, after)}`);
  },
};
export default verifier;
