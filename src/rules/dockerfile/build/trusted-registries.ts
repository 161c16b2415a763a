import picomatch from 'picomatch';
import { defineDockerfileRule } from '../../../core/rule.js';

interface Options {
  /** Registries base images may come from (`docker.io`, `*.gcr.io`, `registry.example.com:5000`); empty allows all. */
  trustedRegistries: string[];
}

export default defineDockerfileRule<Options>({
  meta: {
    id: 'dockerfile/trusted-registries',
    title: 'Base image from a registry that is not trusted',
    severity: 'error',
    category: 'security',
    rationale:
      'Organisations that mirror and scan their base images want every FROM to pull from those registries, not from wherever a copied Dockerfile points. List them in `trustedRegistries` (wildcards like `*.example.com` allowed; `docker.io` stands for Docker Hub images written without a registry). Silent until configured.',
    aliases: { hadolint: ['DL3026'] },
    fixable: false,
    defaultOptions: { trustedRegistries: [] },
    examples: {
      bad: [{ code: 'FROM quay.io/prometheus/busybox:latest\n', options: { trustedRegistries: ['docker.io', '*.example.com'] } }],
      good: [
        { code: 'FROM registry.example.com/base/node:22\nFROM node:22-slim\nFROM scratch\n', options: { trustedRegistries: ['docker.io', '*.example.com'] } },
        { code: 'FROM quay.io/prometheus/busybox:latest\n' },
      ],
    },
  },
  check(context) {
    const trusted = context.options.trustedRegistries;
    if (trusted.length === 0) return;
    const matches = picomatch(trusted.map((registry) => registry.toLowerCase()), { dot: true });
    for (const stage of context.dockerfile.stages) {
      const { image } = stage;
      if (!stage.from.image || image.isScratch || image.stageRef !== null || (image.unresolved.length > 0 && !image.registry)) continue;
      const registry = (image.registry ?? 'docker.io').toLowerCase();
      const names = registry === 'docker.io' || registry === 'index.docker.io' || registry === 'registry-1.docker.io' ? ['docker.io', 'hub.docker.com', registry] : [registry];
      if (names.some((name) => matches(name))) continue;
      context.report({
        message: `Base image "${image.expanded}" comes from registry "${registry}", which is not in trustedRegistries (${trusted.join(', ')}).`,
        range: stage.from.image.range,
      });
    }
  },
});
