import { defineDockerfileRule } from '../../../core/rule.js';
import { eachInstruction, textOf } from './util.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/maintainer-deprecated',
    title: 'MAINTAINER is deprecated',
    severity: 'warning',
    category: 'maintainability',
    rationale:
      '`MAINTAINER` has been deprecated since Docker 1.13: its value goes into a legacy field that tools no longer read. Use the OCI label `org.opencontainers.image.authors`, which registries and scanners show.',
    aliases: {
      hadolint: ['DL4000'],
      buildkit: ['MaintainerDeprecated'],
      'dockerfile-utils': ['DEPRECATED_MAINTAINER'],
      checkov: ['CKV_DOCKER_6'],
      trivy: ['DS-0022', 'DS022'],
    },
    fixable: true,
    defaultOptions: {},
    examples: {
      bad: [
        {
          code: 'FROM alpine:3.20\nMAINTAINER Jane Doe <jane@example.com>\n',
          output: 'FROM alpine:3.20\nLABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"\n',
        },
      ],
      good: [{ code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"\n' }],
    },
  },
  check(context) {
    const escape = context.dockerfile.escapeChar;
    for (const instruction of eachInstruction(context.dockerfile)) {
      if (instruction.kind !== 'MAINTAINER') continue;
      const keyword = textOf(context.source, instruction.keywordNode);
      const label = keyword === keyword.toLowerCase() ? 'label' : 'LABEL';
      const value = instruction.argsText.trim();
      // MAINTAINER is not expanded: escape what a double-quoted LABEL value would interpret.
      const quoted = value.replace(new RegExp(`[${escape === '\\' ? '\\\\' : '`'}"$]`, 'g'), (c) => escape + c);
      const multiLine = instruction.range.start.line !== instruction.range.end.line;
      context.report({
        message: 'MAINTAINER is deprecated: use LABEL org.opencontainers.image.authors instead.',
        range: instruction.keywordNode.range,
        fix:
          value && !multiLine
            ? {
                description: 'Replace with LABEL org.opencontainers.image.authors',
                edits: [{ span: instruction.span, text: `${label} org.opencontainers.image.authors="${quoted}"` }],
              }
            : undefined,
      });
    }
  },
});
