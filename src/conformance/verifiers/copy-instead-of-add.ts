/** dockerfile/copy-instead-of-add: COPY puts exactly the same files where ADD put them. */
import { parseDockerfile } from '../../dockerfile/parser.js';
import { failed, inconclusive, probeBoth, verified } from './support.js';
import type { DockerfileVerifier } from './types.js';

const verifier: DockerfileVerifier = {
  domain: 'dockerfile',
  rule: ['dockerfile/prefer-copy-over-add', 'dockerfile/copy-instead-of-add', 'dockerfile/add-instead-of-copy', 'DL3020'],
  name: 'same files as ADD',
  promise: 'COPY places the same files, with the same content, where ADD placed them',
  async verify({ before, after }) {
    const file = parseDockerfile(before.dockerfile);
    const last = file.stages.length - 1;
    const destinations = file.instructions
      .filter((i) => i.kind === 'ADD' && i.stageIndex === last && i.destination)
      .map((i) => (i.kind === 'ADD' ? i.destination!.value : ''))
      .map((dest) => (dest.startsWith('/') ? dest : `${before.info.workingDir || '/'}/${dest}`));
    if (destinations.length === 0) return inconclusive('no ADD in the final stage to compare');
    const quoted = destinations.map((d) => `'${d.replace(/'/g, "'\\''")}'`).join(' ');
    const script = `for d in ${quoted}; do find "$d" -type f -exec md5sum {} + 2>/dev/null || busybox find "$d" -type f -exec busybox md5sum {} +; done | sort -u`;
    const [a, b] = await probeBoth(before, after, script);
    if (a === null || b === null) return inconclusive('the destination files could not be listed (no find/md5sum in the image)');
    if (a !== b) return failed(`the files under ${destinations.join(', ')} differ between ADD and COPY`);
    return verified(`${a.split('\n').filter(Boolean).length} files under ${destinations.join(', ')} identical (md5)`);
  },
};
export default verifier;
