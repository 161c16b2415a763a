import { defineK8sRule } from '../../../core/rule.js';
import { containersOf } from '../../../k8s/workloads.js';
import { isTemplated } from './image-tag.js';
import { pod } from './snippets.js';
import { containerLabel } from './support.js';

export default defineK8sRule({
  meta: {
    id: 'k8s/image-digest',
    title: 'Image not pinned by digest',
    severity: 'info',
    category: 'security',
    rationale:
      'A tag can be moved to another image by anyone who can push to the repository; a digest (`@sha256:…`) names exactly one image. Pinning by digest makes deployments reproducible and a compromised registry harmless. Off by default: it needs tooling (Renovate, Dependabot) to keep digests current.',
    aliases: { checkov: ['CKV_K8S_43'] },
    recommended: false,
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: nginx:1.27\n') }],
      good: [{ filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: nginx:1.27@sha256:0f2a3d9c1c2b6f0e8a1f4bd3d0c6b0f5b8e8f4a1d2c3b4a5968778695a4b3c2d\n') }],
    },
  },
  check(context) {
    for (const object of context.k8s.objects) {
      for (const container of containersOf(object)) {
        const image = container.value.image;
        if (typeof image !== 'string' || image === '' || image.includes('@') || isTemplated(image)) continue;
        context.reportAt(object, [...container.path, 'image'], { message: `${containerLabel(container)} uses "${image}" by tag: pin it by digest (image@sha256:…).` });
      }
    }
  },
});
