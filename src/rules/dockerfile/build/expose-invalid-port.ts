import { defineDockerfileRule } from '../../../core/rule.js';
import { exposedPorts, portNumbers } from './expose-util.js';

const PROTOCOLS = ['tcp', 'udp', 'sctp'];

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/expose-invalid-port',
    title: 'EXPOSE port or protocol is invalid',
    severity: 'error',
    category: 'correctness',
    rationale: 'Ports are numbers from 0 to 65535 (a range is `low-high`) and the protocol is `tcp`, `udp` or `sctp`; anything else makes the build fail.',
    aliases: { hadolint: ['DL3011'], 'dockerfile-utils': ['INVALID_PORT', 'INVALID_PROTO'], trivy: ['DS-0008', 'DS008'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM nginx:1.27\nEXPOSE 80800\n' }, { code: 'FROM nginx:1.27\nEXPOSE 80/http\n' }, { code: 'FROM nginx:1.27\nEXPOSE 9000-8000\n' }],
      good: [{ code: 'FROM nginx:1.27\nEXPOSE 80 443/tcp 8000-8010/udp 65535\n' }, { code: 'ARG PORT=80\nFROM nginx:1.27\nEXPOSE $PORT\n' }],
    },
  },
  check(context) {
    for (const { word, port, protocol } of exposedPorts(context.dockerfile)) {
      const numbers = portNumbers(port);
      if (!numbers || numbers[1] > 65535 || numbers[0] > numbers[1]) {
        context.report({ message: `"${port}" is not a valid port: use a number from 0 to 65535 or a range low-high.`, range: word.range });
      } else if (protocol !== null && !PROTOCOLS.includes(protocol.toLowerCase())) {
        context.report({ message: `"${protocol}" is not a valid protocol: use tcp, udp or sctp.`, range: word.range });
      }
    }
  },
});
