/** dockerfile/secret-in-env-arg: no secret-looking value is left in the image's environment or history. */
import { failed, verified } from './support.js';
import type { DockerfileVerifier } from './types.js';

const SECRET_NAME = /(pass(word|wd)?|secret|token|api[_-]?key|private[_-]?key|credential|auth)/i;

const verifier: DockerfileVerifier = {
  domain: 'dockerfile',
  rule: ['dockerfile/secret-in-env-arg', 'SecretsUsedInArgOrEnv', 'DL3045'],
  name: 'no secrets in config or history',
  promise: 'no secret-looking variable keeps its value in `inspect` Env or in the image history',
  async verify({ before, after }) {
    const secrets = before.info.env
      .map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)] as const)
      .filter(([name, value]) => SECRET_NAME.test(name) && value.length > 0);
    const inEnv = secrets.filter(([name, value]) => after.info.env.includes(`${name}=${value}`)).map(([name]) => name);
    const inHistory = secrets.filter(([, value]) => after.history.some((h) => h.createdBy.includes(value))).map(([name]) => name);
    if (inEnv.length > 0 || inHistory.length > 0) {
      return failed(`still in the fixed image: ${[...inEnv.map((n) => `${n} in Env`), ...inHistory.map((n) => `${n}'s value in history`)].join(', ')}`);
    }
    return verified(`${secrets.length} secret-looking variable${secrets.length === 1 ? '' : 's'} (${secrets.map(([n]) => n).join(', ') || 'none'}) gone from Env and history`);
  },
};
export default verifier;
