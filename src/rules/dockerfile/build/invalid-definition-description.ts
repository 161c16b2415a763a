import type { Comment } from '../../../dockerfile/ast.js';
import { defineDockerfileRule } from '../../../core/rule.js';

/** Tool pragmas are not descriptions. */
const PRAGMA = /^\s*(hadolint|drydock|checkov|check=|syntax=|escape=|dockerfile-utils|trivy:|nosec)/i;

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/invalid-definition-description',
    title: 'Comment above a stage or ARG is not a description',
    severity: 'info',
    category: 'maintainability',
    rationale:
      '`docker build --call=outline` and `--call=targets` show the comment right above a `FROM … AS name` or an `ARG NAME` as its description when it starts with the name (`# build compiles the CLI`). A comment there that does not is shown anyway, or looks like one that should be. Start it with the name, or separate it with an empty line. Off by default, as in BuildKit, where it is experimental.',
    aliases: { buildkit: ['InvalidDefinitionDescription'] },
    fixable: false,
    recommended: false,
    defaultOptions: {},
    examples: {
      bad: [{ code: '# compile the CLI\nFROM golang:1.23 AS build-cli\n' }, { code: 'FROM alpine:3.20\n# the version to install\nARG VERSION=1\n' }],
      good: [
        { code: '# build-cli compiles the CLI\nFROM golang:1.23 AS build-cli\n' },
        { code: 'FROM alpine:3.20\n# VERSION is the version to install\nARG VERSION=1\n' },
        { code: '# a comment\n\nFROM alpine:3.20 AS base\n' },
      ],
    },
  },
  check(context) {
    const { dockerfile } = context;
    const byLine = new Map<number, Comment>();
    for (const comment of dockerfile.comments) if (!comment.inContinuation) byLine.set(comment.range.start.line, comment);
    const check = (line: number, name: string) => {
      let first: Comment | undefined;
      for (let l = line - 1; byLine.has(l); l--) first = byLine.get(l);
      if (!first || PRAGMA.test(first.text)) return;
      const text = first.text.trim();
      if (text === name || text.startsWith(`${name} `)) return;
      context.report({
        message: `The comment above "${name}" is read as its description but does not start with "${name}": write "# ${name} <description>", or put an empty line between.`,
        range: first.range,
      });
    };
    for (const stage of dockerfile.stages) {
      if (stage.from.alias && stage.from.alias.variables.length === 0) check(stage.from.range.start.line, stage.from.alias.raw);
    }
    for (const instruction of dockerfile.instructions) {
      if (instruction.kind === 'ARG' && instruction.pairs.length > 0) check(instruction.range.start.line, instruction.pairs[0].key.value);
    }
  },
});
