import { defineDockerfileRule } from '../../../core/rule.js';
import { eachInstruction } from './util.js';
import { type LabelType, labelValueProblem } from './label-util.js';

interface Options {
  /** Label types to check (`text`, `url`, `semver`, `hash`, `rfc3339`, `spdx`, `email`); merged over the OCI defaults. */
  labelSchema: Record<string, LabelType>;
}

/** The OCI annotation keys whose format the image spec fixes. */
const OCI_TYPES: Record<string, LabelType> = {
  'org.opencontainers.image.created': 'rfc3339',
  'org.opencontainers.image.url': 'url',
  'org.opencontainers.image.source': 'url',
  'org.opencontainers.image.documentation': 'url',
  'org.opencontainers.image.licenses': 'spdx',
};

export default defineDockerfileRule<Options>({
  meta: {
    id: 'dockerfile/label-value-format',
    title: 'Label value does not have its expected format',
    severity: 'warning',
    category: 'maintainability',
    rationale:
      'Registries and scanners parse some labels: `org.opencontainers.image.created` is an RFC 3339 time, `…source`, `…url` and `…documentation` are URLs, `…licenses` is an SPDX expression. A value in another format is dropped or misread. The label schema option (hadolint\'s `label-schema`) adds your own labels and types; a label of the schema must not be empty. Values built from variables are not checked.',
    aliases: { hadolint: ['DL3051', 'DL3052', 'DL3053', 'DL3054', 'DL3055', 'DL3056', 'DL3058'] },
    fixable: false,
    defaultOptions: { labelSchema: {} },
    examples: {
      bad: [
        { code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.created="yesterday"\n' },
        { code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.licenses="Apache 2"\n' },
        { code: 'FROM alpine:3.20\nLABEL version=1.2 maintainer=jane\n', options: { labelSchema: { version: 'semver', maintainer: 'email' } } },
      ],
      good: [
        { code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.created="2024-05-01T12:00:00Z" org.opencontainers.image.licenses="Apache-2.0 OR MIT"\n' },
        { code: 'FROM alpine:3.20\nARG BUILD_DATE\nLABEL org.opencontainers.image.created=$BUILD_DATE\n' },
        { code: 'FROM alpine:3.20\nLABEL version=1.2.3 maintainer=jane@example.com\n', options: { labelSchema: { version: 'semver', maintainer: 'email' } } },
      ],
    },
  },
  check(context) {
    const types: Record<string, LabelType> = { ...OCI_TYPES, ...context.options.labelSchema };
    for (const instruction of eachInstruction(context.dockerfile)) {
      if (instruction.kind !== 'LABEL') continue;
      for (const pair of instruction.pairs) {
        const type = types[pair.key.value];
        if (!type || !pair.value || pair.value.variables.length > 0) continue;
        const value = pair.value.value;
        const range = pair.value.range;
        if (value.trim() === '') {
          if (pair.key.value in context.options.labelSchema) context.report({ message: `Label "${pair.key.value}" is empty.`, range: pair.range });
          continue;
        }
        const problem = labelValueProblem(type, value);
        if (problem) context.report({ message: `Label "${pair.key.value}" value "${value}" ${problem}.`, range });
      }
    }
  },
});
