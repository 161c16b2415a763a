/** dockerfile/apt-no-install-recommends: no recommended packages are installed, so fewer packages are. */
import { failed, inconclusive, probeBoth, sizeChange, verified } from './support.js';
import type { DockerfileVerifier } from './types.js';

const COUNT_PACKAGES = "dpkg-query -W -f '${Package}\\n' | wc -l";

const verifier: DockerfileVerifier = {
  domain: 'dockerfile',
  rule: ['dockerfile/apt-no-install-recommends', 'DL3015'],
  name: 'fewer packages installed',
  promise: 'apt-get installs no recommended packages: the fixed image has no more packages than the original, usually fewer',
  async verify({ before, after }) {
    const [a, b] = await probeBoth(before, after, COUNT_PACKAGES);
    if (a === null || b === null) return inconclusive('dpkg-query is not available in the image');
    const [countBefore, countAfter] = [Number(a), Number(b)];
    if (countAfter > countBefore) return failed(`${countBefore} → ${countAfter} packages: the fixed image has more`);
    return verified(`${countBefore} → ${countAfter} packages installed; ${sizeChange(before, after)}`);
  },
};
export default verifier;
