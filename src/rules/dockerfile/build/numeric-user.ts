import { looksLikeWindowsImage } from '../../../dockerfile/shell.js';
import { defineDockerfileRule } from '../../../core/rule.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/numeric-user',
    title: 'Final USER is a name, not a numeric UID',
    severity: 'info',
    category: 'security',
    rationale:
      'Kubernetes can only verify `runAsNonRoot` when the image\'s user is numeric: with `USER app` the kubelet cannot tell whether `app` is root and refuses to start the pod. A numeric `USER 10001:10001` also means the same on every host. Create the user with a fixed UID and name it by number.',
    aliases: { hadolint: ['DL3066'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM debian:12\nRUN useradd -u 10001 app\nUSER app\n' }],
      good: [{ code: 'FROM debian:12\nRUN useradd -u 10001 app\nUSER 10001:10001\n' }, { code: 'FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nUSER ContainerUser\n' }, { code: 'FROM golang:1.23 AS build\nUSER builder\nFROM scratch\nUSER 65532\n' }, { code: 'FROM debian:12\nARG UID=10001\nUSER ${UID}\n' }],
    },
  },
  check(context) {
    const final = context.dockerfile.stages[context.dockerfile.stages.length - 1];
    // Windows users (ContainerUser, ContainerAdministrator) are names by design.
    if (!final || looksLikeWindowsImage(final.image.expanded)) return;
    for (const instruction of final.instructions) {
      if (instruction.kind !== 'USER' || !instruction.argsNode) continue;
      const value = instruction.argsText.trim();
      if (value.includes('$')) continue;
      const [user, group] = value.split(':');
      // Root is dockerfile/final-user-root's finding.
      if ((/^\d+$/.test(user) && (group === undefined || /^\d+$/.test(group))) || user === 'root') continue;
      context.report({ message: `USER "${value}" is not numeric: use the UID (and GID), e.g. USER 10001:10001, so runtimes can tell it is not root.`, range: instruction.argsNode.range });
    }
  },
});
