import { defineK8sRule } from '../../../core/rule.js';
import { asRecord } from '../../../k8s/values.js';

export default defineK8sRule({
  meta: {
    id: 'k8s/service-external-ips',
    title: 'Service with externalIPs',
    severity: 'warning',
    category: 'security',
    rationale:
      'kube-proxy sends traffic for every address in a Service\'s `externalIPs` to that Service, on every node, and the API server does not check who owns the address. Anyone allowed to create Services can therefore intercept traffic meant for another address, in or outside the cluster (CVE-2020-8554, which has no fix in Kubernetes itself: the advice is to forbid the field by policy). Use a LoadBalancer Service, an Ingress or a Gateway instead.',
    aliases: { trivy: ['KSV-0108', 'KSV108'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ filename: 'svc.yaml', code: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports:\n    - port: 80\n  externalIPs:\n    - 203.0.113.10\n' }],
      good: [{ filename: 'svc.yaml', code: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: LoadBalancer\n  selector: {app: web}\n  ports:\n    - port: 80\n' }],
    },
  },
  check(context) {
    for (const object of context.k8s.objects) {
      if (object.kind !== 'Service' || object.apiVersion !== 'v1') continue;
      const addresses = asRecord(object.value.spec)?.externalIPs;
      if (!Array.isArray(addresses) || addresses.length === 0) continue;
      context.reportAt(object, ['spec', 'externalIPs'], {
        part: 'key',
        message: `Service${object.name ? ` "${object.name}"` : ''} claims external IP${addresses.length > 1 ? 's' : ''} ${addresses.map(String).join(', ')}: kube-proxy hijacks traffic to ${addresses.length > 1 ? 'these addresses' : 'this address'} on every node (CVE-2020-8554); use a LoadBalancer, an Ingress or a Gateway.`,
      });
    }
  },
});
