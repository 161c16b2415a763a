import { defineDockerfileRule } from '../../../core/rule.js';
import type { Node } from '../../../dockerfile/ast.js';
import { eachInstruction } from './util.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/consistent-instruction-casing',
    title: 'Instruction keyword cased unlike the rest of the file',
    severity: 'warning',
    category: 'maintainability',
    rationale:
      'Instruction keywords are case-insensitive, but a file that mixes `RUN` and `run` (or writes `Run`) is harder to scan. BuildKit takes the case most instructions use in the file as the convention; upper case wins a tie.',
    aliases: { buildkit: ['ConsistentInstructionCasing'], 'dockerfile-utils': ['CASING_INSTRUCTION'] },
    fixable: true,
    defaultOptions: {},
    examples: {
      bad: [
        { code: 'FROM alpine:3.20\nrun echo hi\nCMD ["sh"]\n', output: 'FROM alpine:3.20\nRUN echo hi\nCMD ["sh"]\n' },
        { code: 'from alpine:3.20\nRun echo hi\n', output: 'from alpine:3.20\nrun echo hi\n' },
      ],
      good: [{ code: 'FROM alpine:3.20\nRUN echo hi\n' }, { code: 'from alpine:3.20\nrun echo hi\n' }],
    },
  },
  check(context) {
    const fileText = context.source.text;
    const keywords: { node: Node; text: string; isUpper: boolean; isLower: boolean }[] = [];
    let upper = 0;
    let lower = 0;
    for (const instruction of eachInstruction(context.dockerfile)) {
      if (instruction.kind === 'UNKNOWN') continue;
      const node = instruction.keywordNode;
      const keyword = fileText.slice(node.span.start, node.span.end);
      const isUpper = keyword === keyword.toUpperCase();
      const isLower = keyword === keyword.toLowerCase();
      keywords.push({ node, text: keyword, isUpper, isLower });
      if (isUpper) upper++;
      else if (isLower) lower++;
    }
    const useLower = lower > upper;
    for (const { node, text, isUpper, isLower } of keywords) {
      if (useLower ? isLower : isUpper) continue;
      const wanted = useLower ? text.toLowerCase() : text.toUpperCase();
      const mixed = !isUpper && !isLower;
      context.report({
        message: mixed
          ? `"${text}" mixes upper and lower case: write "${wanted}" like the other instructions.`
          : `"${text}" should match the case most instructions in this file use (${useLower ? 'lower' : 'upper'} case): write "${wanted}".`,
        range: node.range,
        fix: { description: `Write "${wanted}"`, edits: [{ span: node.span, text: wanted }] },
      });
    }
  },
});
