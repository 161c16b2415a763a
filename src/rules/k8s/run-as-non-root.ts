import { defineK8sRule } from '../../core/rule.js';
import { asRecord } from '../../k8s/values.js';
import { containersOf } from '../../k8s/workloads.js';

export default defineK8sRule({
  meta: {
    id: 'k8s/run-as-non-root',
    title: 'Container may run as root',
    severity: 'warning',
    category: 'security',
    rationale:
      'Unless the pod says otherwise, a container runs as whatever user its image names, and most images name root. Set `runAsNonRoot: true` (the kubelet then refuses to start a container that would run as uid 0) or a non-zero `runAsUser`, in the pod\'s or the container\'s securityContext; the container\'s setting wins.',
    aliases: {
      'kube-linter': ['run-as-non-root'],
      polaris: ['runAsRootAllowed'],
      checkov: ['CKV_K8S_23'],
      trivy: ['KSV-0012', 'KSV-0105', 'KSV012', 'KSV105'],
      pss: ['runAsNonRoot', 'runAsUser'],
    },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [
        { filename: 'pod.yaml', code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n' },
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
        context.reportAt(object, [...container.path, own ? 'securityContext' : 'name'], {
          part: own ? 'key' : 'pair',
          message: `Container "${name}" may run as root: set runAsNonRoot: true or a non-zero runAsUser in its or the pod's securityContext.`,
        });
      }
    }
  },
});
