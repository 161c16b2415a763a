import { defineK8sRule } from '../../../core/rule.js';
import { containersOf } from '../../../k8s/workloads.js';
import { deployment } from './snippets.js';
import { containerAnchor, containerLabel, LONG_RUNNING_KINDS } from './support.js';

interface Options {
  liveness: boolean;
  readiness: boolean;
  startup: boolean;
}

export default defineK8sRule<Options>({
  meta: {
    id: 'k8s/missing-probes',
    title: 'Container without liveness or readiness probe',
    severity: 'warning',
    category: 'reliability',
    rationale:
      'Without a readiness probe a pod gets traffic as soon as its process starts, before it can serve, and keeps getting it when it hangs; without a liveness probe a deadlocked process is never restarted. The options say which probes a long-running container (Deployment, StatefulSet, DaemonSet, ReplicaSet) must have: liveness and readiness by default, startup on request.',
    aliases: {
      'kube-linter': ['no-liveness-probe', 'no-readiness-probe'],
      'kube-score': ['pod-probes'],
      polaris: ['livenessProbeMissing', 'readinessProbeMissing'],
      checkov: ['CKV_K8S_8', 'CKV_K8S_9'],
    },
    fixable: false,
    defaultOptions: { liveness: true, readiness: true, startup: false },
    examples: {
      bad: [{ filename: 'deploy.yaml', code: deployment('containers:\n  - name: web\n    image: app:1.0\n    readinessProbe:\n      httpGet: {path: /ready, port: 8080}\n') }],
      good: [
        { filename: 'deploy.yaml', code: deployment('containers:\n  - name: web\n    image: app:1.0\n    readinessProbe:\n      httpGet: {path: /ready, port: 8080}\n    livenessProbe:\n      httpGet: {path: /healthz, port: 8080}\n') },
        { filename: 'deploy.yaml', options: { liveness: false }, code: deployment('containers:\n  - name: web\n    image: app:1.0\n    readinessProbe:\n      httpGet: {path: /ready, port: 8080}\n') },
      ],
    },
  },
  check(context) {
    const wanted = (['liveness', 'readiness', 'startup'] as const).filter((probe) => context.options[probe]);
    if (wanted.length === 0) return;
    for (const object of context.k8s.objects) {
      if (!LONG_RUNNING_KINDS.has(object.kind)) continue;
      for (const container of containersOf(object)) {
        // Init containers run to completion and ephemeral ones are for debugging: probes do not apply.
        if (container.kind !== 'containers') continue;
        const missing = wanted.filter((probe) => container.value[`${probe}Probe`] === undefined || container.value[`${probe}Probe`] === null);
        if (missing.length === 0) continue;
        const at = containerAnchor(container);
        context.reportAt(object, at.path, {
          part: at.part,
          message: `${containerLabel(container)} has no ${missing.map((p) => `${p}Probe`).join(' or ')}: add ${missing.length > 1 ? 'them' : 'one'} so Kubernetes knows when it is ${missing.includes('readiness') ? 'ready and ' : ''}healthy.`,
        });
      }
    }
  },
});
