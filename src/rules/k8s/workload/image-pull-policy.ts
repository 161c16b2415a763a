import { defineK8sRule } from '../../../core/rule.js';
import { setPath } from '../../../k8s/edit.js';
import { containersOf } from '../../../k8s/workloads.js';
import { imageTag } from './image-tag.js';
import { pod } from './snippets.js';
import { containerAnchor, containerLabel, editTarget, fixOf } from './support.js';

interface Options {
  /** `any`: the policy must be written down; `Always`: it must be Always (kube-score, Polaris). */
  require: 'any' | 'Always';
}

/** The policy the API server fills in: Always for `:latest` or no tag, else IfNotPresent. */
export function defaultPullPolicy(image: unknown): 'Always' | 'IfNotPresent' {
  if (typeof image !== 'string') return 'IfNotPresent';
  const tag = imageTag(image);
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

export default defineK8sRule<Options>({
  meta: {
    id: 'k8s/image-pull-policy',
    title: 'imagePullPolicy not set',
    severity: 'info',
    category: 'reliability',
    rationale:
      'Without `imagePullPolicy` the API server picks one from the tag (Always for :latest or no tag, IfNotPresent otherwise), so changing a tag silently changes when nodes pull. Write the policy down. With `require: Always` the rule also asks for Always, as kube-score and Polaris do, so that every start checks the registry and its pull secrets. The fix writes the policy the server would pick, which changes nothing.',
    aliases: { 'kube-score': ['container-image-pull-policy'], polaris: ['pullPolicyNotAlways'], checkov: ['CKV_K8S_15'] },
    fixable: true,
    defaultOptions: { require: 'any' },
    examples: {
      bad: [
        {
          filename: 'pod.yaml',
          code: pod('containers:\n  - name: web\n    image: nginx:1.27 # pinned\n  - name: tools\n    image: busybox\n'),
          output: pod('containers:\n  - name: web\n    image: nginx:1.27 # pinned\n    imagePullPolicy: IfNotPresent\n  - name: tools\n    image: busybox\n    imagePullPolicy: Always\n'),
        },
        { filename: 'pod.yaml', options: { require: 'Always' }, code: pod('containers:\n  - name: web\n    image: nginx:1.27\n    imagePullPolicy: IfNotPresent\n') },
      ],
      good: [{ filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: nginx:1.27\n    imagePullPolicy: IfNotPresent\n') }],
    },
  },
  check(context) {
    const target = editTarget(context);
    for (const object of context.k8s.objects) {
      for (const container of containersOf(object)) {
        const policy = container.value.imagePullPolicy;
        const path = [...container.path, 'imagePullPolicy'];
        if (policy === undefined || policy === null) {
          const value = defaultPullPolicy(container.value.image);
          const always = context.options.require === 'Always';
          context.reportAt(object, containerAnchor(container).path, {
            part: 'pair',
            message: `${containerLabel(container)} has no imagePullPolicy (the server picks ${value} for this tag): set it${always ? ' to Always' : ''}.`,
            fix: always ? undefined : fixOf(`Set imagePullPolicy: ${value}`, [setPath(target, object, path, value)]),
            suggestions: always ? [fixOf('Set imagePullPolicy: Always', [setPath(target, object, path, 'Always')])].filter((f) => f !== undefined) : undefined,
          });
        } else if (context.options.require === 'Always' && policy !== 'Always') {
          const suggestion = fixOf('Set imagePullPolicy: Always', [setPath(target, object, path, 'Always')]);
          context.reportAt(object, path, {
            message: `${containerLabel(container)} uses imagePullPolicy ${String(policy)}: use Always so that every start checks the registry and its pull secrets.`,
            suggestions: suggestion ? [suggestion] : undefined,
          });
        }
      }
    }
  },
});
