import { defineK8sRule } from '../../core/rule.js';
import { setPath } from '../../k8s/edit.js';
import type { ContainerRef } from '../../k8s/model.js';
import { asRecord } from '../../k8s/values.js';
import { containersOf } from '../../k8s/workloads.js';

/** True when neither the pod nor any of its containers says anything about the user: the fix then goes on the pod, once for all. */
function podSaysNothing(container: ContainerRef): boolean {
  const says = (sc: unknown) => asRecord(sc)?.runAsNonRoot !== undefined || asRecord(sc)?.runAsUser !== undefined;
  if (says(container.pod.spec.securityContext)) return false;
  return !containersOf(container.pod.object).some((c) => says(c.value.securityContext));
}

export default defineK8sRule({
  meta: {
    id: 'k8s/run-as-non-root',
    title: 'Container may run as root',
    severity: 'warning',
    category: 'security',
    rationale:
      'Unless the pod says otherwise, a container runs as whatever user its image names, and most images name root. Set `runAsNonRoot: true` (the kubelet then refuses to start a container that would run as uid 0) or a non-zero `runAsUser`, in the pod\'s or the container\'s securityContext; the container\'s setting wins. The fix sets `runAsNonRoot: true` on the pod when nothing in it says anything about the user, else on the container. (`k8s/pss-run-as-non-root` is the Pod Security Standard\'s stricter form, which a non-zero runAsUser does not satisfy.)',
    aliases: {
      'kube-linter': ['run-as-non-root'],
      polaris: ['runAsRootAllowed'],
      checkov: ['CKV_K8S_23'],
      trivy: ['KSV-0012', 'KSV-0105', 'KSV012', 'KSV105'],
    },
    fixable: true,
    defaultOptions: {},
    examples: {
      bad: [
        {
          filename: 'pod.yaml',
          code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n',
          output: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n  securityContext:\n    runAsNonRoot: true\n',
        },
        {
          filename: 'pod.yaml',
          code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  securityContext:\n    runAsNonRoot: true\n  containers:\n    - name: web\n      image: nginx:1.27\n      securityContext:\n        runAsUser: 0\n',
        },
      ],
      good: [
        {
          filename: 'pod.yaml',
          code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  securityContext:\n    runAsNonRoot: true\n  containers:\n    - name: web\n      image: nginx:1.27\n',
        },
        {
          filename: 'job.yaml',
          code: 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\nspec:\n  template:\n    spec:\n      containers:\n        - name: migrate\n          image: app:1.0\n          securityContext:\n            runAsUser: 10001\n',
        },
      ],
    },
  },
  check(context) {
    const target = { text: context.source.text, eol: context.eol };
    for (const object of context.k8s.objects) {
      for (const container of containersOf(object)) {
        const pod = asRecord(container.pod.spec.securityContext);
        const own = asRecord(container.value.securityContext);
        const name = container.name ?? `#${container.index + 1}`;
        const userSource = own?.runAsUser !== undefined ? container.path : pod?.runAsUser !== undefined ? container.pod.path : null;
        const runAsUser = own?.runAsUser ?? pod?.runAsUser;
        if (userSource && runAsUser === 0) {
          context.reportAt(object, [...userSource, 'securityContext', 'runAsUser'], {
            message: `Container "${name}" runs as root (runAsUser: 0): use a non-zero user id.`,
          });
          continue;
        }
        if (typeof runAsUser === 'number' && runAsUser > 0) continue;
        const nonRoot = own?.runAsNonRoot ?? pod?.runAsNonRoot;
        if (nonRoot === true) continue;
        if (nonRoot === false) {
          const source = own?.runAsNonRoot !== undefined ? container.path : container.pod.path;
          context.reportAt(object, [...source, 'securityContext', 'runAsNonRoot'], {
            message: `Container "${name}" allows running as root (runAsNonRoot: false): set runAsNonRoot: true or a non-zero runAsUser.`,
          });
          continue;
        }
        const fixAt = podSaysNothing(container) ? container.pod.path : container.path;
        const edit = setPath(target, object, [...fixAt, 'securityContext', 'runAsNonRoot'], true);
        context.reportAt(object, [...container.path, own ? 'securityContext' : 'name'], {
          part: own ? 'key' : 'pair',
          message: `Container "${name}" may run as root: set runAsNonRoot: true or a non-zero runAsUser in its or the pod's securityContext.`,
          fix: edit ? { description: 'Set runAsNonRoot: true', edits: [edit] } : undefined,
        });
      }
    }
  },
});
