import { parseArgs } from '../../../dockerfile/shell.js';
import { defineDockerfileRule } from '../../../core/rule.js';
import { runCommands } from './support.js';

const DIST_UPGRADE: Record<string, ReadonlySet<string>> = {
  'apt-get': new Set(['dist-upgrade', 'full-upgrade']),
  apt: new Set(['dist-upgrade', 'full-upgrade']),
  aptitude: new Set(['dist-upgrade', 'full-upgrade']),
  zypper: new Set(['dist-upgrade', 'dup']),
};

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/no-dist-upgrade',
    title: 'dist-upgrade in a Dockerfile',
    severity: 'warning',
    category: 'reliability',
    rationale:
      '`apt-get dist-upgrade` and `zypper dist-upgrade` may install, remove and replace packages to move the system to a newer state of the distribution: the image no longer matches its base, and what it contains depends on the day of the build. Take security updates with a newer base image, or use `apt-get upgrade` / `zypper update`, which only upgrade what is installed.',
    aliases: { hadolint: ['DL3035'], trivy: ['DS-0024', 'DS024'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [
        { code: 'FROM debian:12\nRUN apt-get update && apt-get dist-upgrade -y && rm -rf /var/lib/apt/lists/*\n' },
        { code: 'FROM opensuse/leap:15.6\nRUN zypper dup -y && zypper clean\n' },
      ],
      good: [
        { code: 'FROM debian:12\nRUN apt-get update && apt-get upgrade -y && rm -rf /var/lib/apt/lists/*\n' },
        { code: 'FROM opensuse/leap:15.6\nRUN zypper update -y && zypper clean\n' },
      ],
    },
  },
  usesShell: true,
  check(context) {
    for (const { command } of runCommands(context, Object.keys(DIST_UPGRADE), ['dist-upgrade', 'full-upgrade', 'dup'])) {
      const verb = parseArgs(command).positionals[0];
      if (!verb?.value || !DIST_UPGRADE[command.baseName!]?.has(verb.value)) continue;
      context.report({ message: `\`${command.baseName} ${verb.value}\` changes the distribution under the base image: use a newer base image or \`upgrade\` instead.`, range: command.range });
    }
  },
});
