import { defineDockerfileRule } from '../../core/rule.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/syntax',
    title: 'Dockerfile syntax error',
    severity: 'error',
    category: 'syntax',
    rationale:
      'The builder rejects this line, so the image does not build. drydock reports it with its exact range and goes on parsing at the next instruction, so every other problem is still found. This covers what the builder checks itself: unknown instructions, argument counts, an instruction before the first FROM (hadolint DL3061), ONBUILD triggering ONBUILD, FROM or MAINTAINER (DL3043), SHELL not in JSON form, HEALTHCHECK durations and retries, and an invalid or repeated escape directive.',
    // Checks the builder itself enforces: they are parse errors here, reported once, under this rule.
    aliases: {
      hadolint: ['DL1000', 'DL3043', 'DL3061'],
      'dockerfile-utils': [
        'UNKNOWN_INSTRUCTION',
        'ARGUMENT_MISSING',
        'ARGUMENT_REQUIRES_ONE',
        'ARGUMENT_AT_LEAST_ONE',
        'ARGUMENT_REQUIRES_TWO',
        'ARGUMENT_REQUIRES_AT_LEAST_TWO',
        'ARGUMENT_REQUIRES_ONE_OR_THREE',
        'ARGUMENT_UNNECESSARY',
        'NO_SOURCE_IMAGE',
        'SHELL_JSON_FORM',
        'SHELL_REQUIRES_ONE',
        'INVALID_ESCAPE_DIRECTIVE',
        'DUPLICATED_ESCAPE_DIRECTIVE',
        'FLAG_AT_LEAST_ONE',
        'FLAG_INVALID_DURATION',
        'FLAG_LESS_THAN_1MS',
        'FLAG_MISSING_DURATION',
        'FLAG_UNKNOWN_UNIT',
        'HEALTHCHECK_CMD_ARGUMENT_MISSING',
        'UNKNOWN_TYPE',
        'ONBUILD_CHAINING_DISALLOWED',
        'ONBUILD_TRIGGER_DISALLOWED',
        'INVALID_SYNTAX',
      ],
    },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [
        { code: 'FROM alpine:3.20\nRUNN echo hi\n' },
        { code: 'FROM\n' },
        { code: 'RUN echo hi\nFROM alpine:3.20\n' },
        { code: 'FROM alpine:3.20\nONBUILD ONBUILD RUN echo hi\n' },
        { code: 'FROM alpine:3.20\nSHELL /bin/bash -c\n' },
        { code: 'FROM alpine:3.20\nHEALTHCHECK --interval=5 CMD true\n' },
      ],
      good: [{ code: 'FROM alpine:3.20\nRUN echo hi\n' }],
    },
  },
  check(context) {
    for (const error of context.dockerfile.errors) context.report({ message: error.message, range: error.range });
  },
});
