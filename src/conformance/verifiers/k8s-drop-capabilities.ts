/** k8s/drop-capabilities: with drop: [ALL], PID 1 has no effective capabilities beyond those added back. */
import { checkContainers } from './support.js';
import type { K8sVerifier } from './types.js';

/** Linux capability numbers of what the restricted profile lets a container add back. */
const CAPABILITY_BITS: Record<string, number> = { NET_BIND_SERVICE: 10 };

const verifier: K8sVerifier = {
  domain: 'k8s',
  rule: ['k8s/pss-capabilities-restricted', 'k8s/drop-capabilities', 'k8s/capabilities-drop-all', 'k8s/drop-all-capabilities', 'insecureCapabilities', 'capabilities_restricted'],
  name: 'capabilities dropped',
  promise: 'CapEff of PID 1 is empty, apart from capabilities added back explicitly',
  async verify({ containers }) {
    return checkContainers(
      containers,
      (c) => c.expected.dropCapabilities.includes('ALL'),
      (c, facts) => {
        const allowed = c.expected.addCapabilities.reduce((mask, cap) => mask | (CAPABILITY_BITS[cap.replace(/^CAP_/, '')] !== undefined ? 1n << BigInt(CAPABILITY_BITS[cap.replace(/^CAP_/, '')]) : 0n), 0n);
        if (facts.capEff === null) return 'CapEff could not be read';
        return (facts.capEff & ~allowed) === 0n ? null : `CapEff is ${facts.capEff.toString(16)}`;
      },
      (c, facts) => `CapEff ${c.before?.capEff?.toString(16) ?? '?'} → ${facts.capEff?.toString(16)}`,
    );
  },
};
export default verifier;
