import { defineK8sRule } from '../../../core/rule.js';
import { checkRequired } from './required-labels.js';

interface Options {
  /** Annotation keys every object must carry; `key=regex` also checks the value. */
  annotations: string[];
}

export default defineK8sRule<Options>({
  meta: {
    id: 'k8s/required-annotations',
    title: 'Required annotation missing',
    severity: 'warning',
    category: 'maintainability',
    rationale:
      'Annotations such as a contact e-mail or a runbook link tell the person paged at night whom to call. List the keys your organisation requires in `annotations` (`key` or `key=regex`, e.g. `email=^[^@]+@[^@]+$` as kube-linter\'s required-annotation-email); with none listed the rule does nothing, so it is off by default.',
    aliases: { 'kube-linter': ['required-annotation-email'] },
    recommended: false,
    fixable: false,
    defaultOptions: { annotations: [] },
    examples: {
      bad: [{ filename: 'cm.yaml', options: { annotations: ['email=^[^@]+@[^@]+$'] }, code: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n  annotations:\n    email: team-web\n' }],
      good: [{ filename: 'cm.yaml', options: { annotations: ['email=^[^@]+@[^@]+$'] }, code: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n  annotations:\n    email: web@example.com\n' }],
    },
  },
  check(context) {
    checkRequired(context, 'annotations', context.options.annotations);
  },
});
