import { defineDockerfileRule } from '../../../core/rule.js';
import { eachInstruction, expandAt } from './util.js';

/** Linux signal names (without SIG), as moby/sys/signal knows them. */
const SIGNALS = new Set(
  'ABRT ALRM BUS CHLD CLD CONT FPE HUP ILL INT IO IOT KILL PIPE POLL PROF PWR QUIT SEGV STKFLT STOP SYS TERM TRAP TSTP TTIN TTOU UNUSED URG USR1 USR2 VTALRM WINCH XCPU XFSZ'.split(' '),
);

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/stopsignal-invalid',
    title: 'STOPSIGNAL is not a valid signal',
    severity: 'error',
    category: 'correctness',
    rationale:
      'STOPSIGNAL takes a signal name (`SIGTERM`, `SIGQUIT`, `SIGRTMIN+3`) or number (1–64); anything else fails the build, or the container cannot be stopped gracefully.',
    aliases: { 'dockerfile-utils': ['INVALID_SIGNAL'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM nginx:1.27\nSTOPSIGNAL SIGTERMINATE\n' }, { code: 'FROM nginx:1.27\nSTOPSIGNAL 99\n' }, { code: 'FROM nginx:1.27\nSTOPSIGNAL SIGTERM SIGINT\n' }],
      good: [{ code: 'FROM nginx:1.27\nSTOPSIGNAL SIGQUIT\n' }, { code: 'FROM nginx:1.27\nSTOPSIGNAL 15\n' }, { code: 'FROM systemd:1\nSTOPSIGNAL SIGRTMIN+3\n' }, { code: 'ARG SIG=SIGTERM\nFROM nginx:1.27\nSTOPSIGNAL $SIG\n' }],
    },
  },
  check(context) {
    const { dockerfile } = context;
    for (const instruction of eachInstruction(dockerfile)) {
      if (instruction.kind !== 'STOPSIGNAL' || !instruction.argsNode) continue;
      const { value, unresolved } = expandAt(dockerfile, instruction, instruction.argsText.trim(), dockerfile.escapeChar);
      if (unresolved.length > 0) continue;
      if (validSignal(value)) continue;
      context.report({ message: `"${value}" is not a valid signal: use a name such as SIGTERM or SIGQUIT, or a number from 1 to 64.`, range: instruction.argsNode.range });
    }
  },
});

function validSignal(value: string): boolean {
  if (/^\d+$/.test(value)) return Number(value) >= 1 && Number(value) <= 64;
  const name = value.toUpperCase().replace(/^SIG/, '');
  if (SIGNALS.has(name)) return true;
  const rt = /^RTM(IN|AX)(?:([+-])(\d+))?$/.exec(name);
  return rt !== null && (rt[3] === undefined || Number(rt[3]) <= 15);
}
