import { defineK8sRule } from '../../../core/rule.js';
import { addToSequence } from '../../../k8s/edit.js';
import { asRecord } from '../../../k8s/values.js';
import { containersOf } from '../../../k8s/workloads.js';
import { pod } from './snippets.js';
import { containerAnchor, containerLabel, editTarget, fixOf } from './support.js';

export default defineK8sRule({
  meta: {
    id: 'k8s/drop-net-raw',
    title: 'Container keeps the NET_RAW capability',
    severity: 'warning',
    category: 'security',
    rationale:
      'Container runtimes grant NET_RAW by default. It lets a process craft raw packets: ARP and DNS spoofing against its neighbours on the node\'s network. Almost no application needs it (ping does, and modern ping works without it). Drop it, or better drop ALL. The fix adds NET_RAW to `capabilities.drop`.',
    aliases: { 'kube-linter': ['drop-net-raw-capability'], checkov: ['CKV_K8S_28'], trivy: ['KSV-0004', 'KSV004'] },
    fixable: true,
    defaultOptions: {},
    examples: {
      bad: [
        {
          filename: 'pod.yaml',
          code: pod('containers:\n  - name: web\n    image: nginx:1.27\n    securityContext:\n      capabilities:\n        drop: [SYS_ADMIN]\n'),
          output: pod('containers:\n  - name: web\n    image: nginx:1.27\n    securityContext:\n      capabilities:\n        drop: [SYS_ADMIN, NET_RAW]\n'),
        },
      ],
      good: [
        { filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: nginx:1.27\n    securityContext:\n      capabilities:\n        drop: [ALL]\n') },
        { filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: nginx:1.27\n    securityContext:\n      capabilities:\n        drop: ["NET_RAW"]\n') },
      ],
    },
  },
  check(context) {
    const target = editTarget(context);
    for (const object of context.k8s.objects) {
      for (const container of containersOf(object)) {
        if (asRecord(container.pod.spec.os)?.name === 'windows') continue;
        const sc = asRecord(container.value.securityContext);
        const capabilities = asRecord(sc?.capabilities);
        const drop = capabilities?.drop;
        if (Array.isArray(drop) && drop.some((cap) => cap === 'ALL' || cap === 'NET_RAW' || cap === 'CAP_NET_RAW')) continue;
        // A privileged container has every capability whatever it drops; that is k8s/pss-privileged's finding.
        if (sc?.privileged === true) continue;
        const dropPath = [...container.path, 'securityContext', 'capabilities', 'drop'];
        const at = Array.isArray(drop)
          ? { path: dropPath, part: 'key' as const }
          : capabilities
            ? { path: [...container.path, 'securityContext', 'capabilities'], part: 'key' as const }
            : sc
              ? { path: [...container.path, 'securityContext'], part: 'key' as const }
              : containerAnchor(container);
        context.reportAt(object, at.path, {
          part: at.part,
          message: `${containerLabel(container)} does not drop NET_RAW: add it (or ALL) to securityContext.capabilities.drop.`,
          fix: fixOf('Drop NET_RAW', [addToSequence(target, object, dropPath, 'NET_RAW')]),
        });
      }
    }
  },
});
