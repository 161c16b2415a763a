import type { Instruction } from '../../dockerfile/ast.js';
import { findCommands, parseArgs } from '../../dockerfile/shell.js';
import { defineDockerfileRule } from '../../core/rule.js';
import { runsMentioning, stageLineage } from './run/support.js';

const RECOMMENDS_OFF = /^APT::Install-Recommends=(false|0|no|off)$/i;
/** `APT::Install-Recommends "0";` written to an apt.conf file by an earlier RUN. */
const RECOMMENDS_OFF_IN_CONFIG = /APT::Install-Recommends\s+\\?["']?(false|0|no|off)\b/i;

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/apt-no-install-recommends',
    title: 'apt-get install without --no-install-recommends',
    severity: 'info',
    category: 'efficiency',
    rationale:
      'By default apt also installs every package the requested ones merely recommend: documentation, helpers and libraries the image never uses. They make the image larger, slower to pull and wider to attack. `--no-install-recommends` installs what the packages need and nothing more; add any recommended package you do use by name. Installs are not reported when `-o APT::Install-Recommends=false` is given or an earlier RUN of the stage (or of a stage it is built from) writes `APT::Install-Recommends "0";` into an apt configuration file.',
    aliases: { hadolint: ['DL3015'], trivy: ['DS-0029', 'DS029'] },
    fixable: true,
    defaultOptions: {},
    examples: {
      bad: [
        {
          code: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n',
          output: 'FROM debian:12\nRUN apt-get update && apt-get install --no-install-recommends -y curl && rm -rf /var/lib/apt/lists/*\n',
        },
        {
          code: 'FROM ubuntu:24.04\nRUN apt-get update \\\n && sudo apt-get -q install \\\n      git make\n',
          output: 'FROM ubuntu:24.04\nRUN apt-get update \\\n && sudo apt-get -q install --no-install-recommends \\\n      git make\n',
        },
        {
          code: 'FROM debian:12\nRUN <<EOF\nset -e\napt-get update\napt-get install -y jq\nEOF\n',
          output: 'FROM debian:12\nRUN <<EOF\nset -e\napt-get update\napt-get install --no-install-recommends -y jq\nEOF\n',
        },
      ],
      good: [
        { code: 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n' },
        { code: 'FROM debian:12\nRUN apt-get -o APT::Install-Recommends=false install -y curl\n' },
        { code: 'FROM debian:12\nRUN echo "apt-get install curl" > /notes.txt\n' },
        { code: 'FROM debian:12\nRUN echo \'APT::Install-Recommends "0";\' > /etc/apt/apt.conf.d/01norecommends\nRUN apt-get update && apt-get install -y curl\n' },
        { code: 'FROM debian:12\nRUN apt-get update && apt-get upgrade -y\n' },
        { code: 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nRUN apt-get install foo\n' },
      ],
    },
  },
  usesShell: true,
  check(context) {
    const configuredOff = (instruction: Instruction) =>
      stageLineage(context.dockerfile, instruction.stageIndex).some((index) =>
        context.dockerfile.stages[index].instructions.some(
          (earlier) => earlier.kind === 'RUN' && earlier.span.start < instruction.span.start && RECOMMENDS_OFF_IN_CONFIG.test(context.source.text.slice(earlier.span.start, earlier.span.end)),
        ),
      );
    // Parsing the shell is the costly part of linting; most RUNs never mention apt.
    for (const instruction of runsMentioning(context, ['apt'])) {
      let off: boolean | null = null;
      for (const script of context.shellScripts(instruction)) {
        for (const command of findCommands(script, ['apt-get', 'apt'])) {
          // apt and apt-get share their options (COMMAND_ARG_SPECS), so the shared parse of the command serves.
          const args = parseArgs(command);
          const verb = args.positionals[0];
          if (verb?.value !== 'install') continue;
          if (args.flags.some((f) => f.name === '--no-install-recommends')) continue;
          if (args.flags.some((f) => (f.name === '-o' || f.name === '--option') && f.value !== null && RECOMMENDS_OFF.test(f.value))) continue;
          if ((off ??= configuredOff(instruction))) continue;
          context.report({
            message: `\`${command.baseName} install\` without --no-install-recommends also installs recommended packages: add --no-install-recommends.`,
            range: command.range,
            fix: command.inParseError
              ? undefined
              : { description: 'Add --no-install-recommends', edits: [{ span: { start: verb.span.end, end: verb.span.end }, text: ' --no-install-recommends' }] },
          });
        }
      }
    }
  },
});
