import { defineK8sRule } from '../../../core/rule.js';
import { asRecord } from '../../../k8s/values.js';
import { objectLabel } from './support.js';

const BATCH = ['batch/v1', 'batch/v1beta1'];

export default defineK8sRule({
  meta: {
    id: 'k8s/job-ttl-seconds-after-finished',
    title: 'Job without ttlSecondsAfterFinished (or CronJob job with one)',
    severity: 'warning',
    category: 'reliability',
    rationale:
      'A finished Job and its pods stay in the cluster until someone deletes them, holding their logs, quota and etcd space. Set `ttlSecondsAfterFinished` on a standalone Job so it is cleaned up. A CronJob already keeps only its last jobs (successfulJobsHistoryLimit, failedJobsHistoryLimit); a TTL on its job template deletes jobs the history limits meant to keep.',
    aliases: { 'kube-linter': ['job-ttl-seconds-after-finished'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [
        { filename: 'job.yaml', code: 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: migrate, image: "app:1.0"}]\n' },
        { filename: 'cron.yaml', code: 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: report\nspec:\n  schedule: "0 3 * * *"\n  jobTemplate:\n    spec:\n      ttlSecondsAfterFinished: 60\n      template:\n        spec:\n          restartPolicy: Never\n          containers: [{name: report, image: "app:1.0"}]\n' },
      ],
      good: [{ filename: 'job.yaml', code: 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\nspec:\n  ttlSecondsAfterFinished: 3600\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: migrate, image: "app:1.0"}]\n' }],
    },
  },
  check(context) {
    for (const object of context.k8s.objects) {
      if (!BATCH.includes(object.apiVersion)) continue;
      const spec = asRecord(object.value.spec);
      if (!spec) continue;
      if (object.kind === 'Job') {
        // A Job created by a CronJob (or another controller) is cleaned up by its owner.
        const owners = asRecord(object.value.metadata)?.ownerReferences;
        if (spec.ttlSecondsAfterFinished !== undefined || (Array.isArray(owners) && owners.length > 0)) continue;
        context.reportAt(object, ['spec'], { part: 'key', message: `${objectLabel(object)} sets no ttlSecondsAfterFinished: it and its pods stay after it finishes; set a TTL so they are cleaned up.` });
      } else if (object.kind === 'CronJob') {
        const jobSpec = asRecord(asRecord(spec.jobTemplate)?.spec);
        if (jobSpec?.ttlSecondsAfterFinished === undefined) continue;
        context.reportAt(object, ['spec', 'jobTemplate', 'spec', 'ttlSecondsAfterFinished'], {
          part: 'key',
          message: `${objectLabel(object)}'s jobs set ttlSecondsAfterFinished, which fights the CronJob's history limits: use successfulJobsHistoryLimit and failedJobsHistoryLimit instead.`,
        });
      }
    }
  },
});
