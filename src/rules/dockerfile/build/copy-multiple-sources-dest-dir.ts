import { defineDockerfileRule } from '../../../core/rule.js';
import { eachInstruction } from './util.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/copy-multiple-sources-dest-dir',
    title: 'COPY/ADD of several sources to a destination without a trailing `/`',
    severity: 'error',
    category: 'correctness',
    rationale:
      'With more than one source the destination must be a folder, and the builder requires it to end with `/`; otherwise the build fails ("When using COPY with more than one source file, the destination must be a directory and end with a /").',
    aliases: { hadolint: ['DL3021'], 'dockerfile-utils': ['INVALID_DESTINATION'], trivy: ['DS-0011', 'DS011'] },
    fixable: true,
    defaultOptions: {},
    examples: {
      bad: [
        { code: 'FROM node:22-slim\nCOPY package.json package-lock.json /app\n', output: 'FROM node:22-slim\nCOPY package.json package-lock.json /app/\n' },
        { code: 'FROM node:22-slim\nCOPY ["a.js", "b.js", "/app"]\n', output: 'FROM node:22-slim\nCOPY ["a.js", "b.js", "/app/"]\n' },
      ],
      good: [{ code: 'FROM node:22-slim\nCOPY package.json package-lock.json /app/\n' }, { code: 'FROM node:22-slim\nCOPY package.json /app\n' }],
    },
  },
  check(context) {
    for (const instruction of eachInstruction(context.dockerfile)) {
      if ((instruction.kind !== 'COPY' && instruction.kind !== 'ADD') || !instruction.destination || instruction.sources.length < 2) continue;
      const destination = instruction.destination;
      if (/[/\\]$/.test(destination.value) || destination.variables.length > 0) continue;
      // In JSON form the word ends with the closing quote: insert before it.
      const at = instruction.exec ? destination.span.end - 1 : destination.span.end;
      context.report({
        message: `${instruction.kind} has ${instruction.sources.length} sources, so the destination "${destination.value}" must be a folder ending with "/".`,
        range: destination.range,
        fix: { description: `Write ${destination.value}/`, edits: [{ span: { start: at, end: at }, text: '/' }] },
      });
    }
  },
});
