import type { Instruction } from '../../../dockerfile/ast.js';
import { defineDockerfileRule } from '../../../core/rule.js';

function flagsText(instruction: Instruction): string {
  return instruction.flags.map((flag) => `${flag.name}=${flag.value ?? ''}`).join(' ');
}

/**
 * The number of commands, counted from the text (`&&`, `||`, `;`, `|` and
 * heredoc lines outside quotes): enough to tell one or two commands from
 * more without parsing every RUN's shell.
 */
export function roughCommandCount(instruction: Instruction): number {
  if (instruction.heredocs.length > 0) {
    return instruction.heredocs.reduce((count, heredoc) => count + heredoc.bodyText.split('\n').filter((line) => line.trim() && !line.trim().startsWith('#')).length, 0);
  }
  const unquoted = instruction.argsText.replace(/'[^']*'|"(\\.|[^"\\])*"/g, '""');
  return 1 + (unquoted.match(/&&|\|\||;|\|/g)?.length ?? 0);
}

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/consecutive-run',
    title: 'Consecutive RUN instructions that could be one',
    severity: 'info',
    category: 'efficiency',
    rationale:
      'Each RUN makes a layer; two short RUNs in a row could often be one. The advice is contested (hadolint #712, #1207): separate RUNs cache separately, which speeds up rebuilds while a Dockerfile is being written, and BuildKit squashes nothing either way; what matters more is that files created in one RUN and deleted in the next still take space. Like hadolint, only runs of short RUNs (at most two commands each) with the same flags are reported. The rule is off in the recommended preset.',
    aliases: { hadolint: ['DL3059'] },
    fixable: false,
    recommended: false,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM debian:12\nRUN mkdir -p /app\nRUN chown nobody /app\n' }],
      good: [
        { code: 'FROM debian:12\nRUN mkdir -p /app && chown nobody /app\n' },
        { code: 'FROM debian:12\nRUN mkdir -p /app\nRUN --mount=type=cache,target=/root/.cache make -C /app\n' },
        { code: 'FROM debian:12\nRUN mkdir -p /app\nCOPY . /app\nRUN make -C /app\n' },
      ],
    },
  },
  check(context) {
    for (const stage of context.dockerfile.stages) {
      let previous: Instruction | null = null;
      for (const instruction of stage.instructions) {
        if (instruction.kind !== 'RUN' || !instruction.shell) {
          previous = null;
          continue;
        }
        if (previous && flagsText(previous) === flagsText(instruction) && roughCommandCount(previous) <= 2 && roughCommandCount(instruction) <= 2) {
          context.report({ message: 'This RUN follows another short RUN with the same flags: consider joining them with `&&` into one layer.', range: instruction.keywordNode.range });
        }
        previous = instruction;
      }
    }
  },
});
