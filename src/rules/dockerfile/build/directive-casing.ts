import { defineDockerfileRule } from '../../../core/rule.js';
import { textOf } from './util.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/directive-casing',
    title: 'Parser directive not in lower case',
    severity: 'info',
    category: 'maintainability',
    rationale: 'Parser directives (`# syntax=`, `# escape=`, `# check=`) are case-insensitive, but the documentation and every tool write them in lower case; `# Escape=` reads like an ordinary comment.',
    aliases: { 'dockerfile-utils': ['CASING_DIRECTIVE'] },
    fixable: true,
    defaultOptions: {},
    examples: {
      bad: [{ code: '# Syntax=docker/dockerfile:1\nFROM alpine:3.20\n', output: '# syntax=docker/dockerfile:1\nFROM alpine:3.20\n' }],
      good: [{ code: '# syntax=docker/dockerfile:1\n# escape=`\nFROM alpine:3.20\n' }],
    },
  },
  check(context) {
    for (const directive of context.dockerfile.directives) {
      const written = textOf(context.source, directive.nameNode);
      if (written === written.toLowerCase()) continue;
      context.report({
        message: `Write the parser directive "${written}" in lower case: "${written.toLowerCase()}".`,
        range: directive.nameNode.range,
        fix: { description: `Write ${written.toLowerCase()}`, edits: [{ span: directive.nameNode.span, text: written.toLowerCase() }] },
      });
    }
  },
});
