/** What `-c, --config <path>` and `--no-config` ask for, as ConfigResolver options (every command that reads config takes both). */
import path from 'node:path';

export function configChoice(config: string | false | undefined, cwd: string): { configPath?: string; noConfig: boolean } {
  return { configPath: typeof config === 'string' ? path.resolve(cwd, config) : undefined, noConfig: config === false };
}
