/** k8s/container-resources: the memory and CPU limits are in the container's cgroup. */
import { checkContainers } from './support.js';
import type { K8sVerifier } from './types.js';

const verifier: K8sVerifier = {
  domain: 'k8s',
  rule: ['k8s/container-resources', 'unset-memory-requirements', 'unset-cpu-requirements', 'cpuLimitsMissing', 'memoryLimitsMissing'],
  name: 'limits in the cgroup',
  promise: "the container's cgroup enforces the manifest's memory and CPU limits",
  async verify({ containers }) {
    return checkContainers(
      containers,
      (c) => c.expected.memoryLimit !== undefined || c.expected.cpuLimit !== undefined,
      (c, facts) => {
        if (c.expected.memoryLimit !== undefined && facts.memoryLimit !== c.expected.memoryLimit) return `memory limit in the cgroup is ${facts.memoryLimit ?? 'unlimited'}, expected ${c.expected.memoryLimit}`;
        if (c.expected.cpuLimit !== undefined && (facts.cpuLimit === null || Math.abs(facts.cpuLimit - c.expected.cpuLimit) > 0.01)) return `CPU limit in the cgroup is ${facts.cpuLimit ?? 'unlimited'}, expected ${c.expected.cpuLimit}`;
        return null;
      },
      (_, facts) => `cgroup memory ${facts.memoryLimit ?? 'unlimited'} bytes, cpu ${facts.cpuLimit ?? 'unlimited'} cores`,
    );
  },
};
export default verifier;
