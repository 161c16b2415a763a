import { defineDockerfileRule } from '../../../core/rule.js';
import { eachInstruction } from './util.js';

/** Docker's label key recommendation: lower-case alphanumerics, `.` and `-`, starting and ending with a letter or digit, no `..`/`--`. */
const VALID_KEY = /^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?$/;
const RESERVED_NAMESPACES = ['com.docker.', 'io.docker.', 'org.dockerproject.'];

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/label-key-format',
    title: 'Label key does not follow the naming convention',
    severity: 'info',
    category: 'maintainability',
    rationale:
      'Label keys should be lower-case reverse-DNS names (`org.opencontainers.image.source`, `com.example.team`) made of letters, digits, `.` and `-`, without `..` or `--`; the `com.docker.*`, `io.docker.*` and `org.dockerproject.*` namespaces are reserved for Docker. Tools that query labels rely on this.',
    aliases: { hadolint: ['DL3048'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM alpine:3.20\nLABEL Team_Name=payments\n' }, { code: 'FROM alpine:3.20\nLABEL com.docker.extension=1\n' }],
      good: [{ code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.source="https://github.com/acme/app" com.example.team=payments\n' }],
    },
  },
  check(context) {
    for (const instruction of eachInstruction(context.dockerfile)) {
      if (instruction.kind !== 'LABEL') continue;
      for (const pair of instruction.pairs) {
        const key = pair.key.value;
        if (pair.key.variables.length > 0 || key === '') continue;
        let problem: string | null = null;
        if (RESERVED_NAMESPACES.some((ns) => key.startsWith(ns))) problem = 'uses a namespace reserved for Docker';
        else if (!VALID_KEY.test(key) || key.includes('..') || key.includes('--')) problem = 'should be lower-case letters, digits, "." and "-" (no "..", "--", and starting and ending with a letter or digit)';
        if (problem) context.report({ message: `Label key "${key}" ${problem}.`, range: pair.key.range });
      }
    }
  },
});
