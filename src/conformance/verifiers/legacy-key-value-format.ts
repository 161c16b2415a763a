/** dockerfile/legacy-key-value-format: `ENV a b` → `ENV a=b` sets exactly the same variables and labels. */
import { failed, verified } from './support.js';
import type { DockerfileVerifier } from './types.js';

const verifier: DockerfileVerifier = {
  domain: 'dockerfile',
  rule: ['dockerfile/legacy-key-value-format', 'LegacyKeyValueFormat'],
  name: 'same environment',
  isolated: true,
  promise: '`key=value` sets the same environment variables and labels as the legacy `key value` form',
  async verify({ before, after }) {
    const env = (list: string[]) => JSON.stringify([...list].sort());
    if (env(before.info.env) !== env(after.info.env)) return failed(`environment ${env(before.info.env)} → ${env(after.info.env)}`);
    const labels = (l: Record<string, string>) => JSON.stringify(Object.entries(l).sort());
    if (labels(before.info.labels) !== labels(after.info.labels)) return failed('the image labels changed');
    return verified(`identical environment (${after.info.env.length} variables) and labels`);
  },
};
export default verifier;
