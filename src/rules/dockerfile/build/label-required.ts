import { defineDockerfileRule } from '../../../core/rule.js';
import { type LabelType, stageLabels } from './label-util.js';

interface Options {
  /** Labels the final image must have, with their type (`text`, `url`, `semver`, `hash`, `rfc3339`, `spdx`, `email`). */
  labelSchema: Record<string, LabelType>;
  /** Also report labels that are not in the schema. */
  strictLabels: boolean;
}

export default defineDockerfileRule<Options>({
  meta: {
    id: 'dockerfile/label-required',
    title: 'Required label missing, or label not in the schema',
    severity: 'info',
    category: 'maintainability',
    rationale:
      'Teams that find images by label (owner, source repository, licence) need every image to carry them. List them in `labelSchema` (the same map as hadolint\'s `label-schema`); with `strictLabels` the final image may not carry other labels either. Silent until configured.',
    aliases: { hadolint: ['DL3049', 'DL3050'] },
    fixable: false,
    defaultOptions: { labelSchema: {}, strictLabels: false },
    examples: {
      bad: [
        { code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.title=app\n', options: { labelSchema: { 'org.opencontainers.image.source': 'url' } } },
        { code: 'FROM alpine:3.20\nLABEL team=payments owner=jane\n', options: { labelSchema: { team: 'text' }, strictLabels: true } },
      ],
      good: [
        { code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.source=https://github.com/acme/app\n', options: { labelSchema: { 'org.opencontainers.image.source': 'url' } } },
        { code: 'FROM alpine:3.20\nLABEL team=payments\n', options: { labelSchema: { team: 'text' }, strictLabels: true } },
      ],
    },
  },
  check(context) {
    const schema = context.options.labelSchema;
    const required = Object.keys(schema);
    if (required.length === 0) return;
    const { dockerfile } = context;
    const final = dockerfile.stages[dockerfile.stages.length - 1];
    if (!final) return;
    const labels = stageLabels(dockerfile, final);
    for (const key of required) {
      if (labels.has(key)) continue;
      context.report({ message: `The image has no label "${key}", which the label schema requires (${schema[key]}).`, range: final.from.range });
    }
    if (!context.options.strictLabels) return;
    for (const [key, pair] of labels) {
      if (key in schema || pair.key.variables.length > 0) continue;
      context.report({ message: `Label "${key}" is not in the label schema, and strictLabels allows no others.`, range: pair.key.range });
    }
  },
});
