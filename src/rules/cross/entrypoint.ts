/** The manifest's command/args against the image's ENTRYPOINT and CMD. */
import { defineCrossRule } from '../../cross/rule.js';
import type { CommandFact } from '../../cross/image-facts.js';
import { containerName, example, imageName, pod, where } from './common.js';

function shown(command: CommandFact): string {
  return command.form === 'exec' ? JSON.stringify(command.args) : command.args[0];
}

export const argsWithShellEntrypoint = defineCrossRule({
  meta: {
    id: 'cross/args-with-shell-entrypoint',
    title: 'args given to an image whose ENTRYPOINT is in shell form',
    severity: 'warning',
    category: 'correctness',
    rationale:
      'Without `command`, a container runs the image\'s ENTRYPOINT with the manifest\'s `args` appended. A shell-form ENTRYPOINT (`ENTRYPOINT node server.js`) is `/bin/sh -c "node server.js"`, so the args become the shell\'s `$0`, `$1`… and the script never reads them: the flags in the manifest silently do nothing. Write the ENTRYPOINT in exec form (`ENTRYPOINT ["node", "server.js"]`), or set `command` in the manifest.',
    aliases: {},
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [example('FROM node:22\nENTRYPOINT node server.js\n', pod({ container: '      args: ["--port", "8080"]\n' }))],
      good: [
        example('FROM node:22\nENTRYPOINT ["node", "server.js"]\n', pod({ container: '      args: ["--port", "8080"]\n' })),
        example('FROM node:22\nENTRYPOINT node server.js\n', pod()),
      ],
    },
  },
  checkCross(context) {
    for (const { object, container, image } of context.containers) {
      if (container.value.command !== undefined || !Array.isArray(container.value.args) || container.value.args.length === 0) continue;
      const { entrypoint } = image.facts;
      if (entrypoint?.form !== 'shell') continue;
      context.reportAt(object, [...container.path, 'args'], {
        message: `Container ${containerName(container)} passes args to image ${imageName(image)}, whose ENTRYPOINT is in shell form (${where(image, entrypoint.range)}): it runs /bin/sh -c "${entrypoint.args[0]}" and the args are ignored. Use the exec form ENTRYPOINT ["…"] or set command.`,
        related: [context.inDockerfile(image, entrypoint.range, 'shell-form ENTRYPOINT: arguments after it are ignored')],
      });
    }
  },
});

export const commandReplacesEntrypoint = defineCrossRule({
  meta: {
    id: 'cross/command-replaces-entrypoint',
    title: 'command replaces the image\'s exec-form ENTRYPOINT',
    severity: 'info',
    category: 'correctness',
    rationale:
      'A container\'s `command` replaces the image\'s ENTRYPOINT, and without `args` the image\'s CMD is dropped as well. When the Dockerfile\'s ENTRYPOINT is an exec-form wrapper (an init like tini, an entrypoint script that sets up the environment), the manifest skips it, which is easy to do by mistake when `args` was meant. The finding says what is replaced so the choice is deliberate.',
    aliases: {},
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [example('FROM node:22\nENTRYPOINT ["tini", "--", "docker-entrypoint.sh"]\nCMD ["node", "server.js"]\n', pod({ container: '      command: ["node", "worker.js"]\n' }))],
      good: [
        example('FROM node:22\nENTRYPOINT ["tini", "--", "docker-entrypoint.sh"]\nCMD ["node", "server.js"]\n', pod({ container: '      args: ["node", "worker.js"]\n' })),
        example('FROM node:22\nCMD ["node", "server.js"]\n', pod({ container: '      command: ["node", "worker.js"]\n' })),
      ],
    },
  },
  checkCross(context) {
    for (const { object, container, image } of context.containers) {
      if (container.value.command === undefined) continue;
      const { entrypoint, cmd } = image.facts;
      if (entrypoint?.form !== 'exec') continue;
      const dropsCmd = container.value.args === undefined && cmd;
      const related = [context.inDockerfile(image, entrypoint.range, 'this ENTRYPOINT is replaced')];
      if (dropsCmd) related.push(context.inDockerfile(image, cmd.range, 'this CMD is dropped'));
      context.reportAt(object, [...container.path, 'command'], {
        message: `command replaces the ENTRYPOINT ${shown(entrypoint)} of image ${imageName(image)} (${where(image, entrypoint.range)})${dropsCmd ? ` and, with no args, drops its CMD ${shown(cmd)}` : ''}. If the image's entrypoint should still run, pass args instead.`,
        related,
      });
    }
  },
});
