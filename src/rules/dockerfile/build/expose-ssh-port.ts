import { defineDockerfileRule } from '../../../core/rule.js';
import { exposedPorts, portNumbers } from './expose-util.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/expose-ssh-port',
    title: 'Port 22 (SSH) exposed',
    severity: 'warning',
    category: 'security',
    rationale:
      'An SSH server in a container is one more service to patch and a door around the orchestrator\'s access control and audit log. Use `docker exec` / `kubectl exec` to get a shell, and keep sshd out of the image.',
    aliases: { checkov: ['CKV_DOCKER_1'], trivy: ['DS-0004', 'DS004'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM ubuntu:24.04\nEXPOSE 22 8080\n' }, { code: 'FROM ubuntu:24.04\nEXPOSE 20-30/tcp\n' }],
      good: [{ code: 'FROM ubuntu:24.04\nEXPOSE 8080 2222/udp\n' }],
    },
  },
  check(context) {
    for (const { word, port, protocol } of exposedPorts(context.dockerfile)) {
      const numbers = portNumbers(port);
      if (!numbers || numbers[0] > 22 || numbers[1] < 22 || (protocol !== null && protocol.toLowerCase() !== 'tcp')) continue;
      context.report({ message: 'Port 22 (SSH) is exposed: use docker exec or kubectl exec instead of an SSH server in the container.', range: word.range });
    }
  },
});
