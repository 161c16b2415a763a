import { defineK8sProjectRule } from '../../../core/project.js';
import type { K8sObject } from '../../../k8s/model.js';
import { asRecord } from '../../../k8s/values.js';
import { sameApp } from './common.js';

const HPA =
  'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 2\n  maxReplicas: 10\n';
const DEPLOY = (replicas: string) =>
  `---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n${replicas}  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n`;

/** Kinds an HPA scales through their `spec.replicas`. */
const SCALED_KINDS: ReadonlySet<string> = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);

export const hpaTargetReplicas = defineK8sProjectRule<Record<string, never>>({
  meta: {
    id: 'k8s/hpa-target-replicas',
    title: 'Workload scaled by an HPA sets replicas',
    severity: 'warning',
    category: 'reliability',
    rationale:
      'Once a HorizontalPodAutoscaler scales a Deployment or StatefulSet, `spec.replicas` belongs to the autoscaler. A manifest that still sets it resets the workload to that count on every apply, so a deploy during a traffic peak scales the app down until the HPA catches up. Leave `replicas` out. There is no automatic fix: with client-side `kubectl apply`, dropping a field that the last apply set resets it once to 1, so remove it together with `kubectl apply edit-last-applied`, or use server-side apply. An HPA and a workload without namespaces are paired only within one folder, so a repository of separate examples that reuse names is not cross-matched.',
    aliases: { 'kube-score': ['deployment-targeted-by-hpa-does-not-have-replicas-configured'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ filename: 'app.yaml', code: HPA + DEPLOY('  replicas: 3\n') }],
      good: [{ filename: 'app.yaml', code: HPA + DEPLOY('') }, { filename: 'deploy.yaml', code: DEPLOY('  replicas: 3\n') }],
    },
  },
  checkProject(context) {
    // Every HPA that scales each target: several (alternatives in one folder) make one finding.
    const scalers = new Map<K8sObject, K8sObject[]>();
    for (const hpa of context.index.objects) {
      if (hpa.kind !== 'HorizontalPodAutoscaler' || !hpa.apiVersion.startsWith('autoscaling/')) continue;
      const ref = asRecord(asRecord(hpa.value.spec)?.scaleTargetRef);
      if (typeof ref?.kind !== 'string' || typeof ref.name !== 'string' || !SCALED_KINDS.has(ref.kind)) continue;
      for (const target of context.index.find(ref.kind, ref.name, hpa.namespace)) {
        if (!sameApp(hpa, target)) continue;
        const replicas = asRecord(target.value.spec)?.replicas;
        if (replicas === undefined || replicas === null) continue;
        scalers.set(target, [...(scalers.get(target) ?? []), hpa]);
      }
    }
    for (const [target, hpas] of scalers) {
      const names = [...new Set(hpas.map((hpa) => `"${hpa.name ?? ''}"`))].join(', ');
      context.reportAt(target, ['spec', 'replicas'], {
        part: 'pair',
        message: `${target.kind} "${target.name ?? ''}" is scaled by HorizontalPodAutoscaler ${names} but sets replicas: ${String(asRecord(target.value.spec)?.replicas)}; every apply resets it to that. Leave replicas out.`,
        related: hpas.map((hpa) => context.relatedAt(hpa, ['spec', 'scaleTargetRef'], 'The autoscaler that owns the replica count', 'key')),
      });
    }
  },
});
