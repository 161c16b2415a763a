import { findCommands, unwrapCommand } from '../../../dockerfile/shell.js';
import { defineDockerfileRule } from '../../../core/rule.js';
import { runsMentioning } from './support.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/no-sudo',
    title: 'sudo in RUN',
    severity: 'error',
    category: 'security',
    rationale:
      'RUN already runs as the USER in effect, root unless the Dockerfile says otherwise, so `sudo` adds nothing but a setuid binary in the image, a dependency on the sudoers configuration, and TTY and signal behaviour that differ from a plain command. Switch with `USER root` … `USER app` around the commands that need root; at run time, use a tool like gosu or su-exec if a process must drop privileges.',
    aliases: { hadolint: ['DL3004'], checkov: ['CKV2_DOCKER_1'], trivy: ['DS-0010', 'DS010'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM debian:12\nUSER app\nRUN sudo apt-get update\n' }],
      good: [{ code: 'FROM debian:12\nUSER root\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nUSER app\n' }],
    },
  },
  usesShell: true,
  check(context) {
    for (const instruction of runsMentioning(context, ['sudo'])) {
      for (const script of context.shellScripts(instruction)) {
        for (const sudo of findCommands(script, ['sudo'])) {
          const inner = unwrapCommand(sudo)?.[0];
          context.report({
            message: '`sudo` in a Dockerfile: RUN already runs as the current USER; switch with `USER root` where root is needed.',
            range: sudo.nameWord?.range ?? sudo.range,
            suggestions: inner && !sudo.inParseError ? [{ description: 'Remove sudo (run as USER root instead)', edits: [{ span: { start: sudo.span.start, end: inner.span.start }, text: '' }] }] : undefined,
          });
        }
      }
    }
  },
});
