import { parseArgs } from '../../../dockerfile/shell.js';
import { defineDockerfileRule } from '../../../core/rule.js';
import { packageWords } from './packages.js';
import { runCommands } from './support.js';

/** `name@1.2.3`, `@scope/name@^1`, a tag (`@latest`), a git URL with `#ref`, a tarball or a folder. */
export function npmPackagePinned(name: string): boolean {
  if (/^git(\+\w+)?:\/\//.test(name) || /^github:/.test(name)) return name.includes('#');
  if (/\.(tar|tar\.gz|tgz)$/.test(name) || /^(\/|\.\.?\/|~\/|file:)/.test(name) || name === '.') return true;
  const unscoped = name.startsWith('@') ? name.slice(name.indexOf('/') + 1) : name;
  return unscoped.includes('@');
}

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/npm-pin-versions',
    title: 'npm install of a package without a version',
    severity: 'warning',
    category: 'reliability',
    rationale:
      '`npm install <package>` without `@version` installs the newest release on each build, so a rebuild can pull a breaking major version. Pin it (`name@1.2.3`), or install the project\'s dependencies from its lockfile with `npm ci`, which this rule does not report. It is off in the recommended preset, as the other pinning rules are (see `dockerfile/apt-pin-versions`); turn it on where reproducibility is worth the upkeep.',
    aliases: { hadolint: ['DL3016'] },
    fixable: false,
    recommended: false,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM node:22-slim\nRUN npm install -g typescript\n' }],
      good: [
        { code: 'FROM node:22-slim\nRUN npm install -g typescript@5.6.3 @angular/cli@18\n' },
        { code: 'FROM node:22-slim\nCOPY package*.json ./\nRUN npm ci && npm install\n' },
        { code: 'FROM node:22-slim\nRUN npm install git+https://github.com/acme/tool.git#v1.2.0 ./local-pkg\n' },
      ],
    },
  },
  usesShell: true,
  check(context) {
    for (const { command } of runCommands(context, ['npm'])) {
      const args = parseArgs(command);
      if (!['install', 'i', 'add'].includes(args.positionals[0]?.value ?? '')) continue;
      for (const word of packageWords(args)) {
        if (npmPackagePinned(word.value!)) continue;
        context.report({ message: `Pin the version of \`${word.value}\` (\`${word.value}@<version>\`).`, range: word.range });
      }
    }
  },
});
