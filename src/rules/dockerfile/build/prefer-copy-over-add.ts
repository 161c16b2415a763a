import { expand, scopeAt } from '../../../dockerfile/variables.js';
import { defineDockerfileRule } from '../../../core/rule.js';
import { eachInstruction, textOf } from './util.js';
import { hasFlag, isArchive, isUrl, pathSources } from './copy-util.js';

/** ADD-only flags: with any of these the instruction is no plain copy. */
const ADD_ONLY_FLAGS = ['checksum', 'keep-git-dir', 'unpack'];

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/prefer-copy-over-add',
    title: 'ADD used to copy local files',
    severity: 'warning',
    category: 'maintainability',
    rationale:
      'ADD also downloads URLs and unpacks local tar archives, so a reader cannot tell from `ADD src /app` whether something is fetched or extracted, and a file renamed to `.tar.gz` later changes what the line does. For plain files and folders use COPY, which only copies.',
    aliases: { hadolint: ['DL3020'], checkov: ['CKV_DOCKER_4'], trivy: ['DS-0005', 'DS005'] },
    fixable: true,
    defaultOptions: {},
    examples: {
      bad: [
        { code: 'FROM node:22-slim\nADD package.json /app/\n', output: 'FROM node:22-slim\nCOPY package.json /app/\n' },
        { code: 'FROM node:22-slim\nadd --chown=node:node src /app/src\n', output: 'FROM node:22-slim\ncopy --chown=node:node src /app/src\n' },
      ],
      good: [
        { code: 'FROM alpine:3.20\nADD rootfs.tar.gz /\n' },
        { code: 'FROM alpine:3.20\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool /usr/local/bin/tool\n' },
        { code: 'FROM alpine:3.20\nCOPY src /app/src\n' },
        { code: 'FROM alpine:3.20\nARG BASE_URL=https://example.com\nADD ${BASE_URL}/tool /usr/local/bin/\nADD ${SDK_URL}/package-lock.json /app/\n' },
      ],
    },
  },
  check(context) {
    for (const instruction of eachInstruction(context.dockerfile)) {
      if (instruction.kind !== 'ADD') continue;
      const sources = pathSources(instruction);
      let scope: Map<string, string | null> | null = null;
      const values = sources.map((source) =>
        source.variables.length > 0 ? expand(source.raw, (scope ??= scopeAt(context.dockerfile, instruction)), context.dockerfile.escapeChar) : { value: source.value, unresolved: [] },
      );
      // `ADD ${BASE_URL}/x`: a source that starts with an unknown variable may be a URL.
      if (values.some(({ value, unresolved }) => isUrl(value) || isArchive(value) || (unresolved.length > 0 && value.startsWith('/')))) continue;
      if (sources.some((source, i) => values[i].unresolved.length > 0 && source.raw.startsWith('$'))) continue;
      if (ADD_ONLY_FLAGS.some((flag) => hasFlag(instruction, flag))) continue;
      // A source with variables or globs may name an archive that ADD would extract.
      const certain = sources.every((source) => source.variables.length === 0 && !/[*?[]/.test(source.value));
      const keyword = textOf(context.source, instruction.keywordNode);
      const copy = keyword === keyword.toLowerCase() ? 'copy' : 'COPY';
      context.report({
        message: 'Use COPY instead of ADD for local files and folders: ADD also fetches URLs and extracts archives.',
        range: instruction.keywordNode.range,
        fix: certain ? { description: 'Replace ADD with COPY', edits: [{ span: instruction.keywordNode.span, text: copy }] } : undefined,
      });
    }
  },
});
