import { defineK8sRule } from '../../../core/rule.js';
import type { K8sObject, PathSegment } from '../../../k8s/model.js';
import { asRecord } from '../../../k8s/values.js';
import { containersOf } from '../../../k8s/workloads.js';
import { pod } from './snippets.js';
import { containerLabel, recordsOf } from './support.js';

/** Why a port name is not an IANA service name (RFC 6335, as Kubernetes validates it), or null when it is one. */
export function portNameProblem(name: string): string | null {
  if (name.length === 0) return 'it is empty';
  if (name.length > 15) return `it is ${name.length} characters long (at most 15)`;
  if (!/^[a-z0-9-]+$/.test(name)) return 'it may only hold lowercase letters, digits and "-"';
  if (!/[a-z]/.test(name)) return 'it must contain a letter';
  if (name.startsWith('-') || name.endsWith('-')) return 'it may not start or end with "-"';
  if (name.includes('--')) return 'it may not contain "--"';
  return null;
}

export default defineK8sRule({
  meta: {
    id: 'k8s/invalid-port-name',
    title: 'Invalid port name',
    severity: 'error',
    category: 'correctness',
    rationale:
      'Container port names, and the named `targetPort` of a Service, must be IANA service names: at most 15 characters, lowercase letters, digits and single hyphens, with at least one letter. The API server rejects anything else, so `targetPort: http_api` or a 16-character name fails at apply time.',
    aliases: { 'kube-linter': ['invalid-target-ports'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [
        { filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: app:1.0\n    ports:\n      - {name: HTTP_API, containerPort: 8080}\n') },
        { filename: 'svc.yaml', code: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports:\n    - port: 80\n      targetPort: metrics-endpoint-http\n' },
      ],
      good: [{ filename: 'svc.yaml', code: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports:\n    - {name: http, port: 80, targetPort: http-api}\n    - {name: admin, port: 9000, targetPort: 9000}\n' }],
    },
  },
  check(context) {
    const report = (object: K8sObject, path: PathSegment[], what: string, name: string) => {
      const problem = portNameProblem(name);
      if (problem) context.reportAt(object, path, { message: `${what} "${name}" is not a valid port name: ${problem}.` });
    };
    for (const object of context.k8s.objects) {
      for (const container of containersOf(object)) {
        for (const { item, index } of recordsOf(container.value.ports)) {
          if (typeof item.name === 'string') report(object, [...container.path, 'ports', index, 'name'], `${containerLabel(container)}'s port name`, item.name);
        }
      }
      if (object.kind === 'Service' && object.apiVersion === 'v1') {
        for (const { item, index } of recordsOf(asRecord(object.value.spec)?.ports)) {
          if (typeof item.targetPort === 'string' && !/^\d+$/.test(item.targetPort)) report(object, ['spec', 'ports', index, 'targetPort'], 'Service targetPort', item.targetPort);
        }
      }
    }
  },
});
