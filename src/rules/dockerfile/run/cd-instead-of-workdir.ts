import { defineDockerfileRule } from '../../../core/rule.js';
import { runsMentioning } from './support.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/cd-instead-of-workdir',
    title: 'cd in RUN instead of WORKDIR',
    severity: 'warning',
    category: 'maintainability',
    rationale:
      'A `cd` lasts only until the end of its RUN; the next instruction starts again in the WORKDIR. Chains of `cd dir && …` in several RUNs repeat paths and hide which directory later COPY, RUN and CMD instructions use. `WORKDIR /dir` states it once for everything after it. A `cd` inside a subshell (`(cd dir && make)`) or a `sh -c` string is local by design and not reported; a RUN is reported once, at its first `cd` (the one a WORKDIR can replace), as hadolint does.',
    aliases: { hadolint: ['DL3003'], trivy: ['DS-0013', 'DS013'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM golang:1.23\nCOPY . /src\nRUN cd /src && go build -o /app .\n' }],
      good: [
        { code: 'FROM golang:1.23\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n' },
        { code: 'FROM debian:12\nRUN (cd /tmp && make install)\n' },
      ],
    },
  },
  usesShell: true,
  check(context) {
    for (const instruction of runsMentioning(context, /\bcd\b/)) {
      // One finding per RUN, as hadolint does: WORKDIR can replace the first `cd`; a later one
      // (`cd /src && tar xf a.tgz && cd a-1.0 && make`) needs the RUN split first, and a
      // closing `cd /` only undoes the first.
      scripts: for (const script of context.shellScripts(instruction)) {
        for (const cd of script.cdCommands) {
          if (cd.command.inSubshell || cd.command.inFunction || cd.command.inCommandSubstitution) continue;
          context.report({
            message: `\`cd${cd.target ? ` ${cd.target.raw}` : ''}\` only lasts until the end of this RUN: use WORKDIR to change directory.`,
            range: cd.command.range,
          });
          break scripts;
        }
      }
    }
  },
});
