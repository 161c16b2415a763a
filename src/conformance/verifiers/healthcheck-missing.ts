/** dockerfile/healthcheck-missing: the image config carries a HEALTHCHECK. */
import { failed, verified } from './support.js';
import type { DockerfileVerifier } from './types.js';

const verifier: DockerfileVerifier = {
  domain: 'dockerfile',
  rule: ['dockerfile/healthcheck-missing', 'dockerfile/missing-healthcheck', 'DS026', 'DS-0026'],
  name: 'HEALTHCHECK in the config',
  promise: 'the built image config has a HEALTHCHECK (kept thanks to the docker image format)',
  async verify({ after }) {
    if (!after.info.healthcheck || after.info.healthcheck[0] === 'NONE') return failed('the fixed image has no HEALTHCHECK');
    return verified(`HEALTHCHECK ${JSON.stringify(after.info.healthcheck)}`);
  },
};
export default verifier;
