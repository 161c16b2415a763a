/** dockerfile/use-apt-get: `apt` → `apt-get` installs exactly the same packages. */
import { failed, inconclusive, probeBoth, verified } from './support.js';
import type { DockerfileVerifier } from './types.js';

const verifier: DockerfileVerifier = {
  domain: 'dockerfile',
  rule: ['dockerfile/use-apt-get', 'dockerfile/apt-not-apt-get', 'DL3027'],
  name: 'same packages installed',
  promise: 'apt-get installs the same packages as apt did',
  async verify({ before, after }) {
    const list = "dpkg-query -W -f '${Package}=${Version}\\n' | sort";
    const [a, b] = await probeBoth(before, after, list);
    if (a === null || b === null) return inconclusive('dpkg-query is not available in the image');
    if (a !== b) return failed('the installed package lists differ');
    return verified(`identical package lists (${a.split('\n').length} packages)`);
  },
};
export default verifier;
