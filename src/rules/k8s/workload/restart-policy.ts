import { defineK8sRule } from '../../../core/rule.js';
import { podSpecOf } from '../../../k8s/workloads.js';
import { deployment } from './snippets.js';
import { LONG_RUNNING_KINDS, objectLabel } from './support.js';

export default defineK8sRule({
  meta: {
    id: 'k8s/restart-policy',
    title: 'restartPolicy not allowed for this kind',
    severity: 'error',
    category: 'correctness',
    rationale:
      'Each controller accepts only some restart policies: Deployments, StatefulSets, DaemonSets and ReplicaSets only `Always` (their pods must keep running); Jobs and CronJobs only `OnFailure` or `Never`, and they must say which, because the default (Always) is rejected. The API server refuses anything else.',
    aliases: { 'kube-linter': ['restart-policy'], 'kube-score': ['cronjob-restartpolicy'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [
        { filename: 'job.yaml', code: 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\nspec:\n  template:\n    spec:\n      containers:\n        - name: migrate\n          image: app:1.0\n' },
        { filename: 'deploy.yaml', code: deployment('restartPolicy: OnFailure\ncontainers:\n  - name: web\n    image: app:1.0\n') },
      ],
      good: [{ filename: 'job.yaml', code: 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\nspec:\n  template:\n    spec:\n      restartPolicy: OnFailure\n      containers:\n        - name: migrate\n          image: app:1.0\n' }],
    },
  },
  check(context) {
    for (const object of context.k8s.objects) {
      const pod = podSpecOf(object);
      if (!pod) continue;
      const policy = pod.spec.restartPolicy;
      const path = [...pod.path, 'restartPolicy'];
      if (object.kind === 'Job' || object.kind === 'CronJob') {
        if (policy === 'OnFailure' || policy === 'Never') continue;
        context.reportAt(object, policy === undefined ? pod.path : path, {
          part: policy === undefined ? 'key' : 'value',
          message: `${objectLabel(object)}'s pods need restartPolicy OnFailure or Never${policy === undefined ? ' (the default, Always, is rejected for Jobs)' : `, not ${String(policy)}`}.`,
        });
      } else if (LONG_RUNNING_KINDS.has(object.kind) && policy !== undefined && policy !== 'Always') {
        context.reportAt(object, path, { message: `${objectLabel(object)}'s pods must use restartPolicy Always (or leave it out), not ${String(policy)}.` });
      }
    }
  },
});
