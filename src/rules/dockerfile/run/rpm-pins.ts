/** Version pins in yum, dnf and zypper package arguments. */
import { parseArgs } from '../../../dockerfile/shell.js';
import { packageWords } from './packages.js';
import { runCommands, type RunContext } from './support.js';

/** `name-1.2.3`, `name-1.2-3.el9`, a file or URL, a glob, or a `module:stream`: something other than a bare package name. */
export function rpmPackagePinned(name: string): boolean {
  return /-\d/.test(name) || /[*?[/]/.test(name) || name.endsWith('.rpm') || name.startsWith('@') || /[<>=]/.test(name);
}

/** The package words of `install` commands (`yum install`, `dnf module install` gives module specs). */
export function reportUnpinnedRpm(context: RunContext, managers: readonly string[], pinned: (name: string, module: boolean) => boolean, hint: string): void {
  for (const { command } of runCommands(context, managers)) {
    const args = parseArgs(command);
    const verb = args.positionals[0]?.value;
    const module = verb === 'module' && args.positionals[1]?.value === 'install';
    if (!module && verb !== 'install' && verb !== 'in') continue;
    for (const word of packageWords(args, module ? 2 : 1)) {
      const name = word.value!;
      if (pinned(name, module)) continue;
      context.report({ message: `Pin the version of \`${name}\` (${hint.replace('<package>', name)}).`, range: word.range });
    }
  }
}
