import { isDeepStrictEqual } from 'node:util';
import { defineK8sRule } from '../../../core/rule.js';
import { containersOf } from '../../../k8s/workloads.js';
import { deployment } from './snippets.js';
import { containerLabel } from './support.js';

export default defineK8sRule({
  meta: {
    id: 'k8s/identical-probes',
    title: 'Liveness and readiness probes are identical',
    severity: 'warning',
    category: 'reliability',
    rationale:
      'Readiness says "send me no traffic now", liveness says "restart me". When both ask the same thing, an overloaded pod is taken out of the Service and then killed at once, and a slow dependency restarts every replica together. Make the liveness probe check only that the process itself works, or give it a larger threshold.',
    aliases: { 'kube-score': ['pod-probes-identical'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ filename: 'deploy.yaml', code: deployment('containers:\n  - name: web\n    image: app:1.0\n    readinessProbe:\n      httpGet: {path: /healthz, port: 8080}\n    livenessProbe:\n      httpGet: {path: /healthz, port: 8080}\n') }],
      good: [{ filename: 'deploy.yaml', code: deployment('containers:\n  - name: web\n    image: app:1.0\n    readinessProbe:\n      httpGet: {path: /ready, port: 8080}\n    livenessProbe:\n      httpGet: {path: /healthz, port: 8080}\n      failureThreshold: 6\n') }],
    },
  },
  check(context) {
    for (const object of context.k8s.objects) {
      for (const container of containersOf(object)) {
        const { livenessProbe, readinessProbe } = container.value;
        if (!livenessProbe || typeof livenessProbe !== 'object' || !isDeepStrictEqual(livenessProbe, readinessProbe)) continue;
        context.reportAt(object, [...container.path, 'livenessProbe'], {
          part: 'key',
          message: `${containerLabel(container)}'s liveness probe is identical to its readiness probe: a busy pod would be restarted instead of just taken out of rotation.`,
        });
      }
    }
  },
});
