import { defineK8sRule } from '../../../core/rule.js';
import { setPath } from '../../../k8s/edit.js';
import { hostMounts } from './host-mounts.js';
import { pod } from './snippets.js';
import { containerLabel, editTarget, fixOf } from './support.js';

export default defineK8sRule({
  meta: {
    id: 'k8s/writable-host-mount',
    title: 'Host path mounted writable',
    severity: 'warning',
    category: 'security',
    rationale:
      'A container that can write to a host folder can leave files for the node and for every other pod that mounts it; most host mounts (logs, metrics) only need reading. Mount them with `readOnly: true`. Off by default, as kube-linter has it: agents that must write (log shippers keeping positions) are common.',
    aliases: { 'kube-linter': ['writable-host-mount'] },
    recommended: false,
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ filename: 'pod.yaml', code: pod('containers:\n  - name: agent\n    image: agent:1.0\n    volumeMounts:\n      - name: logs\n        mountPath: /host/logs\nvolumes:\n  - name: logs\n    hostPath:\n      path: /var/log\n') }],
      good: [{ filename: 'pod.yaml', code: pod('containers:\n  - name: agent\n    image: agent:1.0\n    volumeMounts:\n      - name: logs\n        mountPath: /host/logs\n        readOnly: true\nvolumes:\n  - name: logs\n    hostPath:\n      path: /var/log\n') }],
    },
  },
  check(context) {
    const target = editTarget(context);
    for (const object of context.k8s.objects) {
      for (const { container, volume, mount, mountPath } of hostMounts(object)) {
        if (mount.readOnly === true) continue;
        const suggestion = fixOf('Mount it read-only', [setPath(target, object, [...mountPath, 'readOnly'], true)]);
        context.reportAt(object, [...mountPath, mount.readOnly === undefined ? 'name' : 'readOnly'], {
          part: mount.readOnly === undefined ? 'pair' : 'value',
          message: `${containerLabel(container)} mounts host path ${volume.hostPath} (volume "${volume.name}") writable: add readOnly: true unless it must write there.`,
          suggestions: suggestion ? [suggestion] : undefined,
        });
      }
    }
  },
});
