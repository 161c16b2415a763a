/** dockerfile/maintainer-deprecated: MAINTAINER becomes the OCI authors label, with the same value. */
import { failed, verified } from './support.js';
import type { DockerfileVerifier } from './types.js';

const AUTHORS = 'org.opencontainers.image.authors';

const verifier: DockerfileVerifier = {
  domain: 'dockerfile',
  rule: ['dockerfile/maintainer-deprecated', 'MaintainerDeprecated', 'DL4000'],
  name: 'authors label replaces MAINTAINER',
  promise: `the image config has no MAINTAINER (author) but the ${AUTHORS} label with the same value`,
  async verify({ before, after }) {
    if (after.info.author) return failed(`the fixed image still has the author ${JSON.stringify(after.info.author)}`);
    const label = after.info.labels[AUTHORS];
    if (label !== before.info.author) return failed(`label ${AUTHORS} is ${JSON.stringify(label ?? null)}, expected ${JSON.stringify(before.info.author)}`);
    return verified(`author ${JSON.stringify(before.info.author)} → label ${AUTHORS}=${JSON.stringify(label)}`);
  },
};
export default verifier;
