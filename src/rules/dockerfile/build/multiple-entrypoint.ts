import { multipleInstructionsRule } from './multiple-instructions.js';

export default multipleInstructionsRule('ENTRYPOINT', {
  id: 'dockerfile/multiple-entrypoint',
  aliases: { hadolint: ['DL4004'], buildkit: ['MultipleInstructionsDisallowed'], 'dockerfile-utils': ['MULTIPLE_INSTRUCTIONS'], trivy: ['DS-0007', 'DS007'] },
  severity: 'error',
  example: 'ENTRYPOINT ["/bin/tini", "--"]',
  other: 'ENTRYPOINT ["/usr/local/bin/app"]',
});
