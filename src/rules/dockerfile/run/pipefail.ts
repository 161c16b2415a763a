import type { Instruction } from '../../../dockerfile/ast.js';
import { findCommands, shellFor, type ShellCommand, type ShellPipeline, type ShellScript } from '../../../dockerfile/shell.js';
import { defineDockerfileRule } from '../../../core/rule.js';
import { runsMentioning, stageLooksBusybox, type RunContext } from './support.js';

/** `-o pipefail` among shell options (`["/bin/bash", "-eo", "pipefail", "-c"]`, `set -euxo pipefail`). */
function setsPipefail(words: readonly string[]): boolean {
  return words.some((word, i) => word === 'pipefail' && i > 0 && /^-[a-zA-Z]*o$/.test(words[i - 1])) || words.some((word) => /^-[a-zA-Z]*o\s*pipefail$/.test(word));
}

/** Commands that do not fail in practice: a pipe from them loses no failure (`echo "$SUM  f" | sha256sum -c -`). */
const CANNOT_FAIL = new Set(['echo', 'printf', 'yes', 'true']);

/**
 * True when a stage before the last can fail. A simple command's status is its own: `echo "$(curl …)"`
 * succeeds whatever curl does, so pipefail would not see that failure either. A compound stage
 * (`{ …; } |`, `( … ) |`) can fail when any command in it can.
 */
function losesFailures(pipeline: ShellPipeline): boolean {
  const canFail = (c: ShellCommand) => !c.baseName || !CANNOT_FAIL.has(c.baseName);
  return pipeline.stages.slice(0, -1).some((stage) => (stage.command ? canFail(stage.command) : stage.commands.length === 0 || stage.commands.some(canFail)));
}

function scriptSetsPipefailBefore(script: ShellScript, offset: number): boolean {
  if (script.shebang && /pipefail/.test(script.shebang)) return true;
  return findCommands(script, ['set']).some((set: ShellCommand) => set.span.start < offset && setsPipefail(set.args.map((a) => a.value ?? a.raw)));
}

function shellSuggestion(context: RunContext, instruction: Instruction) {
  if (instruction.onbuild) return undefined;
  const lineStart = context.source.text.lastIndexOf('\n', instruction.span.start - 1) + 1;
  const shell = stageLooksBusybox(context.dockerfile, instruction.stageIndex) ? '/bin/ash' : '/bin/bash';
  return [{ description: `Set SHELL ["${shell}", "-o", "pipefail", "-c"] before this RUN`, edits: [{ span: { start: lineStart, end: lineStart }, text: `SHELL ["${shell}", "-o", "pipefail", "-c"]${context.eol}` }] }];
}

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/pipefail',
    title: 'Pipe in RUN without pipefail',
    severity: 'warning',
    category: 'reliability',
    rationale:
      'A pipeline\'s status is the status of its last command: in `RUN curl -fsSL https://example.com/x.tgz | tar -xz`, a failed download still lets the step succeed when tar gets an empty stream, and the image is built broken. With `-o pipefail` a failure anywhere fails the step. Set it for every RUN with `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` (ash on Alpine), or `set -o pipefail` at the top of a heredoc script. Pipes from commands that cannot fail (`echo`, `printf`) are not reported, even with a `$(…)` in their arguments: the command\'s status is its own, so pipefail would not catch a failing substitution either. The suggestion adds the SHELL line; it is not applied by --fix because it changes the shell (Debian\'s /bin/sh, dash, has no pipefail option).',
    aliases: { hadolint: ['DL4006'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM debian:12\nRUN curl -fsSL https://example.com/tool.tgz | tar -xz -C /usr/local/bin\n' }],
      good: [
        { code: 'FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl -fsSL https://example.com/tool.tgz | tar -xz -C /usr/local/bin\n' },
        { code: 'FROM debian:12\nRUN <<EOF\nset -euo pipefail\ncurl -fsSL https://example.com/tool.tgz | tar -xz -C /usr/local/bin\nEOF\n' },
        { code: 'FROM debian:12\nRUN set -o pipefail && curl -fsSL https://example.com/tool.tgz | tar -xz -C /usr/local/bin\n' },
      ],
    },
  },
  usesShell: true,
  check(context) {
    for (const instruction of runsMentioning(context, ['|'])) {
      if (setsPipefail(shellFor(context.dockerfile, instruction))) continue;
      for (const script of context.shellScripts(instruction)) {
        const pipeline = script.pipelines.find((p) => losesFailures(p) && !p.stages.some((stage) => stage.commands.some((c) => c.inParseError)) && !scriptSetsPipefailBefore(script, p.span.start));
        if (!pipeline) continue;
        context.report({
          message: 'Only the last command of this pipe decides whether the RUN succeeds: set `-o pipefail` (SHELL ["/bin/bash", "-o", "pipefail", "-c"]) so that a failure anywhere fails the build.',
          range: pipeline.range,
          suggestions: shellSuggestion(context, instruction),
        });
        break;
      }
    }
  },
});
