/**
 * dockerfile/json-args-recommended: exec-form CMD/ENTRYPOINT runs the program as
 * PID 1 without a shell, so SIGTERM reaches it and `stop` is quick.
 */
import { failed, isShellWrapped, verified } from './support.js';
import type { DockerfileVerifier } from './types.js';

const verifier: DockerfileVerifier = {
  domain: 'dockerfile',
  rule: ['dockerfile/json-args-recommended', 'JSONArgsRecommended', 'DL3025'],
  name: 'exec-form CMD receives SIGTERM',
  promise: 'CMD/ENTRYPOINT run without a /bin/sh -c wrapper, so the program gets SIGTERM: stop takes well under the kill timeout',
  async verify({ before, after, stopTimeoutSec }) {
    const wrapped = [after.info.entrypoint, after.info.cmd].find(isShellWrapped);
    if (wrapped) return failed(`the fixed image still runs ${JSON.stringify(wrapped)}`);
    const argv = JSON.stringify([...(after.info.entrypoint ?? []), ...(after.info.cmd ?? [])]);
    if (after.run.state !== 'still-running' || after.run.stopMs === undefined) {
      return verified(`runs ${argv} without a shell; the program ended on its own, so the stop time was not measured`);
    }
    const limitMs = stopTimeoutSec * 1000;
    const stop = (ms: number | undefined) => (ms === undefined ? 'not measured' : `${(ms / 1000).toFixed(1)} s`);
    if (after.run.stopMs >= limitMs / 2) return failed(`stop took ${stop(after.run.stopMs)} with a ${stopTimeoutSec} s kill timeout: SIGTERM did not end the program`);
    return verified(`runs ${argv} without a shell; stop took ${stop(before.run.stopMs)} before, ${stop(after.run.stopMs)} after (kill timeout ${stopTimeoutSec} s)`);
  },
};
export default verifier;
