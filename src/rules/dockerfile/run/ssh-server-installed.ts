import { parseArgs } from '../../../dockerfile/shell.js';
import { defineDockerfileRule } from '../../../core/rule.js';
import { packageWords } from './packages.js';
import { runCommands } from './support.js';

const INSTALL_VERBS: Record<string, ReadonlySet<string>> = {
  'apt-get': new Set(['install']),
  apt: new Set(['install']),
  aptitude: new Set(['install']),
  apk: new Set(['add']),
  yum: new Set(['install']),
  dnf: new Set(['install']),
  microdnf: new Set(['install']),
  tdnf: new Set(['install']),
  zypper: new Set(['install', 'in']),
};
/** Packages that install an SSH server (Debian's `ssh` and Alpine's `openssh` are meta-packages that include it). */
const SERVER = /^(openssh-server|ssh|dropbear|dropbear-ssh|openssh|tinysshd)([=~<>-]\d.*)?$/;

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/ssh-server-installed',
    title: 'SSH server installed in the image',
    severity: 'warning',
    category: 'security',
    rationale:
      'An SSH server in a container is one more network service to configure, patch and attack, with keys or passwords that end up in the image. Containers are reached with `docker exec` or `kubectl exec`, and files are copied with `docker cp`; an SSH client (`openssh-client`) to fetch code is fine.',
    aliases: {},
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends openssh-server && rm -rf /var/lib/apt/lists/*\n' }],
      good: [{ code: 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends openssh-client && rm -rf /var/lib/apt/lists/*\n' }],
    },
  },
  usesShell: true,
  check(context) {
    for (const { command } of runCommands(context, Object.keys(INSTALL_VERBS), /ssh|dropbear/)) {
      const args = parseArgs(command);
      if (!INSTALL_VERBS[command.baseName!]?.has(args.positionals[0]?.value ?? '')) continue;
      for (const word of packageWords(args)) {
        if (SERVER.test(word.value!)) context.report({ message: `\`${word.value}\` installs an SSH server: reach containers with exec instead (the client alone is \`openssh-client\`).`, range: word.range });
      }
    }
  },
});
