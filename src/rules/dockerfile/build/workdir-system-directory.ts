import { defineDockerfileRule } from '../../../core/rule.js';
import { eachInstruction, expandAt } from './util.js';

/** Kernel and boot file systems (Trivy's list plus /sys): the runtime mounts over them, so files written there vanish. */
const SYSTEM_DIRS = ['/proc', '/sys', '/dev', '/boot', '/initrd', '/lost+found'];

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/workdir-system-directory',
    title: 'WORKDIR is a system directory',
    severity: 'warning',
    category: 'reliability',
    rationale:
      'Working in `/proc`, `/sys` or `/dev` (or `/boot`, `/initrd`, `/lost+found`) writes to file systems the runtime mounts over at start or that belong to the host\'s boot, so files put there vanish or confuse tools. Use a folder of the application\'s own such as `/app`.',
    aliases: { trivy: ['DS-0030', 'DS030'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM alpine:3.20\nWORKDIR /proc/app\n' }, { code: 'FROM alpine:3.20\nWORKDIR /dev\n' }],
      good: [{ code: 'FROM alpine:3.20\nWORKDIR /app\n' }, { code: 'FROM nginx:1.27\nWORKDIR /etc/nginx\n' }],
    },
  },
  check(context) {
    const { dockerfile } = context;
    for (const instruction of eachInstruction(dockerfile)) {
      if (instruction.kind !== 'WORKDIR' || !instruction.argsNode) continue;
      const { value, unresolved } = expandAt(dockerfile, instruction, instruction.argsText.trim(), dockerfile.escapeChar);
      if (unresolved.length > 0) continue;
      const dir = value.replace(/\/+$/, '') || '/';
      const system = SYSTEM_DIRS.find((d) => dir === d || dir.startsWith(`${d}/`));
      if (!system) continue;
      context.report({ message: `WORKDIR ${value} is a system directory: use a folder of the application's own, such as /app.`, range: instruction.argsNode.range });
    }
  },
});
