import { defineK8sRule } from '../../../core/rule.js';
import { removePair, renameKey } from '../../../k8s/edit.js';
import { podSpecOf } from '../../../k8s/workloads.js';
import { deployment } from './snippets.js';
import { editTarget, fixOf } from './support.js';

export default defineK8sRule({
  meta: {
    id: 'k8s/deprecated-service-account-field',
    title: 'Deprecated serviceAccount field',
    severity: 'warning',
    category: 'maintainability',
    rationale:
      '`serviceAccount` is the deprecated alias of `serviceAccountName`; the API server copies one to the other, and when both are set with different values `serviceAccountName` wins silently. Use `serviceAccountName` only. The fix renames the key (or drops it when `serviceAccountName` already says the same).',
    aliases: { 'kube-linter': ['deprecated-service-account-field'] },
    fixable: true,
    defaultOptions: {},
    examples: {
      bad: [
        {
          filename: 'deploy.yaml',
          code: deployment('serviceAccount: web # bound to web-reader\ncontainers:\n  - name: web\n    image: nginx:1.27\n'),
          output: deployment('serviceAccountName: web # bound to web-reader\ncontainers:\n  - name: web\n    image: nginx:1.27\n'),
        },
        {
          filename: 'deploy.yaml',
          code: deployment('serviceAccountName: web\nserviceAccount: web\ncontainers:\n  - name: web\n    image: nginx:1.27\n'),
          output: deployment('serviceAccountName: web\ncontainers:\n  - name: web\n    image: nginx:1.27\n'),
        },
      ],
      good: [{ filename: 'deploy.yaml', code: deployment('serviceAccountName: web\ncontainers:\n  - name: web\n    image: nginx:1.27\n') }],
    },
  },
  check(context) {
    const target = editTarget(context);
    for (const object of context.k8s.objects) {
      const pod = podSpecOf(object);
      if (!pod || pod.spec.serviceAccount === undefined) continue;
      const field = [...pod.path, 'serviceAccount'];
      const name = pod.spec.serviceAccountName;
      if (name === undefined) {
        context.reportAt(object, field, {
          part: 'key',
          message: 'serviceAccount is deprecated: use serviceAccountName.',
          fix: fixOf('Rename serviceAccount to serviceAccountName', [renameKey(object, field, 'serviceAccountName')]),
        });
      } else if (name === pod.spec.serviceAccount) {
        context.reportAt(object, field, {
          part: 'key',
          message: 'serviceAccount is deprecated and repeats serviceAccountName: remove it.',
          fix: fixOf('Remove the deprecated serviceAccount field', [removePair(target, object, field)]),
        });
      } else {
        context.reportAt(object, field, {
          part: 'key',
          message: `serviceAccount is deprecated and says "${String(pod.spec.serviceAccount)}" while serviceAccountName, which wins, says "${String(name)}": remove serviceAccount.`,
        });
      }
    }
  },
});
