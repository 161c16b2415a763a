import { defineK8sRule } from '../../core/rule.js';

export default defineK8sRule({
  meta: {
    id: 'k8s/duplicate-key',
    title: 'Duplicate key in a mapping',
    severity: 'warning',
    category: 'correctness',
    rationale:
      'With a key written twice, Kubernetes keeps the last value and silently drops the first; strict YAML tools reject the file. Whatever the first value was meant to do, it does not happen.',
    aliases: {},
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ filename: 'svc.yaml', code: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  selector:\n    app: api\n' }],
      good: [{ filename: 'svc.yaml', code: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n' }],
    },
  },
  check(context) {
    for (const issue of context.k8s.issues) {
      if (issue.code === 'DUPLICATE_KEY') context.report({ message: issue.message, range: issue.range });
    }
  },
});
