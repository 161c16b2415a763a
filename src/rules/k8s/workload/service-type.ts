import { defineK8sRule } from '../../../core/rule.js';
import { asRecord } from '../../../k8s/values.js';
import { objectLabel } from './support.js';

interface Options {
  forbiddenTypes: string[];
}

export default defineK8sRule<Options>({
  meta: {
    id: 'k8s/service-type',
    title: 'Service exposed outside the cluster',
    severity: 'warning',
    category: 'security',
    rationale:
      'A NodePort Service opens a port on every node, past ingress controllers and their TLS, authentication and logging; a LoadBalancer gets a public address in most clouds. Expose HTTP through an Ingress or Gateway instead. Off by default, as in kube-linter: some Services are meant to be exposed. `forbiddenTypes` says which types to report.',
    aliases: { 'kube-linter': ['exposed-services'], 'kube-score': ['service-type'] },
    recommended: false,
    fixable: false,
    defaultOptions: { forbiddenTypes: ['NodePort', 'LoadBalancer'] },
    examples: {
      bad: [{ filename: 'svc.yaml', code: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: NodePort\n  selector: {app: web}\n  ports:\n    - {port: 80, targetPort: 8080, nodePort: 30080}\n' }],
      good: [{ filename: 'svc.yaml', code: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports:\n    - {port: 80, targetPort: 8080}\n' }],
    },
  },
  check(context) {
    for (const object of context.k8s.objects) {
      if (object.kind !== 'Service' || object.apiVersion !== 'v1') continue;
      const type = asRecord(object.value.spec)?.type;
      if (typeof type !== 'string' || !context.options.forbiddenTypes.includes(type)) continue;
      context.reportAt(object, ['spec', 'type'], {
        message: `${objectLabel(object)} is of type ${type}, reachable from outside the cluster: use ClusterIP behind an Ingress or Gateway unless exposure is intended.`,
      });
    }
  },
});
