import { parseArgs } from '../../../dockerfile/shell.js';
import { defineDockerfileRule } from '../../../core/rule.js';
import { packageWords } from './packages.js';
import { runCommands } from './support.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/gem-pin-versions',
    title: 'gem install without a version',
    severity: 'warning',
    category: 'reliability',
    rationale:
      '`gem install <gem>` without a version installs the newest release on each build, so a rebuild can pull a breaking major version. Pin it with `gem install <gem>:<version>` or `-v <version>`, or install from a Gemfile.lock with `bundle install`, which this rule does not report. It is off in the recommended preset, as the other pinning rules are (see `dockerfile/apt-pin-versions`); turn it on where reproducibility is worth the upkeep.',
    aliases: { hadolint: ['DL3028'] },
    fixable: false,
    recommended: false,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM ruby:3.3-slim\nRUN gem install bundler\n' }],
      good: [
        { code: 'FROM ruby:3.3-slim\nRUN gem install bundler:2.5.16\n' },
        { code: 'FROM ruby:3.3-slim\nRUN gem install bundler -v 2.5.16 --no-document\n' },
        { code: 'FROM ruby:3.3-slim\nCOPY acme-1.0.gem /tmp/\nRUN gem install /tmp/acme-1.0.gem\n' },
      ],
    },
  },
  usesShell: true,
  check(context) {
    for (const { command } of runCommands(context, ['gem'])) {
      const args = parseArgs(command);
      if (args.positionals[0]?.value !== 'install' || args.flags.some((f) => f.name === '-v' || f.name === '--version')) continue;
      for (const word of packageWords(args)) {
        const name = word.value!;
        if (name.includes(':') || name.endsWith('.gem') || name.includes('/')) continue;
        context.report({ message: `Pin the version of \`${name}\` (\`${name}:<version>\` or \`-v <version>\`).`, range: word.range });
      }
    }
  },
});
