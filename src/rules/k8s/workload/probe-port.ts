import { defineK8sRule } from '../../../core/rule.js';
import { asRecord } from '../../../k8s/values.js';
import { containersOf } from '../../../k8s/workloads.js';
import { pod } from './snippets.js';
import { containerLabel, recordsOf } from './support.js';

interface Options {
  /** Also report a numeric probe port that the container's `ports` do not list (kube-linter does); off by default because undeclared ports work. */
  requireDeclaredNumericPort: boolean;
}

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;

export default defineK8sRule<Options>({
  meta: {
    id: 'k8s/probe-port',
    title: 'Probe uses a port the container does not have',
    severity: 'error',
    category: 'correctness',
    rationale:
      'A probe that names a port the container does not declare never connects: a liveness probe then restarts the container forever, a readiness probe keeps it out of its Service. Named ports must match a `ports[].name` of the same container. With `requireDeclaredNumericPort`, numeric ports must be declared too, as kube-linter asks.',
    aliases: { 'kube-linter': ['liveness-port', 'readiness-port', 'startup-port'] },
    fixable: false,
    defaultOptions: { requireDeclaredNumericPort: false },
    examples: {
      bad: [
        { filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: app:1.0\n    ports:\n      - {name: http, containerPort: 8080}\n    livenessProbe:\n      httpGet: {path: /healthz, port: health}\n') },
        { filename: 'pod.yaml', options: { requireDeclaredNumericPort: true }, code: pod('containers:\n  - name: web\n    image: app:1.0\n    ports:\n      - {name: http, containerPort: 8080}\n    readinessProbe:\n      tcpSocket: {port: 9090}\n') },
      ],
      good: [{ filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: app:1.0\n    ports:\n      - {name: http, containerPort: 8080}\n    livenessProbe:\n      httpGet: {path: /healthz, port: http}\n    readinessProbe:\n      tcpSocket: {port: 8080}\n    startupProbe:\n      grpc: {port: 9090}\n') }],
    },
  },
  check(context) {
    for (const object of context.k8s.objects) {
      for (const container of containersOf(object)) {
        const ports = recordsOf(container.value.ports).map(({ item }) => item);
        const names = new Set(ports.map((p) => p.name).filter((n) => typeof n === 'string'));
        const numbers = new Set(ports.map((p) => p.containerPort).filter((n) => typeof n === 'number'));
        for (const probe of PROBES) {
          const handler = asRecord(container.value[probe]);
          if (!handler) continue;
          for (const action of ['httpGet', 'tcpSocket', 'grpc'] as const) {
            const port = asRecord(handler[action])?.port;
            const path = [...container.path, probe, action, 'port'];
            if (typeof port === 'string' && !/^\d+$/.test(port)) {
              if (names.has(port)) continue;
              context.reportAt(object, path, {
                message: `${containerLabel(container)}'s ${probe} uses port "${port}", but the container has no port of that name${names.size > 0 ? ` (it has ${[...names].map((n) => `"${String(n)}"`).join(', ')})` : ''}.`,
              });
            } else if (context.options.requireDeclaredNumericPort && typeof port === 'number' && !numbers.has(port)) {
              context.reportAt(object, path, {
                message: `${containerLabel(container)}'s ${probe} uses port ${port}, which the container's ports do not list.`,
              });
            }
          }
        }
      }
    }
  },
});
