import { defineK8sRule } from '../../../core/rule.js';
import { setPath } from '../../../k8s/edit.js';
import { podSpecOf } from '../../../k8s/workloads.js';
import { deployment, pod } from './snippets.js';
import { editTarget, fixOf, objectLabel } from './support.js';

export default defineK8sRule({
  meta: {
    id: 'k8s/automount-service-account-token',
    title: 'Service account token mounted automatically',
    severity: 'warning',
    category: 'security',
    rationale:
      'Unless told otherwise, every pod gets a token for its service account at /var/run/secrets/kubernetes.io/serviceaccount: anyone who gets code running in the pod can call the API server with it. Most applications never call the API. Set `automountServiceAccountToken: false` in the pod spec, and project a token only into pods that need one. The fix sets it on pods that run as the default service account (which should have no permissions); for a pod with its own service account it is offered as a suggestion, since such a pod usually calls the API.',
    aliases: { polaris: ['automountServiceAccountToken'], checkov: ['CKV_K8S_38'], trivy: ['KSV-0036', 'KSV036'] },
    fixable: true,
    defaultOptions: {},
    examples: {
      bad: [
        {
          filename: 'deploy.yaml',
          code: deployment('containers: # the app\n  - name: web\n    image: nginx:1.27\n'),
          output: deployment('containers: # the app\n  - name: web\n    image: nginx:1.27\nautomountServiceAccountToken: false\n'),
        },
        { filename: 'pod.yaml', code: pod('serviceAccountName: operator\ncontainers:\n  - name: web\n    image: operator:1.0\n') },
      ],
      good: [
        { filename: 'pod.yaml', code: pod('automountServiceAccountToken: false\ncontainers:\n  - name: web\n    image: nginx:1.27\n') },
        { filename: 'pod.yaml', code: pod('serviceAccountName: operator\nautomountServiceAccountToken: true\ncontainers:\n  - name: web\n    image: operator:1.0\n') },
      ],
    },
  },
  check(context) {
    const target = editTarget(context);
    for (const object of context.k8s.objects) {
      const pod = podSpecOf(object);
      // An explicit value, true included, is a decision the manifest has made.
      if (!pod || (pod.spec.automountServiceAccountToken !== undefined && pod.spec.automountServiceAccountToken !== null)) continue;
      const account = pod.spec.serviceAccountName ?? pod.spec.serviceAccount;
      const usesDefault = account === undefined || account === null || account === '' || account === 'default';
      const change = fixOf('Set automountServiceAccountToken: false', [setPath(target, object, [...pod.path, 'automountServiceAccountToken'], false)]);
      context.reportAt(object, pod.path, {
        part: 'key',
        message: usesDefault
          ? `${objectLabel(object)} gets an API token mounted that it most likely never uses: set automountServiceAccountToken: false.`
          : `${objectLabel(object)} gets a token of service account "${String(account)}" mounted: set automountServiceAccountToken: false unless it calls the API (or say true to make it explicit).`,
        fix: usesDefault ? change : undefined,
        suggestions: !usesDefault && change ? [change] : undefined,
      });
    }
  },
});
