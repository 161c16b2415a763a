import { defineK8sRule, type K8sRuleContext } from '../../../core/rule.js';
import { asRecord } from '../../../k8s/values.js';
import { objectLabel } from './support.js';

interface Options {
  /** Label keys every object must carry; `key=regex` also checks the value. */
  labels: string[];
}

export default defineK8sRule<Options>({
  meta: {
    id: 'k8s/required-labels',
    title: 'Required label missing',
    severity: 'warning',
    category: 'maintainability',
    rationale:
      'Labels such as `owner`, `team` or `app.kubernetes.io/name` are how people and tools find who runs an object, how it is billed and what it belongs to. List the keys your organisation requires in `labels` (`key` or `key=regex` to check the value too); with none listed the rule does nothing, so it is off by default.',
    aliases: { 'kube-linter': ['required-label-owner'] },
    recommended: false,
    fixable: false,
    defaultOptions: { labels: [] },
    examples: {
      bad: [{ filename: 'cm.yaml', options: { labels: ['owner', 'app.kubernetes.io/name'] }, code: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n  labels:\n    owner: team-web\n' }],
      good: [{ filename: 'cm.yaml', options: { labels: ['owner=^team-'] }, code: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n  labels:\n    owner: team-web\n' }],
    },
  },
  check(context) {
    checkRequired(context, 'labels', context.options.labels);
  },
});

/** Reports every required key (`key` or `key=regex`) missing from (or not matching in) `metadata.<field>`. */
export function checkRequired(
  context: K8sRuleContext<object>,
  field: 'labels' | 'annotations',
  required: readonly string[],
): void {
  if (required.length === 0) return;
  const specs = required.map((entry) => {
    const eq = entry.indexOf('=');
    return eq < 0 ? { key: entry, pattern: null } : { key: entry.slice(0, eq), pattern: new RegExp(entry.slice(eq + 1)) };
  });
  const noun = field === 'labels' ? 'label' : 'annotation';
  for (const object of context.k8s.objects) {
    const values = asRecord(asRecord(object.value.metadata)?.[field]) ?? {};
    for (const { key, pattern } of specs) {
      const value = values[key];
      if (value === undefined || value === null) {
        context.reportAt(object, ['metadata', field], { part: 'key', message: `${objectLabel(object)} has no ${noun} "${key}", which is required.` });
      } else if (pattern && !pattern.test(String(value))) {
        context.reportAt(object, ['metadata', field, key], { message: `${objectLabel(object)}'s ${noun} ${key}="${String(value)}" does not match ${pattern.source}.` });
      }
    }
  }
}
