import { defineDockerfileRule } from '../../../core/rule.js';
import { runCommands } from './support.js';

const WHY: Record<string, string> = {
  ssh: 'there is no one to log in as during a build; fetch with git or curl, or use `RUN --mount=type=ssh`',
  vim: 'nothing can type into an editor during a build',
  vi: 'nothing can type into an editor during a build',
  nano: 'nothing can type into an editor during a build',
  shutdown: 'a build step cannot shut the builder down',
  service: 'services started in a RUN stop when the RUN ends; start them from CMD or ENTRYPOINT',
  ps: 'the process list of a build step says nothing about the running container',
  top: 'the process list of a build step says nothing about the running container',
  free: 'the memory of the builder says nothing about the running container',
  kill: 'processes of a build step end with the step anyway',
  mount: 'mounts made in a RUN do not persist into the image; use RUN --mount',
  ifconfig: 'the network of the builder is not the network of the container',
};

const NAMES = Object.keys(WHY);
const MENTIONS_NAME = new RegExp(`\\b(${NAMES.join('|')})\\b`);

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/pointless-command',
    title: 'Command that makes no sense in a build',
    severity: 'info',
    category: 'correctness',
    rationale:
      'Some commands only make sense on an interactive machine: editors (vim, nano), remote shells (ssh), service and process control (service, shutdown, kill, ps, top, free), mounts and network tools (mount, ifconfig). In a RUN they either hang, do nothing that lasts past the step, or describe the builder rather than the container. Their presence usually means a step copied from a setup guide that needs rethinking.',
    aliases: { hadolint: ['DL3001'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [
        { code: 'FROM debian:12\nRUN service nginx start\n' },
        { code: 'FROM debian:12\nRUN vim /etc/hosts\n' },
      ],
      good: [{ code: 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends vim && rm -rf /var/lib/apt/lists/*\nCMD ["nginx", "-g", "daemon off;"]\n' }],
    },
  },
  usesShell: true,
  check(context) {
    for (const { command } of runCommands(context, NAMES, MENTIONS_NAME)) {
      context.report({ message: `\`${command.baseName}\` makes no sense in a build: ${WHY[command.baseName!]}.`, range: command.nameWord?.range ?? command.range });
    }
  },
});
