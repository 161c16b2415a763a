import { defineDockerfileRule } from '../../../core/rule.js';
import { eachInstruction } from './util.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/env-self-reference',
    title: 'ENV refers to a variable set in the same instruction',
    severity: 'error',
    category: 'correctness',
    rationale:
      'All values of one ENV are expanded before any of its variables is set, so in `ENV A=1 B=$A` the `$A` is the old value of A (often empty), not 1. Split the instruction: `ENV A=1` then `ENV B=$A`. A reference to the variable\'s own previous value (`ENV PATH=/opt/bin:$PATH`) is fine.',
    aliases: { hadolint: ['DL3044'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM alpine:3.20\nENV APP_HOME=/srv/app APP_BIN=$APP_HOME/bin\n' }],
      good: [{ code: 'FROM alpine:3.20\nENV APP_HOME=/srv/app\nENV APP_BIN=$APP_HOME/bin PATH=/opt/bin:$PATH\n' }],
    },
  },
  check(context) {
    for (const instruction of eachInstruction(context.dockerfile)) {
      if (instruction.kind !== 'ENV') continue;
      const setBefore = new Map<string, number>();
      instruction.pairs.forEach((pair, index) => {
        for (const ref of pair.value?.variables ?? []) {
          const at = setBefore.get(ref.name);
          if (at === undefined || ref.name === pair.key.value) continue;
          context.report({
            message: `"$${ref.name}" is expanded before this ENV sets ${ref.name}, so it has the old value: set ${ref.name} in an earlier ENV.`,
            range: ref.range,
          });
        }
        if (!setBefore.has(pair.key.value)) setBefore.set(pair.key.value, index);
      });
    }
  },
});
