import { defineDockerfileRule } from '../../../core/rule.js';
import { runCommands, type RunCommand } from './support.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/wget-and-curl',
    title: 'Both wget and curl in one stage',
    severity: 'warning',
    category: 'efficiency',
    rationale:
      'wget and curl do the same job. Using both in one image means installing, patching and scanning two tools (and their TLS libraries) where one would do. Pick one and use it throughout the stage. Stages are judged separately: a builder stage may use another tool than the final one.',
    aliases: { hadolint: ['DL4001'], trivy: ['DS-0014', 'DS014'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM debian:12\nRUN curl -fsSLo /tmp/a.tgz https://example.com/a.tgz\nRUN wget -q -O /tmp/b.tgz https://example.com/b.tgz\n' }],
      good: [
        { code: 'FROM debian:12\nRUN curl -fsSLo /tmp/a.tgz https://example.com/a.tgz && curl -fsSLo /tmp/b.tgz https://example.com/b.tgz\n' },
        { code: 'FROM alpine:3.20 AS fetch\nRUN wget -q -O /tmp/a.tgz https://example.com/a.tgz\nFROM debian:12\nRUN curl -fsSL https://example.com/health\n' },
      ],
    },
  },
  usesShell: true,
  check(context) {
    const byStage = new Map<string, RunCommand[]>();
    for (const found of runCommands(context, ['wget', 'curl'])) {
      const key = `${found.instruction.stageIndex}:${found.instruction.onbuild}`;
      byStage.set(key, [...(byStage.get(key) ?? []), found]);
    }
    for (const uses of byStage.values()) {
      const first = uses[0].command.baseName;
      const other = uses.filter((u) => u.command.baseName !== first);
      for (const { command } of other) {
        context.report({ message: `This stage already uses ${first}; \`${command.baseName}\` does the same job: use one of them.`, range: command.nameWord?.range ?? command.range });
      }
    }
  },
});
