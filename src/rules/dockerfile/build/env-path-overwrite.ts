import { defineDockerfileRule } from '../../../core/rule.js';
import { eachInstruction, rootedInScratch } from './util.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/env-path-overwrite',
    title: 'ENV PATH drops the inherited PATH',
    severity: 'warning',
    category: 'correctness',
    rationale:
      '`ENV PATH=/opt/app/bin` replaces the base image\'s PATH instead of extending it, so `sh`, `apt-get`, `node` and everything else the base image put on the PATH are no longer found by later RUN steps or by the container. Write `ENV PATH=/opt/app/bin:$PATH`.',
    aliases: {},
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM node:22-slim\nENV PATH=/app/node_modules/.bin\n' }],
      good: [
        { code: 'FROM node:22-slim\nENV PATH=/app/node_modules/.bin:$PATH\n' },
        { code: 'FROM scratch\nENV PATH=/bin\n' },
        { code: 'FROM debian:12\nENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/opt/tool/bin\n' },
      ],
    },
  },
  check(context) {
    const { dockerfile } = context;
    for (const instruction of eachInstruction(dockerfile)) {
      if (instruction.kind !== 'ENV') continue;
      const stage = dockerfile.stages[instruction.stageIndex];
      if (!stage || rootedInScratch(dockerfile, stage)) continue;
      for (const pair of instruction.pairs) {
        if (pair.key.value !== 'PATH' || !pair.value) continue;
        const value = pair.value.value;
        // Extends the PATH, or restates the standard system directories itself.
        if (pair.value.variables.some((ref) => /PATH/i.test(ref.name)) || /(^|:)\/usr\/bin(:|$)/.test(value) || /(^|:)\/bin(:|$)/.test(value)) continue;
        context.report({ message: `ENV PATH=${value} replaces the inherited PATH, so the base image's programs are no longer found: write PATH=${value}:$PATH.`, range: pair.range });
      }
    }
  },
});
