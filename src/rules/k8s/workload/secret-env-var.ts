import { defineK8sRule } from '../../../core/rule.js';
import { asRecord } from '../../../k8s/values.js';
import { containersOf } from '../../../k8s/workloads.js';
import { pod } from './snippets.js';
import { containerLabel, recordsOf } from './support.js';

export default defineK8sRule({
  meta: {
    id: 'k8s/secret-env-var',
    title: 'Secret passed as an environment variable',
    severity: 'info',
    category: 'security',
    rationale:
      'Environment variables leak: into crash reports, debug endpoints, child processes and `/proc/<pid>/environ`, and they never change while the container runs. Secrets mounted as files can be readable by the app alone and are updated in place when the Secret changes (CIS Benchmark 5.4.1). Off by default, as in kube-linter.',
    aliases: { 'kube-linter': ['read-secret-from-env-var'], checkov: ['CKV_K8S_35'] },
    recommended: false,
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: app:1.0\n    env:\n      - name: DB_PASSWORD\n        valueFrom:\n          secretKeyRef: {name: db, key: password}\n    envFrom:\n      - secretRef: {name: api-keys}\n') }],
      good: [{ filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: app:1.0\n    volumeMounts:\n      - {name: db, mountPath: /run/secrets/db, readOnly: true}\nvolumes:\n  - name: db\n    secret: {secretName: db}\n') }],
    },
  },
  check(context) {
    for (const object of context.k8s.objects) {
      for (const container of containersOf(object)) {
        for (const { item, index } of recordsOf(container.value.env)) {
          const ref = asRecord(asRecord(item.valueFrom)?.secretKeyRef);
          if (!ref) continue;
          context.reportAt(object, [...container.path, 'env', index, 'valueFrom', 'secretKeyRef'], {
            part: 'key',
            message: `${containerLabel(container)} reads Secret "${String(ref.name)}" into ${String(item.name)}: mount the Secret as a file instead.`,
          });
        }
        for (const { item, index } of recordsOf(container.value.envFrom)) {
          const ref = asRecord(item.secretRef);
          if (!ref) continue;
          context.reportAt(object, [...container.path, 'envFrom', index, 'secretRef'], {
            part: 'key',
            message: `${containerLabel(container)} loads every key of Secret "${String(ref.name)}" into its environment: mount the Secret as files instead.`,
          });
        }
      }
    }
  },
});
