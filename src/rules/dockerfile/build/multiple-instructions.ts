/** The shared check behind multiple-cmd, multiple-entrypoint and multiple-healthcheck. */
import type { Instruction } from '../../../dockerfile/ast.js';
import { defineDockerfileRule, type DockerfileRule } from '../../../core/rule.js';
import type { AliasTool, Severity } from '../../../core/types.js';
import { lineSpanOf } from './util.js';

export function multipleInstructionsRule(
  kind: 'CMD' | 'ENTRYPOINT' | 'HEALTHCHECK',
  spec: { id: string; aliases: Partial<Record<AliasTool, string[]>>; severity: Severity; example: string; other: string },
): DockerfileRule {
  return defineDockerfileRule({
    meta: {
      id: spec.id,
      title: `More than one ${kind} in a stage`,
      severity: spec.severity,
      category: 'correctness',
      rationale: `Only the last ${kind} of a stage takes effect; the earlier ones do nothing and mislead whoever reads the file into thinking they run. Keep one ${kind} per stage.`,
      aliases: spec.aliases,
      fixable: false,
      defaultOptions: {},
      examples: {
        bad: [{ code: `FROM node:22-slim\n${spec.example}\n${spec.other}\n` }],
        good: [{ code: `FROM node:22-slim AS test\n${spec.example}\nFROM node:22-slim\n${spec.other}\n` }],
      },
    },
    check(context) {
      for (const stage of context.dockerfile.stages) {
        let last: Instruction | null = null;
        let count = 0;
        for (const instruction of stage.instructions) {
          if (instruction.kind !== kind) continue;
          last = instruction;
          count++;
        }
        if (!last || count < 2) continue;
        for (const instruction of stage.instructions) {
          if (instruction.kind !== kind || instruction === last) continue;
          context.report({
            message: `This ${kind} is overridden by the ${kind} on line ${last.range.start.line}: only the last one in a stage takes effect.`,
            range: instruction.keywordNode.range,
            related: [{ file: context.file, range: last.range, message: `the ${kind} that takes effect` }],
            suggestions: [{ description: `Remove this ${kind}`, edits: [{ span: lineSpanOf(context.source, instruction), text: '' }] }],
          });
        }
      }
    },
  });
}
