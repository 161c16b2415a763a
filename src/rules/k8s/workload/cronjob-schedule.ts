import { defineK8sRule } from '../../../core/rule.js';
import type { TextEdit } from '../../../core/types.js';
import { setPath } from '../../../k8s/edit.js';
import type { K8sObject } from '../../../k8s/model.js';
import { kubernetesMinor } from '../../../k8s/pss.js';
import { asRecord } from '../../../k8s/values.js';
import { editTarget, fixOf } from './support.js';

const cronJob = (spec: string) =>
  `apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: report\nspec:\n${spec}  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n            - name: report\n              image: report:1.0\n`;

/** The descriptors robfig/cron's standard parser (the CronJob controller's) accepts instead of five fields. */
const DESCRIPTORS = /^@(yearly|annually|monthly|weekly|daily|midnight|hourly|every\s+\S+)$/;
const TIME_ZONE_PREFIX = /^(CRON_TZ|TZ)=(\S+)\s+/;

/** The edit that removes the `CRON_TZ=… ` prefix from the schedule scalar, keeping its quoting (null for block scalars). */
function dropPrefix(object: K8sObject, text: string, rest: string): TextEdit | null {
  const node = object.locate(['spec', 'schedule']).node;
  if (node?.kind !== 'scalar' || node.alias) return null;
  const source = text.slice(node.span.start, node.span.end);
  const quote = source[0];
  if (quote === '"' || quote === "'") return { span: { ...node.span }, text: quote === '"' ? JSON.stringify(rest) : `'${rest.replaceAll("'", "''")}'` };
  if (quote === '|' || quote === '>') return null;
  // A plain scalar may not start with `*` (an alias) or `@` (reserved): quote it then.
  return { span: { ...node.span }, text: /^[0-9]/.test(rest) ? rest : JSON.stringify(rest) };
}

export default defineK8sRule({
  meta: {
    id: 'k8s/cronjob-schedule',
    title: 'CronJob schedule invalid or with a time-zone prefix',
    severity: 'warning',
    category: 'correctness',
    rationale:
      'A CronJob schedule has five fields (minute, hour, day of month, month, day of week) or a descriptor such as `@daily`; a six-field expression copied from Quartz or Spring (with seconds) is rejected. A `CRON_TZ=` or `TZ=` prefix is not supported by Kubernetes (the API server warns, and rejects it when `timeZone` is also set); since 1.27 the `timeZone` field says the same thing. The fix moves the prefix into `timeZone` when the target Kubernetes version has the field (1.27 and later), which keeps the schedule as it was.',
    aliases: {},
    fixable: true,
    defaultOptions: {},
    examples: {
      bad: [
        {
          filename: 'cronjob.yaml',
          code: cronJob('  schedule: "CRON_TZ=Europe/Berlin 0 3 * * *" # nightly\n'),
          output: cronJob('  schedule: "0 3 * * *" # nightly\n') + '  timeZone: Europe/Berlin\n',
        },
        { filename: 'cronjob.yaml', code: cronJob('  schedule: "0 */5 * * * *"\n') },
      ],
      good: [{ filename: 'cronjob.yaml', code: cronJob('  schedule: "0 3 * * *"\n  timeZone: Europe/Berlin\n') }, { filename: 'cronjob.yaml', code: cronJob('  schedule: "@hourly"\n') }],
    },
  },
  check(context) {
    const target = editTarget(context);
    const minor = kubernetesMinor(context.settings);
    for (const object of context.k8s.objects) {
      if (object.kind !== 'CronJob' || !object.apiVersion.startsWith('batch/')) continue;
      const spec = asRecord(object.value.spec);
      const schedule = spec?.schedule;
      if (typeof schedule !== 'string') continue;
      const prefix = TIME_ZONE_PREFIX.exec(schedule.trim());
      const expression = prefix ? schedule.trim().slice(prefix[0].length).trim() : schedule.trim();
      const fields = expression.split(/\s+/).filter(Boolean).length;
      if (!DESCRIPTORS.test(expression) && fields !== 5) {
        context.reportAt(object, ['spec', 'schedule'], {
          message: `The schedule "${expression}" has ${fields} field${fields === 1 ? '' : 's'}, which the API server rejects: a CronJob takes five (minute hour day-of-month month day-of-week, no seconds) or a descriptor such as @daily.`,
        });
        continue;
      }
      // Before 1.25 there was no timeZone field, so the prefix was the only way to say it.
      if (!prefix || minor < 25) continue;
      const zone = prefix[2];
      const hasField = spec?.timeZone !== undefined && spec.timeZone !== null;
      const fix = hasField ? undefined : fixOf(`Move ${zone} into timeZone`, [dropPrefix(object, context.source.text, expression), setPath(target, object, ['spec', 'timeZone'], zone)]);
      context.reportAt(object, ['spec', 'schedule'], {
        message: hasField
          ? `The schedule starts with ${prefix[1]}= although timeZone is set: the API server rejects that; remove the prefix.`
          : `${prefix[1]}= in a schedule is not supported: set timeZone: ${zone} and keep the schedule to its five fields.`,
        fix: minor >= 27 ? fix : undefined,
        suggestions: minor < 27 && fix ? [fix] : undefined,
      });
    }
  },
});
