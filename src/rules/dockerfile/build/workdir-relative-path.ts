import path from 'node:path';
import type { GenericInstruction } from '../../../dockerfile/ast.js';
import { defineDockerfileRule } from '../../../core/rule.js';
import { expandAt, isAbsolutePath } from './util.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/workdir-relative-path',
    title: 'WORKDIR is a relative path',
    severity: 'warning',
    category: 'reliability',
    rationale:
      'A relative WORKDIR is resolved against the working directory the base image happens to set, so the same line means a different folder when the base image changes. Use an absolute path. When an earlier WORKDIR of the same stage is known, `--fix` writes the absolute path it already resolves to.',
    aliases: {
      hadolint: ['DL3000'],
      buildkit: ['WorkdirRelativePath'],
      'dockerfile-utils': ['WORKDIR_IS_NOT_ABSOLUTE'],
      checkov: ['CKV_DOCKER_10'],
      trivy: ['DS-0009', 'DS009'],
    },
    fixable: true,
    defaultOptions: {},
    examples: {
      bad: [
        { code: 'FROM node:22\nWORKDIR /srv\nWORKDIR app\n', output: 'FROM node:22\nWORKDIR /srv\nWORKDIR /srv/app\n' },
        { code: 'FROM node:22\nWORKDIR app\n' },
      ],
      good: [{ code: 'FROM node:22\nWORKDIR /srv/app\n' }, { code: 'FROM node:22\nWORKDIR $HOME/app\n' }, { code: 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nWORKDIR C:\\app\n' }],
    },
  },
  check(context) {
    const { dockerfile } = context;
    const finalDir: (string | null)[] = [];
    for (const stage of dockerfile.stages) {
      let current: string | null = stage.image.isScratch ? '/' : stage.image.stageRef !== null ? finalDir[stage.image.stageRef] ?? null : null;
      const visit = (instruction: GenericInstruction, inOnbuild: boolean) => {
        const raw = instruction.argsText.trim();
        if (!raw) return;
        const { value, unresolved } = expandAt(dockerfile, instruction, raw, dockerfile.escapeChar);
        // `$HOME/app`: an unset variable at the start may well hold an absolute path.
        if (unresolved.length > 0 && /^["']?\$/.test(raw)) {
          if (!inOnbuild) current = null;
          return;
        }
        if (isAbsolutePath(value) || isAbsolutePath(raw)) {
          if (!inOnbuild) current = value;
          return;
        }
        const resolved = current !== null && current.startsWith('/') && instruction.argsNode && unresolved.length === 0 && value === raw && !/[\s"'\\`]/.test(raw)
          ? path.posix.join(current, value)
          : null;
        context.report({
          message: `WORKDIR "${raw}" is relative, so it depends on the base image's working directory: use an absolute path${resolved ? ` (${resolved})` : ''}.`,
          range: instruction.argsNode?.range ?? instruction.range,
          fix: resolved && instruction.argsNode && !inOnbuild ? { description: `Write ${resolved}`, edits: [{ span: instruction.argsNode.span, text: resolved }] } : undefined,
        });
        if (!inOnbuild) current = resolved;
      };
      for (const instruction of stage.instructions) {
        if (instruction.kind === 'WORKDIR') visit(instruction, false);
        else if (instruction.kind === 'ONBUILD' && instruction.trigger?.kind === 'WORKDIR') visit(instruction.trigger, true);
      }
      finalDir[stage.index] = current;
    }
  },
});
