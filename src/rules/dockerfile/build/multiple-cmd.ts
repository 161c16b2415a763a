import { multipleInstructionsRule } from './multiple-instructions.js';

export default multipleInstructionsRule('CMD', {
  id: 'dockerfile/multiple-cmd',
  aliases: { hadolint: ['DL4003'], buildkit: ['MultipleInstructionsDisallowed'], 'dockerfile-utils': ['MULTIPLE_INSTRUCTIONS'], trivy: ['DS-0016', 'DS016'] },
  severity: 'warning',
  example: 'CMD ["node", "a.js"]',
  other: 'CMD ["node", "server.js"]',
});
