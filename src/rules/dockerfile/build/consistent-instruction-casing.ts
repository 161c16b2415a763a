import { defineDockerfileRule } from '../../../core/rule.js';
import { eachInstruction, textOf } from './util.js';

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
    const keywords = [...eachInstruction(context.dockerfile)]
      .filter((instruction) => instruction.kind !== 'UNKNOWN')
      .map((instruction) => ({ node: instruction.keywordNode, text: textOf(context.source, instruction.keywordNode) }));
    let upper = 0;
    let lower = 0;
    for (const { text } of keywords) {
      if (text === text.toUpperCase()) upper++;
      else if (text === text.toLowerCase()) lower++;
    }
    const useLower = lower > upper;
    for (const { node, text } of keywords) {
      const wanted = useLower ? text.toLowerCase() : text.toUpperCase();
      if (text === wanted) continue;
      const mixed = text !== text.toUpperCase() && text !== text.toLowerCase();
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
