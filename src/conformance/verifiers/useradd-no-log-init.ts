/** dockerfile/useradd-no-log-init: `useradd -l` keeps the sparse lastlog/faillog files from growing the layer. */
import { failed, inconclusive, probeBoth, verified } from './support.js';
import type { DockerfileVerifier } from './types.js';

/** Allocated (not apparent) size of the log files useradd writes, and the users that exist. */
const LOGS = "du -sk /var/log/lastlog /var/log/faillog 2>/dev/null | awk '{s+=$1} END {print s+0}'; cut -d: -f1 /etc/passwd | sort | tr '\\n' ' '";

const verifier: DockerfileVerifier = {
  domain: 'dockerfile',
  rule: ['dockerfile/useradd-no-log-init', 'DL3046'],
  name: 'no lastlog growth',
  promise: 'the same users exist, and /var/log/lastlog and faillog do not grow with the uid',
  async verify({ before, after }) {
    const [a, b] = await probeBoth(before, after, LOGS);
    if (a === null || b === null) return inconclusive('the log files could not be measured');
    const [kbBefore, usersBefore] = a.split('\n');
    const [kbAfter, usersAfter] = b.split('\n');
    if (usersBefore !== usersAfter) return failed(`users differ: ${usersBefore} → ${usersAfter}`);
    if (Number(kbAfter) > Number(kbBefore)) return failed(`lastlog/faillog grew: ${kbBefore} → ${kbAfter} KiB`);
    return verified(`same users; lastlog+faillog ${kbBefore} → ${kbAfter} KiB allocated`);
  },
};
export default verifier;
