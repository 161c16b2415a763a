import type { Instruction } from '../../dockerfile/ast.js';
import { defineDockerfileRule } from '../../core/rule.js';
import type { Fix } from '../../core/types.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/malformed-exec-form',
    title: 'Exec form that is not valid JSON',
    severity: 'error',
    category: 'correctness',
    rationale:
      'The builder reads `["…"]` arguments as exec form only when they are a valid JSON array: double quotes, no trailing comma, backslashes escaped. Anything else silently runs through `/bin/sh -c` as one odd string, so `ENTRYPOINT [\'/app\']` tries to run a command named `[/app]` and the container fails at start.',
    aliases: { 'dockerfile-utils': ['JSON_IN_SINGLE_QUOTES'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ code: "FROM alpine:3.20\nENTRYPOINT ['/bin/glide']\n" }, { code: 'FROM alpine:3.20\nCMD ["sh", "-c", "echo hi",]\n' }],
      good: [{ code: 'FROM alpine:3.20\nENTRYPOINT ["/bin/glide"]\n' }, { code: 'FROM alpine:3.20\nRUN [ -f /etc/os-release ] && cat /etc/os-release\n' }],
    },
  },
  check(context) {
    const visit = (instruction: Instruction) => {
      if (instruction.kind === 'ONBUILD') {
        if (instruction.trigger) visit(instruction.trigger);
        return;
      }
      if (!('malformedExec' in instruction) || !instruction.malformedExec) return;
      const node = instruction.malformedExec;
      const text = context.source.text.slice(node.span.start, node.span.end);
      const repaired = repairJsonArray(text);
      const suggestion: Fix | undefined = repaired
        ? { description: `Write it as the JSON array ${repaired} (runs it in exec form)`, edits: [{ span: node.span, text: repaired }] }
        : undefined;
      context.report({
        message: `${instruction.kind} arguments look like exec form but are not valid JSON, so they run through the shell as one string: use double quotes and no trailing comma.`,
        range: node.range,
        suggestions: suggestion ? [suggestion] : undefined,
      });
    };
    for (const instruction of context.dockerfile.instructions) visit(instruction);
  },
});

/** Turns `['a', "b",]` into `["a", "b"]` when that is all that is wrong; null otherwise. */
export function repairJsonArray(text: string): string | null {
  const items: string[] = [];
  const body = text.trim();
  if (!body.startsWith('[') || !body.endsWith(']')) return null;
  let i = 1;
  const end = body.length - 1;
  const skipSpace = () => {
    while (i < end && /\s/.test(body[i])) i++;
  };
  for (;;) {
    skipSpace();
    if (i >= end) break;
    const quote = body[i];
    if (quote !== '"' && quote !== "'") return null;
    let value = '';
    i++;
    while (i < end && body[i] !== quote) {
      if (body[i] === '\\' && quote === '"' && i + 1 < end) {
        value += body[i + 1];
        i += 2;
      } else value += body[i++];
    }
    if (i >= end) return null;
    i++;
    items.push(value);
    skipSpace();
    if (i < end && body[i] === ',') i++;
    else if (i < end) return null;
  }
  return items.length > 0 ? `[${items.map((item) => JSON.stringify(item)).join(', ')}]` : null;
}
