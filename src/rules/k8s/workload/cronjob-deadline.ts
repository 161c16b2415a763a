import { defineK8sRule } from '../../../core/rule.js';
import { asRecord } from '../../../k8s/values.js';
import { objectLabel } from './support.js';

const cron = (spec: string) => `apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: report\nspec:\n  schedule: "0 3 * * *"\n${spec}  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers: [{name: report, image: "app:1.0"}]\n`;

export default defineK8sRule({
  meta: {
    id: 'k8s/cronjob-deadline',
    title: 'CronJob without startingDeadlineSeconds',
    severity: 'warning',
    category: 'reliability',
    rationale:
      'Without `startingDeadlineSeconds` a CronJob whose controller was down counts every schedule it missed since the last run; after 100 it stops scheduling the job altogether ("too many missed start times"). A deadline bounds how late a run may start and how far back the controller looks.',
    aliases: { 'kube-score': ['cronjob-has-deadline'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ filename: 'cron.yaml', code: cron('') }],
      good: [{ filename: 'cron.yaml', code: cron('  startingDeadlineSeconds: 600\n') }],
    },
  },
  check(context) {
    for (const object of context.k8s.objects) {
      if (object.kind !== 'CronJob' || !object.apiVersion.startsWith('batch/')) continue;
      const spec = asRecord(object.value.spec);
      if (!spec) continue;
      const deadline = spec.startingDeadlineSeconds;
      if (typeof deadline === 'number' && deadline > 0) continue;
      context.reportAt(object, deadline === undefined ? ['spec'] : ['spec', 'startingDeadlineSeconds'], {
        part: deadline === undefined ? 'key' : 'value',
        message: `${objectLabel(object)} has no positive startingDeadlineSeconds: a controller outage can make it stop scheduling; set a deadline.`,
      });
    }
  },
});
