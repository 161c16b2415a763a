import { defineK8sRule } from '../../../core/rule.js';
import { asRecord } from '../../../k8s/values.js';
import { containersOf } from '../../../k8s/workloads.js';
import { isTemplated } from './image-tag.js';
import { pod } from './snippets.js';
import { parseQuantity, suggestQuantity } from './quantity.js';
import { containerLabel } from './support.js';

const MEMORY_LIKE = new Set(['memory', 'ephemeral-storage', 'storage']);

export default defineK8sRule({
  meta: {
    id: 'k8s/resource-quantity',
    title: 'Invalid or implausible resource quantity',
    severity: 'error',
    category: 'correctness',
    rationale:
      'Quantities have a strict syntax: `512Mi` or `512M`, never `512mb` or `1gi`; the API server rejects the pod. Worse are the valid ones that mean something else: `memory: 512m` is half a byte (m is milli), and `cpu: 500` is five hundred cores. These are reported with what was probably meant.',
    aliases: {},
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [
        { filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: app:1.0\n    resources:\n      requests: {cpu: 100m, memory: 512mb}\n') },
        { filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: app:1.0\n    resources:\n      limits: {cpu: "1", memory: 512m}\n') },
      ],
      good: [{ filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: app:1.0\n    resources:\n      requests: {cpu: 0.25, memory: 512Mi, ephemeral-storage: 1G}\n      limits: {cpu: "2", memory: 1Gi, nvidia.com/gpu: 1}\n') }],
    },
  },
  check(context) {
    for (const object of context.k8s.objects) {
      for (const container of containersOf(object)) {
        const resources = asRecord(container.value.resources);
        for (const section of ['requests', 'limits'] as const) {
          for (const [resource, raw] of Object.entries(asRecord(resources?.[section]) ?? {})) {
            if (raw === null || raw === undefined || (typeof raw === 'string' && isTemplated(raw))) continue;
            const path = [...container.path, 'resources', section, resource];
            const where = `${containerLabel(container)}'s ${section}.${resource}`;
            const quantity = parseQuantity(raw);
            if (!quantity) {
              const meant = typeof raw === 'string' ? suggestQuantity(raw) : null;
              context.reportAt(object, path, { message: `${where} "${String(raw)}" is not a valid quantity${meant ? `; did you mean ${meant}?` : ' (use forms like 500m, 2, 512Mi, 1Gi).'}` });
            } else if (MEMORY_LIKE.has(resource) && quantity.suffix === 'm') {
              context.reportAt(object, path, { message: `${where} is ${String(raw)}: "m" means thousandths, so that is under one byte; did you mean ${String(raw).replace(/m$/, 'Mi')}?` });
            } else if (MEMORY_LIKE.has(resource) && quantity.value > 0 && quantity.value < 1024 * 1024) {
              context.reportAt(object, path, { message: `${where} is ${String(raw)}, less than a mebibyte: add a unit (Mi, Gi).` });
            } else if (resource === 'cpu' && quantity.value > 256) {
              context.reportAt(object, path, { message: `${where} is ${String(raw)} cores; did you mean ${String(raw)}m?` });
            }
          }
        }
      }
    }
  },
});
