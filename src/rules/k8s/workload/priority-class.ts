import { defineK8sRule } from '../../../core/rule.js';
import { podSpecOf } from '../../../k8s/workloads.js';
import { deployment } from './snippets.js';
import { objectLabel } from './support.js';

interface Options {
  /** Priority classes that may be used; empty allows any. */
  allowed: string[];
}

export default defineK8sRule<Options>({
  meta: {
    id: 'k8s/priority-class',
    title: 'No priority class',
    severity: 'info',
    category: 'reliability',
    rationale:
      'Without `priorityClassName` every pod has the same priority, so under pressure the scheduler may preempt a critical service to make room for a batch job. Name a PriorityClass; `allowed` limits the choice. Off by default, as in kube-linter.',
    aliases: { 'kube-linter': ['priority-class-name'], polaris: ['priorityClassNotSet'] },
    recommended: false,
    fixable: false,
    defaultOptions: { allowed: [] },
    examples: {
      bad: [
        { filename: 'deploy.yaml', code: deployment('containers:\n  - name: web\n    image: app:1.0\n') },
        { filename: 'deploy.yaml', options: { allowed: ['business-critical'] }, code: deployment('priorityClassName: system-node-critical\ncontainers:\n  - name: web\n    image: app:1.0\n') },
      ],
      good: [{ filename: 'deploy.yaml', code: deployment('priorityClassName: business-critical\ncontainers:\n  - name: web\n    image: app:1.0\n') }],
    },
  },
  check(context) {
    const { allowed } = context.options;
    for (const object of context.k8s.objects) {
      const pod = podSpecOf(object);
      if (!pod) continue;
      const name = pod.spec.priorityClassName;
      if (typeof name !== 'string' || name === '') {
        context.reportAt(object, pod.path, { part: 'key', message: `${objectLabel(object)} sets no priorityClassName: name a PriorityClass so that scheduling under pressure follows importance.` });
      } else if (allowed.length > 0 && !allowed.includes(name)) {
        context.reportAt(object, [...pod.path, 'priorityClassName'], { message: `Priority class "${name}" is not one of the allowed classes (${allowed.join(', ')}).` });
      }
    }
  },
});
