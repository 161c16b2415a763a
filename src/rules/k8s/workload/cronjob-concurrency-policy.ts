import { defineK8sRule } from '../../../core/rule.js';
import { setPath } from '../../../k8s/edit.js';
import { asRecord } from '../../../k8s/values.js';
import { editTarget, fixOf, objectLabel } from './support.js';

const cron = (spec: string) => `apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: report\nspec:\n  schedule: "*/5 * * * *" # every 5 minutes\n${spec}  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers: [{name: report, image: "app:1.0"}]\n`;

export default defineK8sRule({
  meta: {
    id: 'k8s/cronjob-concurrency-policy',
    title: 'CronJob without an explicit concurrencyPolicy',
    severity: 'info',
    category: 'reliability',
    rationale:
      'By default (Allow) a CronJob starts the next run even when the last one is still going, so a slow run piles up copies of itself that compete for the same data. Decide: `Forbid` to skip a run while one is active, `Replace` to cancel the old one, or `Allow` when runs are independent. The fix writes down `Allow`, what the cluster does today; `Forbid` is offered as a suggestion.',
    aliases: {},
    fixable: true,
    defaultOptions: {},
    examples: {
      bad: [{ filename: 'cron.yaml', code: cron(''), output: `${cron('')}  concurrencyPolicy: Allow\n` }],
      good: [{ filename: 'cron.yaml', code: cron('  concurrencyPolicy: Forbid\n') }],
    },
  },
  check(context) {
    const target = editTarget(context);
    for (const object of context.k8s.objects) {
      if (object.kind !== 'CronJob' || !object.apiVersion.startsWith('batch/')) continue;
      const spec = asRecord(object.value.spec);
      if (!spec || spec.concurrencyPolicy !== undefined) continue;
      const forbid = fixOf('Set concurrencyPolicy: Forbid', [setPath(target, object, ['spec', 'concurrencyPolicy'], 'Forbid')]);
      context.reportAt(object, ['spec', 'schedule'], {
        part: 'pair',
        message: `${objectLabel(object)} sets no concurrencyPolicy, so overlapping runs are allowed: choose Forbid, Replace or Allow.`,
        fix: fixOf('Set concurrencyPolicy: Allow (the current behaviour)', [setPath(target, object, ['spec', 'concurrencyPolicy'], 'Allow')]),
        suggestions: forbid ? [forbid] : undefined,
      });
    }
  },
});
