import { defineK8sProjectRule, type ProjectIndex } from '../../../core/project.js';
import type { K8sObject, PathSegment } from '../../../k8s/model.js';
import { asRecord, isPlainObject } from '../../../k8s/values.js';
import { containersOf } from '../../../k8s/workloads.js';
import { COMPLETENESS_DEFAULTS, COMPLETENESS_NOTE, shouldCheck, type CompletenessOptions } from './common.js';

function isHpa(object: K8sObject): boolean {
  return object.kind === 'HorizontalPodAutoscaler' && object.apiVersion.startsWith('autoscaling/');
}

/** The HPA's target, found among the objects: same kind, name and namespace (any apiVersion of the group). */
function targetOf(index: ProjectIndex, hpa: K8sObject) {
  const ref = asRecord(asRecord(hpa.value.spec)?.scaleTargetRef);
  if (!ref || typeof ref.kind !== 'string' || typeof ref.name !== 'string') return null;
  return { ref: { kind: ref.kind, name: ref.name }, found: index.find(ref.kind, ref.name, hpa.namespace) };
}

const HPA = (target: string, metrics = '') =>
  `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ${target}}\n  minReplicas: 2\n  maxReplicas: 10\n${metrics}`;
const DEPLOY = (resources: string) =>
  `---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n${resources}`;
const CPU_METRIC = '  metrics:\n    - type: Resource\n      resource:\n        name: cpu\n        target: {type: Utilization, averageUtilization: 70}\n';

export const hpaTargetMissing = defineK8sProjectRule<CompletenessOptions>({
  meta: {
    id: 'k8s/hpa-target-missing',
    title: 'HorizontalPodAutoscaler targets a missing object',
    severity: 'warning',
    category: 'correctness',
    rationale: 'An HPA whose scaleTargetRef names no object scales nothing; the workload it was meant for runs at a fixed size.' + COMPLETENESS_NOTE,
    aliases: { 'kube-linter': ['dangling-horizontalpodautoscaler'], 'kube-score': ['horizontalpodautoscaler-has-target'] },
    fixable: false,
    defaultOptions: COMPLETENESS_DEFAULTS,
    examples: {
      bad: [{ filename: 'app.yaml', code: HPA('api') + DEPLOY('') }],
      good: [{ filename: 'app.yaml', code: HPA('web') + DEPLOY('') }, { filename: 'hpa.yaml', code: HPA('web') }],
    },
  },
  checkProject(context) {
    for (const hpa of context.index.objects) {
      if (!isHpa(hpa)) continue;
      const target = targetOf(context.index, hpa);
      if (!target || target.found.length > 0) continue;
      if (!shouldCheck(context.index, target.ref.kind, hpa, hpa.namespace, context.options)) continue;
      context.reportAt(hpa, ['spec', 'scaleTargetRef', 'name'], {
        message: `The HPA's target ${target.ref.kind} "${target.ref.name}" is not defined${hpa.namespace ? ` in namespace "${hpa.namespace}"` : ''}.`,
      });
    }
  },
});

interface UtilizationMetric {
  resource: string;
  /** Only this container (ContainerResource metrics), or every container. */
  container: string | null;
  path: PathSegment[];
}

/** The metrics that are a percentage of the containers' requests; HPAs without metrics default to 80% CPU. */
function utilizationMetrics(hpa: K8sObject): UtilizationMetric[] {
  const spec = asRecord(hpa.value.spec) ?? {};
  if (hpa.apiVersion === 'autoscaling/v1') return [{ resource: 'cpu', container: null, path: ['spec', spec.targetCPUUtilizationPercentage === undefined ? 'scaleTargetRef' : 'targetCPUUtilizationPercentage'] }];
  if (!Array.isArray(spec.metrics)) return [{ resource: 'cpu', container: null, path: ['spec', 'scaleTargetRef'] }];
  const out: UtilizationMetric[] = [];
  spec.metrics.forEach((metric, i) => {
    if (!isPlainObject(metric)) return;
    for (const [type, key] of [['Resource', 'resource'], ['ContainerResource', 'containerResource']] as const) {
      const source = asRecord(metric[key]);
      if (metric.type !== type || !source || typeof source.name !== 'string') continue;
      const byUtilization = asRecord(source.target)?.type === 'Utilization' || source.targetAverageUtilization !== undefined;
      if (!byUtilization) continue;
      out.push({ resource: source.name, container: typeof source.container === 'string' ? source.container : null, path: ['spec', 'metrics', i, key, 'name'] });
    }
  });
  return out;
}

export const hpaTargetRequests = defineK8sProjectRule<Record<string, never>>({
  meta: {
    id: 'k8s/hpa-target-without-requests',
    title: "HPA scales on utilization of a resource its target's containers do not request",
    severity: 'warning',
    category: 'reliability',
    rationale:
      'Utilization is usage divided by the request. When a container of the target has no request for the resource (CPU, unless set, for an HPA without metrics), the HPA cannot compute it, reports FailedGetResourceMetric and never scales. Set the request, or scale on an AverageValue target.',
    aliases: {},
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ filename: 'app.yaml', code: HPA('web', CPU_METRIC) + DEPLOY('') }],
      good: [
        { filename: 'app.yaml', code: HPA('web', CPU_METRIC) + DEPLOY('          resources:\n            requests: {cpu: 100m}\n') },
        { filename: 'app.yaml', code: HPA('web', CPU_METRIC) + DEPLOY('          resources:\n            limits: {cpu: 500m}\n') },
      ],
    },
  },
  checkProject(context) {
    for (const hpa of context.index.objects) {
      if (!isHpa(hpa)) continue;
      const target = targetOf(context.index, hpa)?.found[0];
      if (!target) continue;
      const containers = containersOf(target).filter((c) => c.kind === 'containers');
      for (const metric of utilizationMetrics(hpa)) {
        for (const container of containers) {
          if (metric.container !== null && container.name !== metric.container) continue;
          const resources = asRecord(container.value.resources);
          // A limit without a request makes the request equal to the limit.
          const requested = [asRecord(resources?.requests), asRecord(resources?.limits)].some((map) => map?.[metric.resource] !== undefined && map[metric.resource] !== null);
          if (requested) continue;
          context.reportAt(hpa, metric.path, {
            message: `The HPA scales on ${metric.resource} utilization, but container "${container.name ?? container.index}" of ${target.kind} "${target.name}" has no ${metric.resource} request.`,
            related: [context.relatedAt(target, container.path, `container "${container.name ?? container.index}"`)],
          });
        }
      }
    }
  },
});
