import { defineK8sProjectRule } from '../../../core/project.js';
import type { K8sObject, PathSegment } from '../../../k8s/model.js';
import { asRecord, isPlainObject } from '../../../k8s/values.js';
import { COMPLETENESS_DEFAULTS, COMPLETENESS_NOTE, isCoreService, shouldCheck, type CompletenessOptions } from './common.js';

interface BackendRef {
  /** Path of the backend's service name. */
  namePath: PathSegment[];
  name: string;
  /** Path of the port (number or name), when one is given. */
  portPath: PathSegment[] | null;
  port: number | string | null;
  namespace: string | null;
}

function ingressBackend(backend: unknown, path: PathSegment[]): BackendRef | null {
  const record = asRecord(backend);
  if (!record) return null;
  const service = asRecord(record.service);
  if (service) {
    // networking.k8s.io/v1: service.name and service.port.number or .name
    if (typeof service.name !== 'string') return null;
    const port = asRecord(service.port);
    const key = port && port.number !== undefined ? 'number' : port && port.name !== undefined ? 'name' : null;
    return {
      namePath: [...path, 'service', 'name'],
      name: service.name,
      portPath: key ? [...path, 'service', 'port', key] : null,
      port: key ? (port![key] as number | string) : null,
      namespace: null,
    };
  }
  // extensions/v1beta1 and networking.k8s.io/v1beta1: serviceName and servicePort
  if (typeof record.serviceName !== 'string') return null;
  const port = record.servicePort;
  return {
    namePath: [...path, 'serviceName'],
    name: record.serviceName,
    portPath: port === undefined ? null : [...path, 'servicePort'],
    port: typeof port === 'number' || typeof port === 'string' ? port : null,
    namespace: null,
  };
}

function backendsOf(object: K8sObject): BackendRef[] {
  const spec = asRecord(object.value.spec);
  const out: BackendRef[] = [];
  if (object.kind === 'Ingress') {
    for (const key of ['defaultBackend', 'backend']) {
      const ref = ingressBackend(spec?.[key], ['spec', key]);
      if (ref) out.push(ref);
    }
    (Array.isArray(spec?.rules) ? spec.rules : []).forEach((rule, i) => {
      const paths = asRecord(asRecord(rule)?.http)?.paths;
      (Array.isArray(paths) ? paths : []).forEach((p, j) => {
        const ref = ingressBackend(asRecord(p)?.backend, ['spec', 'rules', i, 'http', 'paths', j, 'backend']);
        if (ref) out.push(ref);
      });
    });
  } else if (object.kind === 'HTTPRoute' || object.kind === 'GRPCRoute' || object.kind === 'TCPRoute' || object.kind === 'TLSRoute' || object.kind === 'UDPRoute') {
    (Array.isArray(spec?.rules) ? spec.rules : []).forEach((rule, i) => {
      const refs = asRecord(rule)?.backendRefs;
      (Array.isArray(refs) ? refs : []).forEach((ref, j) => {
        if (!isPlainObject(ref) || typeof ref.name !== 'string') return;
        // Only core Services: other kinds and groups are backends we do not model.
        if ((ref.group ?? '') !== '' || (ref.kind ?? 'Service') !== 'Service') return;
        const path: PathSegment[] = ['spec', 'rules', i, 'backendRefs', j];
        out.push({
          namePath: [...path, 'name'],
          name: ref.name,
          portPath: ref.port === undefined ? null : [...path, 'port'],
          port: typeof ref.port === 'number' ? ref.port : null,
          namespace: typeof ref.namespace === 'string' ? ref.namespace : null,
        });
      });
    });
  }
  return out;
}

function isRouteGroup(apiVersion: string): boolean {
  return apiVersion.startsWith('gateway.networking.k8s.io/') || apiVersion.startsWith('networking.k8s.io/') || apiVersion === 'extensions/v1beta1';
}

const SVC = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports: [{name: http, port: 80}]\n';
const ING = (name: string, port: string) =>
  `---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  rules:\n    - http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              service: {name: ${name}, port: {${port}}}\n`;

export default defineK8sProjectRule<CompletenessOptions>({
  meta: {
    id: 'k8s/ingress-backend-missing',
    title: 'Ingress or route backend Service or port missing',
    severity: 'warning',
    category: 'correctness',
    rationale:
      'An Ingress path or Gateway API route whose backend Service does not exist, or exists without the port the backend names, answers 503 (or 500) for every request on that path. Usually a Service was renamed or its port name changed.' +
      COMPLETENESS_NOTE,
    aliases: { 'kube-linter': ['dangling-ingress'], 'kube-score': ['ingress-targets-service'] },
    fixable: false,
    defaultOptions: COMPLETENESS_DEFAULTS,
    examples: {
      bad: [{ filename: 'app.yaml', code: SVC + ING('api', 'number: 80') }, { filename: 'app.yaml', code: SVC + ING('web', 'name: https') }],
      good: [{ filename: 'app.yaml', code: SVC + ING('web', 'number: 80') }, { filename: 'app.yaml', code: SVC + ING('web', 'name: http') }],
    },
  },
  checkProject(context) {
    const { index } = context;
    for (const object of index.objects) {
      if (!isRouteGroup(object.apiVersion)) continue;
      for (const ref of backendsOf(object)) {
        const namespace = ref.namespace ?? object.namespace;
        if (!shouldCheck(index, 'Service', object, namespace, context.options)) continue;
        const services = index.find('Service', ref.name, namespace).filter(isCoreService);
        if (services.length === 0) {
          context.reportAt(object, ref.namePath, { message: `Backend Service "${ref.name}" is not defined${namespace ? ` in namespace "${namespace}"` : ''}.` });
          continue;
        }
        if (ref.port === null || ref.portPath === null) continue;
        const service = services[0];
        const ports = asRecord(service.value.spec)?.ports;
        const list = (Array.isArray(ports) ? ports : []).filter(isPlainObject);
        const matches = typeof ref.port === 'number' || /^\d+$/.test(ref.port) ? list.some((p) => p.port === Number(ref.port)) : list.some((p) => p.name === ref.port);
        if (matches) continue;
        const offered = list.map((p) => (typeof p.name === 'string' ? `${p.port} (${p.name})` : String(p.port))).join(', ');
        context.reportAt(object, ref.portPath, {
          message: `Service "${ref.name}" has no port ${typeof ref.port === 'number' ? ref.port : `"${ref.port}"`}${offered ? `; it offers ${offered}` : ''}.`,
          related: [context.relatedAt(service, ['spec', 'ports'], `ports of Service "${ref.name}"`, 'key')],
        });
      }
    }
  },
});
