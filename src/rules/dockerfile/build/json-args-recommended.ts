import type { CmdInstruction, Dockerfile, EntrypointInstruction } from '../../../dockerfile/ast.js';
import { DEFAULT_SHELL, looksLikeWindowsImage, shellFor } from '../../../dockerfile/shell.js';
import { defineDockerfileRule } from '../../../core/rule.js';
import type { Fix } from '../../../core/types.js';
import { effective } from './util.js';

/** Words that mean the same thing to `sh -c` and to exec: no quoting, variables, globs, operators or redirects. */
const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/json-args-recommended',
    title: 'CMD or ENTRYPOINT in shell form',
    severity: 'warning',
    category: 'reliability',
    rationale:
      'In shell form the container runs `/bin/sh -c "…"`: the shell is PID 1 and does not forward SIGTERM, so `docker stop` waits and then kills the application without a clean shutdown, and a shell-form ENTRYPOINT ignores CMD and `docker run` arguments. Use the JSON (exec) form. When a shell is wanted on purpose, say so with a `SHELL` instruction (the check is then skipped) or write `["/bin/sh", "-c", "…"]`.',
    aliases: { hadolint: ['DL3025'], buildkit: ['JSONArgsRecommended'] },
    fixable: true,
    defaultOptions: {},
    examples: {
      bad: [
        { code: 'FROM node:22-slim\nCMD node server.js\n', output: 'FROM node:22-slim\nCMD ["node", "server.js"]\n' },
        { code: 'FROM alpine:3.20\nENTRYPOINT /usr/local/bin/app --port 8080\n', output: 'FROM alpine:3.20\nENTRYPOINT ["/usr/local/bin/app", "--port", "8080"]\n' },
        { code: 'FROM alpine:3.20\nCMD /app --port "$PORT"\n' },
      ],
      good: [
        { code: 'FROM node:22-slim\nCMD ["node", "server.js"]\n' },
        { code: 'FROM alpine:3.20\nCMD exec /app --port "$PORT"\n' },
        { code: 'FROM alpine:3.20\nSHELL ["/bin/ash", "-eo", "pipefail", "-c"]\nCMD echo "$HOME" | wc -c\n' },
      ],
    },
  },
  check(context) {
    const { dockerfile } = context;
    for (const stage of dockerfile.stages) {
      // Windows runs shell form under cmd, where the signal argument does not apply.
      if (looksLikeWindowsImage(stage.image.expanded)) continue;
      const hasCmd = stage.instructions.some((instruction) => instruction.kind === 'CMD');
      const hasEntrypoint = stage.instructions.some((instruction) => instruction.kind === 'ENTRYPOINT');
      const hasShell = stage.instructions.some((instruction) => instruction.kind === 'SHELL');
      for (const top of stage.instructions) {
        const instruction = effective(top);
        if (!instruction || (instruction.kind !== 'CMD' && instruction.kind !== 'ENTRYPOINT')) continue;
        if (!instruction.shell || instruction.exec || instruction.malformedExec || !instruction.argsNode) continue;
        if (hasShell && !instruction.onbuild) continue;
        // `CMD exec app …` replaces the shell with the application, which then gets the signals.
        if (/^exec\s/.test(instruction.argsText.trim())) continue;
        const exec = execForm(instruction, dockerfile, context.source.text);
        // Exec form changes what CMD means to an ENTRYPOINT and what an ENTRYPOINT does with CMD: offer it, don't apply it.
        const safe = instruction.kind === 'CMD' ? !hasEntrypoint : !hasCmd;
        context.report({
          message: `${instruction.kind} in shell form runs under /bin/sh, which does not pass signals on to the application: write it as a JSON array${exec ? ` (${exec.edits[0].text})` : ''}.`,
          range: instruction.argsNode.range,
          fix: exec && safe && !instruction.onbuild ? exec : undefined,
          suggestions: exec && (!safe || instruction.onbuild) ? [exec] : undefined,
        });
      }
    }
  },
});

/** The exec form of a one-line command made only of plain words under the default shell; null when the split is not certain. */
function execForm(instruction: CmdInstruction | EntrypointInstruction, dockerfile: Dockerfile, text: string): Fix | null {
  const args = instruction.argsNode;
  if (!args || args.range.start.line !== args.range.end.line) return null;
  const shell = shellFor(dockerfile, instruction);
  if (shell.length !== DEFAULT_SHELL.length || shell.some((part, i) => part !== DEFAULT_SHELL[i])) return null;
  const words = text.slice(args.span.start, args.span.end).trim().split(/[ \t]+/);
  if (words.length === 0 || !words.every((word) => PLAIN_WORD.test(word))) return null;
  const json = `[${words.map((word) => JSON.stringify(word)).join(', ')}]`;
  return { description: `Write it in exec form: ${json}`, edits: [{ span: args.span, text: json }] };
}
