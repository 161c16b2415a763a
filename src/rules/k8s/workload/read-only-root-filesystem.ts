import { defineK8sRule } from '../../../core/rule.js';
import { setPath } from '../../../k8s/edit.js';
import { asRecord } from '../../../k8s/values.js';
import { containersOf } from '../../../k8s/workloads.js';
import { pod } from './snippets.js';
import { containerAnchor, containerLabel, editTarget, fixOf } from './support.js';

export default defineK8sRule({
  meta: {
    id: 'k8s/read-only-root-filesystem',
    title: 'Writable root filesystem',
    severity: 'warning',
    category: 'security',
    rationale:
      'A writable root filesystem lets an intruder drop tools and change binaries inside the container, and lets the app write state that disappears on restart. Set `readOnlyRootFilesystem: true` and mount an emptyDir where the app must write (/tmp, caches). The change is offered as a suggestion: an app that writes to its root filesystem stops working until it gets such a volume.',
    aliases: {
      'kube-linter': ['no-read-only-root-fs'],
      'kube-score': ['container-security-context-readonlyrootfilesystem'],
      polaris: ['notReadOnlyRootFilesystem'],
      checkov: ['CKV_K8S_22'],
      trivy: ['KSV-0014', 'KSV014'],
    },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [
        { filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: nginx:1.27\n') },
        { filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: nginx:1.27\n    securityContext:\n      readOnlyRootFilesystem: false\n') },
      ],
      good: [{ filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: nginx:1.27\n    securityContext:\n      readOnlyRootFilesystem: true\n') }],
    },
  },
  check(context) {
    const target = editTarget(context);
    for (const object of context.k8s.objects) {
      for (const container of containersOf(object)) {
        // Ephemeral debug containers are attached by hand, never from a manifest's intent.
        if (container.kind === 'ephemeralContainers') continue;
        const sc = asRecord(container.value.securityContext);
        const value = sc?.readOnlyRootFilesystem;
        if (value === true) continue;
        const path = [...container.path, 'securityContext', 'readOnlyRootFilesystem'];
        const suggestion = fixOf('Make the root filesystem read-only (mount an emptyDir where the app writes)', [setPath(target, object, path, true)]);
        const at = value !== undefined ? { path, part: 'value' as const } : sc ? { path: [...container.path, 'securityContext'], part: 'key' as const } : containerAnchor(container);
        context.reportAt(object, at.path, {
          part: at.part,
          message: `${containerLabel(container)} can write to its root filesystem: set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where it must write.`,
          suggestions: suggestion ? [suggestion] : undefined,
        });
      }
    }
  },
});
