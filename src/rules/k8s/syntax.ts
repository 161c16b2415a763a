import { defineK8sRule } from '../../core/rule.js';

export default defineK8sRule({
  meta: {
    id: 'k8s/yaml-syntax',
    title: 'Invalid YAML',
    severity: 'error',
    category: 'syntax',
    rationale: 'kubectl and every controller reject a manifest that is not valid YAML, so nothing in the document is applied.',
    aliases: {},
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ filename: 'pod.yaml', code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n   labels: {}\n' }],
      good: [{ filename: 'pod.yaml', code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n' }],
    },
  },
  check(context) {
    for (const issue of context.k8s.issues) {
      if (issue.severity === 'error') context.report({ message: issue.message, range: issue.range });
    }
  },
});
