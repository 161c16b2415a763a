import { defineK8sRule } from '../../../core/rule.js';
import { removeSequenceItem } from '../../../k8s/edit.js';
import { containersOf } from '../../../k8s/workloads.js';
import { pod } from './snippets.js';
import { containerLabel, editTarget, fixOf, recordsOf } from './support.js';

export default defineK8sRule({
  meta: {
    id: 'k8s/duplicate-env-var',
    title: 'Environment variable defined twice',
    severity: 'warning',
    category: 'correctness',
    rationale:
      'When a container lists the same variable twice, the kubelet keeps the last definition and the earlier one does nothing, which usually means someone edited the wrong one. The fix removes the earlier, ineffective definition, which is what the kubelet already ignores.',
    aliases: { 'kube-linter': ['duplicate-env-var'], 'kube-score': ['environment-variable-key-duplication'] },
    fixable: true,
    defaultOptions: {},
    examples: {
      bad: [
        {
          filename: 'pod.yaml',
          code: pod('containers:\n  - name: web\n    image: app:1.0\n    env:\n      - name: LOG_LEVEL\n        value: debug\n      # production setting\n      - name: LOG_LEVEL\n        value: info\n'),
          output: pod('containers:\n  - name: web\n    image: app:1.0\n    env:\n      # production setting\n      - name: LOG_LEVEL\n        value: info\n'),
        },
      ],
      good: [{ filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: app:1.0\n    env:\n      - {name: LOG_LEVEL, value: info}\n      - {name: LOG_FORMAT, value: json}\n') }],
    },
  },
  check(context) {
    const target = editTarget(context);
    for (const object of context.k8s.objects) {
      for (const container of containersOf(object)) {
        const entries = recordsOf(container.value.env).filter(({ item }) => typeof item.name === 'string');
        const lastIndex = new Map<string, number>();
        for (const { item, index } of entries) lastIndex.set(item.name as string, index);
        // A `$(NAME)` reference between the two definitions sees the earlier value: removing it would change that.
        const referenced = (name: string) => entries.some(({ item }) => typeof item.value === 'string' && item.value.includes(`$(${name})`));
        for (const { item, index } of entries) {
          const name = item.name as string;
          const last = lastIndex.get(name)!;
          if (last === index) continue;
          const lastLine = object.locate([...container.path, 'env', last, 'name']).range.start.line;
          context.reportAt(object, [...container.path, 'env', index, 'name'], {
            message: `${containerLabel(container)} defines ${name} again on line ${lastLine}; that later definition wins, so this one has no effect.`,
            fix: referenced(name) ? undefined : fixOf(`Remove the ineffective definition of ${name}`, [removeSequenceItem(target, object, [...container.path, 'env'], index)]),
          });
        }
      }
    }
  },
});
