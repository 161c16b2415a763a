/** `drydock merge a.sarif b.sarif … [-o merged.sarif]`: one report from the shards' reports. */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { MergeError, mergeReports } from '../reporters/merge.js';
import type { CliIO } from './run.js';
import { writeFileAtomic } from './write.js';

export async function mergeCommand(files: string[], options: { outputFile?: string }, io: CliIO): Promise<number> {
  const inputs: Array<{ name: string; text: string }> = [];
  for (const file of files) {
    try {
      inputs.push({ name: file, text: readFileSync(path.resolve(io.cwd, file), 'utf8') });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      io.stderr(`drydock merge: cannot read ${file}${code ? ` (${code})` : ''}\n`);
      return 2;
    }
  }
  let merged: { text: string };
  try {
    merged = mergeReports(inputs);
  } catch (error) {
    if (!(error instanceof MergeError)) throw error;
    io.stderr(`drydock merge: ${error.message}\n`);
    return 2;
  }
  if (options.outputFile === undefined) {
    io.stdout(merged.text);
    return 0;
  }
  const output = path.resolve(io.cwd, options.outputFile);
  try {
    mkdirSync(path.dirname(output), { recursive: true });
    writeFileAtomic(output, Buffer.from(merged.text));
  } catch (error) {
    io.stderr(`drydock merge: could not write ${options.outputFile}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
    return 2;
  }
  return 0;
}
