import { defineK8sRule } from '../../../core/rule.js';
import { containersOf } from '../../../k8s/workloads.js';
import { containerLabel } from './support.js';
import { pod } from './snippets.js';

/** The tag of an image reference, `''` when it has none, null when it is pinned by digest or not an image at all. */
export function imageTag(image: string): string | null {
  if (image.includes('@')) return null;
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  return colon < 0 ? '' : image.slice(colon + 1);
}

/** Text written with template or variable syntax (`${X}`, `$(X)`, `{{ x }}`) is filled in later and cannot be judged here. */
export function isTemplated(text: string): boolean {
  return /\$\{|\$\(|\{\{/.test(text);
}

export default defineK8sRule({
  meta: {
    id: 'k8s/image-tag',
    title: 'Image without a tag or with the latest tag',
    severity: 'warning',
    category: 'reliability',
    rationale:
      'An image with no tag means `:latest`, and `:latest` moves: two nodes can run different code under the same manifest, a restart can upgrade silently, and a rollback has nothing to go back to. Name a version (or a digest).',
    aliases: {
      'kube-linter': ['latest-tag'],
      'kube-score': ['container-image-tag'],
      polaris: ['tagNotSpecified'],
      checkov: ['CKV_K8S_14'],
      trivy: ['KSV-0013', 'KSV013'],
    },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [
        { filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: nginx\n') },
        { filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: registry.example.com:5000/team/web:latest\n') },
      ],
      good: [
        { filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: registry.example.com:5000/team/web:1.4.2\n  - name: proxy\n    image: envoyproxy/envoy@sha256:0f2a3d9c1c2b6f0e8a1f4bd3d0c6b0f5b8e8f4a1d2c3b4a5968778695a4b3c2d\n') },
      ],
    },
  },
  check(context) {
    for (const object of context.k8s.objects) {
      for (const container of containersOf(object)) {
        const image = container.value.image;
        if (typeof image !== 'string' || image === '' || isTemplated(image)) continue;
        const tag = imageTag(image);
        if (tag === null || (tag !== '' && tag !== 'latest')) continue;
        context.reportAt(object, [...container.path, 'image'], {
          message:
            tag === ''
              ? `${containerLabel(container)} uses image "${image}" without a tag, which means :latest: pin a version.`
              : `${containerLabel(container)} uses the moving tag :latest ("${image}"): pin a version.`,
        });
      }
    }
  },
});
