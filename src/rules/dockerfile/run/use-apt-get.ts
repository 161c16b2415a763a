import { parseArgs } from '../../../dockerfile/shell.js';
import { defineDockerfileRule } from '../../../core/rule.js';
import { runCommands } from './support.js';

/** apt subcommands that apt-get runs the same way (apt's `upgrade` also installs new dependencies, so it is not here). */
const SAME_IN_APT_GET = new Set(['install', 'remove', 'purge', 'update', 'autoremove', 'autopurge', 'clean', 'autoclean', 'source', 'build-dep', 'download', 'satisfy', 'dist-upgrade']);
const APT_CACHE = new Set(['search', 'show', 'policy', 'depends', 'rdepends', 'showsrc']);

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/use-apt-get',
    title: 'apt instead of apt-get',
    severity: 'warning',
    category: 'reliability',
    rationale:
      '`apt` is the interactive front end: its output and behaviour are not a stable interface (it warns "apt does not have a stable CLI interface. Use with caution in scripts") and it shows progress bars meant for a terminal. Scripts and Dockerfiles should use `apt-get` and `apt-cache`, whose behaviour is kept stable. The fix renames `apt` where `apt-get` runs the same subcommand the same way.',
    aliases: { hadolint: ['DL3027'], checkov: ['CKV_DOCKER_9'] },
    fixable: true,
    defaultOptions: {},
    examples: {
      bad: [
        {
          code: 'FROM ubuntu:24.04\nRUN apt update && apt install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
          output: 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
        },
        { code: 'FROM ubuntu:24.04\nRUN apt list --installed\n' },
      ],
      good: [
        { code: 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n' },
        { code: 'FROM ubuntu:24.04\nRUN apt-cache policy curl\n' },
        { code: 'FROM ubuntu:24.04\nRUN echo apt install curl\n' },
      ],
    },
  },
  usesShell: true,
  check(context) {
    for (const { command } of runCommands(context, ['apt'])) {
      const verb = parseArgs(command).positionals[0]?.value ?? null;
      const name = command.nameWord;
      const replacement = verb !== null && APT_CACHE.has(verb) ? '`apt-cache`' : verb !== null && (SAME_IN_APT_GET.has(verb) || verb === 'upgrade' || verb === 'full-upgrade') ? '`apt-get`' : '`apt-get`, `apt-cache` or `dpkg-query`';
      const fixable = verb !== null && SAME_IN_APT_GET.has(verb) && name !== null && !name.quoted && !command.inParseError && name.raw.endsWith('apt');
      context.report({
        message: `\`apt${verb ? ` ${verb}` : ''}\` is meant for terminals and has no stable interface: use ${replacement} in a Dockerfile.`,
        range: name?.range ?? command.range,
        fix: fixable ? { description: 'Use apt-get', edits: [{ span: { start: name.span.end - 3, end: name.span.end }, text: 'apt-get' }] } : undefined,
      });
    }
  },
});
