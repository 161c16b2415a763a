import { defineCrossRule } from '../../cross/rule.js';
import { formatReference } from '../../cross/image-reference.js';
import { containerName, example, pod, where } from './common.js';

export default defineCrossRule({
  meta: {
    id: 'cross/pinned-image-unpinned-base',
    title: 'Pinned image built from an unpinned base image',
    severity: 'warning',
    category: 'reliability',
    rationale:
      'A manifest that deploys a fixed tag or a digest promises that the same image runs everywhere. When the Dockerfile that builds it starts from an untagged or `latest` base (in the final stage or any stage it copies from), a rebuild of the same tag silently takes a different base: the pin is reproducible in name only. Pin the base images with a version tag, better a digest.',
    aliases: {},
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [example('FROM node\nCMD ["node", "server.js"]\n', pod()), example('FROM golang AS build\nRUN go build -o /app\nFROM gcr.io/distroless/static:nonroot\nCOPY --from=build /app /app\n', pod())],
      good: [example('FROM node:22.11-bookworm\nCMD ["node", "server.js"]\n', pod()), example('FROM node\nCMD ["node", "server.js"]\n', pod().replace('ghcr.io/acme/api:1.0', 'ghcr.io/acme/api:latest'))],
    },
  },
  checkCross(context) {
    for (const { object, container, image } of context.containers) {
      const { deployed } = image.resolved;
      const pinned = deployed.digest !== null || (deployed.tag !== null && deployed.tag.toLowerCase() !== 'latest');
      if (!pinned) continue;
      const unpinned = image.facts.inputs.filter((input) => input.pinned === 'none' && input.image && input.image.unresolved.length === 0);
      if (unpinned.length === 0) continue;
      const names = unpinned.map((input) => `${input.image!.expanded} (${where(image, input.range)})`).join(', ');
      context.reportAt(object, [...container.path, 'image'], {
        message: `Container ${containerName(container)} deploys the pinned image ${formatReference(deployed)}, but its Dockerfile builds from ${unpinned.length === 1 ? 'the unpinned base' : 'unpinned bases'} ${names}: rebuilding the same tag gives a different image. Pin the base with a version tag or digest.`,
        related: unpinned.map((input) => context.inDockerfile(image, input.range, `unpinned base image ${input.image!.expanded}`)),
      });
    }
  },
});
