import { parseArgs } from '../../../dockerfile/shell.js';
import { defineDockerfileRule } from '../../../core/rule.js';
import { commandEnd, runsMentioning } from './support.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/useless-cat',
    title: 'cat of one file into a pipe',
    severity: 'info',
    category: 'maintainability',
    rationale:
      '`cat file | cmd` starts an extra process to do what a redirect does: `cmd < file`. It also makes `cmd`\'s failure depend on pipefail. The suggestion rewrites it as a redirect; it is not applied by --fix because a missing file then fails before `cmd` starts instead of feeding it nothing.',
    aliases: { hadolint: ['SC2002'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM debian:12\nRUN cat /tmp/packages.txt | xargs apt-get install -y\n' }],
      good: [
        { code: 'FROM debian:12\nRUN xargs apt-get install -y < /tmp/packages.txt\n' },
        { code: 'FROM debian:12\nRUN cat /etc/os-release /etc/debian_version | grep -i version\n' },
      ],
    },
  },
  usesShell: true,
  check(context) {
    for (const instruction of runsMentioning(context, /\bcat\s[^|]*\|/)) {
      for (const script of context.shellScripts(instruction)) {
        for (const pipeline of script.pipelines) {
          const cat = pipeline.stages[0].command;
          const next = pipeline.stages[1].command;
          if (cat?.baseName !== 'cat' || cat.redirects.length > 0 || cat.assignments.length > 0) continue;
          const args = parseArgs(cat);
          if (args.flags.length > 0 || args.positionals.length !== 1 || args.positionals[0].value === '-') continue;
          const file = args.positionals[0];
          const canRewrite = next !== null && !next.inParseError && !cat.inParseError && pipeline.operators[0] === '|' && !next.redirects.some((r) => r.operator === '<' || r.operator === '<<' || r.operator === '<<<' || r.operator === '<<-');
          const nextEnd = next ? commandEnd(next) : 0;
          context.report({
            message: `\`cat ${file.raw} |\` only feeds a file to the next command: redirect it instead (\`… < ${file.raw}\`).`,
            range: { start: cat.range.start, end: file.range.end },
            suggestions: canRewrite
              ? [{ description: `Use < ${file.raw}`, edits: [{ span: { start: cat.span.start, end: next.span.start }, text: '' }, { span: { start: nextEnd, end: nextEnd }, text: ` < ${file.raw}` }] }]
              : undefined,
          });
        }
      }
    }
  },
});
