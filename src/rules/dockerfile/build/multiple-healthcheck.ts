import { multipleInstructionsRule } from './multiple-instructions.js';

export default multipleInstructionsRule('HEALTHCHECK', {
  id: 'dockerfile/multiple-healthcheck',
  aliases: { hadolint: ['DL3012'], buildkit: ['MultipleInstructionsDisallowed'], 'dockerfile-utils': ['MULTIPLE_INSTRUCTIONS'], trivy: ['DS-0023', 'DS023'] },
  severity: 'warning',
  example: 'HEALTHCHECK CMD ["/app", "ping"]',
  other: 'HEALTHCHECK --interval=30s CMD ["/app", "health"]',
});
