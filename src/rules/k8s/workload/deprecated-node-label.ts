import { defineK8sRule } from '../../../core/rule.js';
import type { Fix } from '../../../core/types.js';
import { renameKey, setPath } from '../../../k8s/edit.js';
import type { PathSegment } from '../../../k8s/model.js';
import { asRecord } from '../../../k8s/values.js';
import { podSpecOf } from '../../../k8s/workloads.js';
import { deployment } from './snippets.js';
import { editTarget, fixOf, recordsOf } from './support.js';

interface Replacement {
  label: string;
  since: string;
  /** The kubelet has set both labels on every node since `since`, so switching cannot unschedule anything. */
  safe: boolean;
}

/** Deprecated well-known node labels and their GA names (kubernetes.io/docs/reference/labels-annotations-taints). */
export const DEPRECATED_NODE_LABELS: Readonly<Record<string, Replacement>> = {
  'beta.kubernetes.io/os': { label: 'kubernetes.io/os', since: '1.14', safe: true },
  'beta.kubernetes.io/arch': { label: 'kubernetes.io/arch', since: '1.14', safe: true },
  // Set by cloud providers, or by hand on bare metal, where the GA label may be missing.
  'beta.kubernetes.io/instance-type': { label: 'node.kubernetes.io/instance-type', since: '1.17', safe: false },
  'failure-domain.beta.kubernetes.io/zone': { label: 'topology.kubernetes.io/zone', since: '1.17', safe: false },
  'failure-domain.beta.kubernetes.io/region': { label: 'topology.kubernetes.io/region', since: '1.17', safe: false },
};

export default defineK8sRule({
  meta: {
    id: 'k8s/deprecated-node-label',
    title: 'Deprecated node label',
    severity: 'warning',
    category: 'maintainability',
    rationale:
      'The beta node labels (`beta.kubernetes.io/os`, `beta.kubernetes.io/arch`, `failure-domain.beta.kubernetes.io/zone` and `/region`, `beta.kubernetes.io/instance-type`) have GA replacements and are slated for removal; a nodeSelector, node affinity or topologyKey that uses them stops matching once nodes no longer carry them. The fix switches `beta.kubernetes.io/os` and `/arch` to `kubernetes.io/os` and `/arch`, which the kubelet has set on every node since 1.14. The zone, region and instance-type labels come from cloud providers or from whoever labelled the nodes, so their replacement is offered as a suggestion: check that your nodes carry the new label first.',
    aliases: {},
    fixable: true,
    defaultOptions: {},
    examples: {
      bad: [
        {
          filename: 'deploy.yaml',
          code: deployment('nodeSelector:\n  beta.kubernetes.io/os: linux # Linux nodes only\ncontainers:\n  - name: web\n    image: app:1.0\n'),
          output: deployment('nodeSelector:\n  kubernetes.io/os: linux # Linux nodes only\ncontainers:\n  - name: web\n    image: app:1.0\n'),
        },
        {
          filename: 'deploy.yaml',
          code: deployment('affinity:\n  podAntiAffinity:\n    preferredDuringSchedulingIgnoredDuringExecution:\n      - weight: 100\n        podAffinityTerm:\n          topologyKey: failure-domain.beta.kubernetes.io/zone\n          labelSelector: {matchLabels: {app: web}}\ncontainers:\n  - name: web\n    image: app:1.0\n'),
        },
      ],
      good: [
        {
          filename: 'deploy.yaml',
          code: deployment('nodeSelector:\n  kubernetes.io/os: linux\ntopologySpreadConstraints:\n  - maxSkew: 1\n    topologyKey: topology.kubernetes.io/zone\n    whenUnsatisfiable: ScheduleAnyway\n    labelSelector: {matchLabels: {app: web}}\ncontainers:\n  - name: web\n    image: app:1.0\n'),
        },
      ],
    },
  },
  check(context) {
    const target = editTarget(context);
    for (const object of context.k8s.objects) {
      const pod = podSpecOf(object);
      if (!pod) continue;
      const report = (path: PathSegment[], label: string, where: string, change: () => Fix | undefined, part: 'key' | 'value' = 'value') => {
        if (!Object.hasOwn(DEPRECATED_NODE_LABELS, label)) return;
        const replacement = DEPRECATED_NODE_LABELS[label];
        const fix = change();
        context.reportAt(object, path, {
          part,
          message: `${where} uses ${label}, deprecated since Kubernetes ${replacement.since}: use ${replacement.label}${replacement.safe ? '' : ' once your nodes carry it'}.`,
          fix: replacement.safe ? fix : undefined,
          suggestions: !replacement.safe && fix ? [fix] : undefined,
        });
      };
      const retarget = (path: PathSegment[], label: string) => () =>
        fixOf(`Use ${DEPRECATED_NODE_LABELS[label].label}`, [setPath(target, object, path, DEPRECATED_NODE_LABELS[label].label)]);

      const selector = asRecord(pod.spec.nodeSelector);
      for (const label of Object.keys(selector ?? {})) {
        const path = [...pod.path, 'nodeSelector', label];
        report(path, label, 'nodeSelector', () => (selector && DEPRECATED_NODE_LABELS[label].label in selector ? undefined : fixOf(`Use ${DEPRECATED_NODE_LABELS[label].label}`, [renameKey(object, path, DEPRECATED_NODE_LABELS[label].label)])), 'key');
      }

      const affinity = asRecord(pod.spec.affinity);
      const nodeAffinity = asRecord(affinity?.nodeAffinity);
      const required = asRecord(nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution);
      const expressionLists: { list: unknown; path: PathSegment[] }[] = [];
      const affinityPath = [...pod.path, 'affinity', 'nodeAffinity'];
      for (const { item, index } of recordsOf(required?.nodeSelectorTerms)) {
        expressionLists.push({ list: item.matchExpressions, path: [...affinityPath, 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms', index, 'matchExpressions'] });
      }
      for (const { item, index } of recordsOf(nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution)) {
        expressionLists.push({ list: asRecord(item.preference)?.matchExpressions, path: [...affinityPath, 'preferredDuringSchedulingIgnoredDuringExecution', index, 'preference', 'matchExpressions'] });
      }
      for (const { list, path } of expressionLists) {
        for (const { item, index } of recordsOf(list)) {
          if (typeof item.key === 'string') report([...path, index, 'key'], item.key, 'Node affinity', retarget([...path, index, 'key'], item.key));
        }
      }

      for (const kind of ['podAffinity', 'podAntiAffinity'] as const) {
        const terms = asRecord(affinity?.[kind]);
        const base = [...pod.path, 'affinity', kind];
        for (const { item, index } of recordsOf(terms?.requiredDuringSchedulingIgnoredDuringExecution)) {
          const path = [...base, 'requiredDuringSchedulingIgnoredDuringExecution', index, 'topologyKey'];
          if (typeof item.topologyKey === 'string') report(path, item.topologyKey, `The ${kind} topologyKey`, retarget(path, item.topologyKey));
        }
        for (const { item, index } of recordsOf(terms?.preferredDuringSchedulingIgnoredDuringExecution)) {
          const topologyKey = asRecord(item.podAffinityTerm)?.topologyKey;
          const path = [...base, 'preferredDuringSchedulingIgnoredDuringExecution', index, 'podAffinityTerm', 'topologyKey'];
          if (typeof topologyKey === 'string') report(path, topologyKey, `The ${kind} topologyKey`, retarget(path, topologyKey));
        }
      }

      for (const { item, index } of recordsOf(pod.spec.topologySpreadConstraints)) {
        const path = [...pod.path, 'topologySpreadConstraints', index, 'topologyKey'];
        if (typeof item.topologyKey === 'string') report(path, item.topologyKey, 'The topology spread constraint', retarget(path, item.topologyKey));
      }
    }
  },
});
