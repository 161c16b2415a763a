/** k8s/drop-net-raw: PID 1 of the container does not hold CAP_NET_RAW. */
import { checkContainers } from './support.js';
import type { K8sVerifier } from './types.js';

const NET_RAW = 1n << 13n;

const verifier: K8sVerifier = {
  domain: 'k8s',
  rule: ['k8s/drop-net-raw', 'drop-net-raw-capability', 'CKV_K8S_28'],
  name: 'NET_RAW dropped',
  promise: 'CapEff of PID 1 has no CAP_NET_RAW (no raw sockets, no ARP/ICMP spoofing)',
  async verify({ containers }) {
    return checkContainers(
      containers,
      (c) => c.expected.dropCapabilities.includes('NET_RAW') || c.expected.dropCapabilities.includes('ALL'),
      (_, facts) => (facts.capEff === null ? 'CapEff could not be read' : (facts.capEff & NET_RAW) === 0n ? null : 'CAP_NET_RAW is still effective'),
      (c, facts) => `CapEff ${c.before?.capEff?.toString(16) ?? '?'} → ${facts.capEff?.toString(16)}, no NET_RAW`,
    );
  },
};
export default verifier;
