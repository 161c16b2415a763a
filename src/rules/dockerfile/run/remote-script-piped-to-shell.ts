import { parseArgs, unwrapCommand, type ShellCommand } from '../../../dockerfile/shell.js';
import { defineDockerfileRule } from '../../../core/rule.js';
import { runsMentioning } from './support.js';

const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh', 'python', 'python3', 'perl', 'ruby', 'node', 'php']);
const POSIX = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh']);
const FETCH = /(^|[\s(`|;&])(curl|wget)\s/;

/** curl or wget writing the download to standard output. */
function downloadsToStdout(command: ShellCommand | null): boolean {
  if (!command) return false;
  const args = parseArgs(command);
  if (command.baseName === 'curl') return !args.flags.some((f) => ['-o', '--output', '-O', '--remote-name', '--remote-name-all', '--output-dir'].includes(f.name) && f.value !== '-');
  if (command.baseName === 'wget') return args.flags.some((f) => (f.name === '-O' || f.name === '--output-document') && f.value === '-');
  return false;
}

/** True when a pipe stage is an interpreter that runs its standard input as the program (`sh`, `sudo -E bash -`, `python3 -`, not `python3 -c …` or `sh script.sh`). */
function runsStdin(command: ShellCommand | null): boolean {
  if (command && (command.baseName === 'sudo' || command.baseName === 'env')) return runsStdin(unwrapCommand(command)?.[0] ?? null);
  if (!command?.baseName || !SHELLS.has(command.baseName)) return false;
  const posix = POSIX.has(command.baseName);
  for (const word of command.args) {
    const value = word.value ?? '';
    if (value === '-s' || value === '--') return true;
    if (/^-[a-zA-Z]*c$/.test(value) || (!posix && /^-[me]/.test(value))) return false;
    if (!value.startsWith('-') || value === '-') return value === '-';
  }
  return true;
}

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/remote-script-piped-to-shell',
    title: 'Remote script piped into a shell',
    severity: 'warning',
    category: 'security',
    rationale:
      '`curl … | sh` runs whatever the server sends at that moment, unverified, as the build user (usually root). A compromised server or CDN, a truncated download (the shell runs the half it got) or a changed script changes the image silently, and the build cannot be reproduced. Download the script or release to a file, check its checksum or signature, then run it.',
    aliases: {},
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [
        { code: 'FROM debian:12\nRUN curl -fsSL https://get.example.com/install.sh | sh\n' },
        { code: 'FROM debian:12\nRUN wget -qO- https://get.example.com/install.sh | sudo -E bash -\n' },
        { code: 'FROM debian:12\nRUN sh -c "$(curl -fsSL https://get.example.com/install.sh)"\n' },
      ],
      good: [
        { code: 'FROM debian:12\nRUN curl -fsSLo /tmp/install.sh https://get.example.com/install.sh \\\n && echo "4f1c…  /tmp/install.sh" | sha256sum -c - \\\n && sh /tmp/install.sh\n' },
        { code: 'FROM debian:12\nRUN curl -fsSL https://example.com/data.json | jq .version\n' },
      ],
    },
  },
  usesShell: true,
  check(context) {
    const message = 'A downloaded script runs unverified: save it to a file, check its checksum or signature, then run it.';
    for (const instruction of runsMentioning(context, FETCH)) {
      for (const script of context.shellScripts(instruction)) {
        for (const pipeline of script.pipelines) {
          const fetch = pipeline.stages.findIndex((stage) => downloadsToStdout(stage.command));
          if (fetch >= 0 && pipeline.stages.slice(fetch + 1).some((stage) => runsStdin(stage.command))) context.report({ message, range: pipeline.range });
        }
        for (const command of script.commands) {
          if (!command.baseName || !SHELLS.has(command.baseName)) continue;
          const fetched = command.args.some((word) => word.expansions.some((e) => (e.kind === 'command' || e.kind === 'process') && FETCH.test(` ${e.raw.replace(/^[$<]\(|^`/, '')}`)));
          if (fetched) context.report({ message, range: command.range });
        }
      }
    }
  },
});
