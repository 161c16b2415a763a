/** dockerfile/unpinned-base-image: the base reference is pinned and still names the same image. */
import { parseDockerfile } from '../../dockerfile/parser.js';
import { failed, inconclusive, verified } from './support.js';
import type { DockerfileVerifier } from './types.js';

const verifier: DockerfileVerifier = {
  domain: 'dockerfile',
  rule: ['dockerfile/unpinned-base-image', 'DL3006', 'DL3007'],
  name: 'base image pinned to the same image',
  promise: 'every FROM names a tag or digest other than latest, and it resolves to the image the original used',
  async verify({ engine, before, after }) {
    const bases = (text: string) =>
      parseDockerfile(text)
        .stages.filter((s) => s.image.stageRef === null && !s.image.isScratch)
        .map((s) => s.image);
    const [old, pinned] = [bases(before.dockerfile), bases(after.dockerfile)];
    const loose = pinned.filter((image) => !image.digest && (!image.tag || image.tag === 'latest'));
    if (loose.length > 0) return failed(`still unpinned: ${loose.map((i) => i.expanded).join(', ')}`);
    if (old.length !== pinned.length) return inconclusive('the fixed file has a different number of base images');
    for (const [index, image] of pinned.entries()) {
      const [a, b] = [await engine.inspectImage(old[index].expanded), await engine.inspectImage(image.expanded)];
      if (a.id !== b.id) return failed(`${image.expanded} is not the image ${old[index].expanded} was`);
    }
    return verified(`pinned: ${pinned.map((i) => i.expanded).join(', ')} (same image ids as before)`);
  },
};
export default verifier;
