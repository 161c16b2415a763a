import { defineK8sRule } from '../../../core/rule.js';
import { removeSequenceItem } from '../../../k8s/edit.js';
import { containersOf } from '../../../k8s/workloads.js';
import { pod } from './snippets.js';
import { containerLabel, editTarget, fixOf, recordsOf } from './support.js';

/** `8080/TCP`: the key the API server and strategic merge patch use for a container port. */
function portKey(port: Record<string, unknown>): string | null {
  if (typeof port.containerPort !== 'number') return null;
  return `${port.containerPort}/${typeof port.protocol === 'string' ? port.protocol : 'TCP'}`;
}

/** Whether dropping `later` loses nothing `earlier` does not already say: same host binding, and no name of its own. */
function redundant(earlier: Record<string, unknown>, later: Record<string, unknown>): boolean {
  return later.hostPort === earlier.hostPort && later.hostIP === earlier.hostIP && (later.name === undefined || later.name === earlier.name);
}

export default defineK8sRule({
  meta: {
    id: 'k8s/duplicate-container-port',
    title: 'Container port or port name listed twice',
    severity: 'warning',
    category: 'correctness',
    rationale:
      'A container port is identified by its number and protocol. Listing the same one twice makes the API server warn, and `kubectl apply` merges `ports` by `containerPort`, so later edits to either entry can land on the wrong one or drop it. Two ports with the same name are rejected outright, and a Service or probe that refers to the name could only mean one of them. The fix removes a later entry that repeats an earlier one and adds nothing to it (no name of its own, same host binding).',
    aliases: { 'kube-score': ['container-ports-check'] },
    fixable: true,
    defaultOptions: {},
    examples: {
      bad: [
        {
          filename: 'pod.yaml',
          code: pod('containers:\n  - name: web\n    image: app:1.0\n    ports:\n      - name: http\n        containerPort: 8080\n      # copied from the chart defaults\n      - containerPort: 8080\n        protocol: TCP\n'),
          output: pod('containers:\n  - name: web\n    image: app:1.0\n    ports:\n      - name: http\n        containerPort: 8080\n      # copied from the chart defaults\n'),
        },
        { filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: app:1.0\n    ports:\n      - {name: http, containerPort: 8080}\n      - {name: http, containerPort: 8081}\n') },
      ],
      good: [
        { filename: 'pod.yaml', code: pod('containers:\n  - name: dns\n    image: coredns:1.11\n    ports:\n      - {name: dns, containerPort: 53, protocol: UDP}\n      - {name: dns-tcp, containerPort: 53, protocol: TCP}\n') },
      ],
    },
  },
  check(context) {
    const target = editTarget(context);
    for (const object of context.k8s.objects) {
      for (const container of containersOf(object)) {
        const ports = recordsOf(container.value.ports);
        const portsPath = [...container.path, 'ports'];
        const byKey = new Map<string, { item: Record<string, unknown>; index: number }>();
        const byName = new Map<string, number>();
        for (const { item, index } of ports) {
          const line = (i: number) => object.locate([...portsPath, i]).range.start.line;
          const key = portKey(item);
          const first = key === null ? undefined : byKey.get(key);
          if (key !== null && first === undefined) byKey.set(key, { item, index });
          if (first !== undefined) {
            const fix = redundant(first.item, item) ? fixOf(`Remove the repeated port ${key}`, [removeSequenceItem(target, object, portsPath, index)]) : undefined;
            context.reportAt(object, [...portsPath, index, 'containerPort'], {
              message: `${containerLabel(container)} already lists port ${key} on line ${line(first.index)}: keep one entry per port and protocol.`,
              fix,
            });
          }
          if (typeof item.name !== 'string') continue;
          const sameName = byName.get(item.name);
          if (sameName === undefined) byName.set(item.name, index);
          else if (first === undefined || first.item.name !== item.name) {
            context.reportAt(object, [...portsPath, index, 'name'], {
              message: `${containerLabel(container)} already has a port named "${item.name}" on line ${line(sameName)}: the API server rejects two ports with one name; rename one.`,
            });
          }
        }
      }
    }
  },
});
