/** dockerfile/apt-get-yes: the install no longer waits for a confirmation, and installs what it names. */
import { aptInstalledNames, failed, inconclusive, verified } from './support.js';
import type { DockerfileVerifier } from './types.js';

const verifier: DockerfileVerifier = {
  domain: 'dockerfile',
  rule: ['dockerfile/apt-get-yes', 'DL3014'],
  name: 'packages installed without a prompt',
  promise: 'apt-get install runs without asking: the fixed file builds and every package it names is installed',
  async verify({ after }) {
    const names = aptInstalledNames(after.dockerfile);
    if (names.length === 0) return inconclusive('no package name found after apt-get install');
    const result = await after.probe(`for p in ${names.join(' ')}; do dpkg-query -W -f '\${Status}\\n' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"; done`);
    if (result.exitCode !== 0) return inconclusive('dpkg-query is not available in the image');
    const missing = result.stdout.split('\n').filter(Boolean);
    return missing.length === 0 ? verified(`built without a prompt; installed: ${names.join(', ')}`) : failed(`not installed: ${missing.join(', ')}`);
  },
};
export default verifier;
