import { defineK8sRule } from '../../../core/rule.js';
import { asRecord } from '../../../k8s/values.js';
import { objectLabel } from './support.js';

export default defineK8sRule({
  meta: {
    id: 'k8s/ingress-tls',
    title: 'Ingress without TLS',
    severity: 'warning',
    category: 'security',
    rationale:
      'An Ingress with no `tls` section serves plain HTTP: credentials and cookies cross the network readable by anyone on the path. Add a `tls` entry with a certificate Secret (cert-manager can issue one). Off by default, as in Polaris: TLS is often terminated in front of the cluster.',
    aliases: { polaris: ['tlsSettingsMissing'] },
    recommended: false,
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ filename: 'ing.yaml', code: 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  rules:\n    - host: shop.example.com\n      http:\n        paths:\n          - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}\n' }],
      good: [{ filename: 'ing.yaml', code: 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  tls:\n    - hosts: [shop.example.com]\n      secretName: shop-tls\n  rules:\n    - host: shop.example.com\n      http:\n        paths:\n          - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}\n' }],
    },
  },
  check(context) {
    for (const object of context.k8s.objects) {
      if (object.kind !== 'Ingress' || !/^(networking\.k8s\.io|extensions)\//.test(object.apiVersion)) continue;
      const spec = asRecord(object.value.spec);
      const tls = spec?.tls;
      if (Array.isArray(tls) && tls.length > 0) continue;
      context.reportAt(object, spec ? ['spec'] : ['kind'], { part: 'key', message: `${objectLabel(object)} has no tls section, so it serves plain HTTP: add a certificate.` });
    }
  },
});
