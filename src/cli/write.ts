/**
 * Writing fixed files without ever losing data: a temporary file beside the
 * target, then a rename (a crash leaves the old or the new file, never half
 * of one), with the target's permissions kept.
 */
import { chmodSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function writeFileAtomic(file: string, data: Buffer): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.drydock-${process.pid}-${Date.now()}.tmp`);
  let mode: number | undefined;
  try {
    mode = statSync(file).mode & 0o7777;
  } catch {
    mode = undefined;
  }
  try {
    writeFileSync(temp, data, { flag: 'wx', mode: mode ?? 0o644 });
    if (mode !== undefined) chmodSync(temp, mode);
    renameSync(temp, file);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // the temporary file was never created
    }
    throw error;
  }
}

/**
 * Writes fixes over a file that was read as `original`. Refuses, with the
 * reason, when the file changed since it was read (an editor saved it
 * meanwhile) or when it is a link to a file outside `projectRoot`. Through a
 * link inside the project, the link's target is written and the link kept.
 */
export function writeFixedFile(file: string, original: Buffer, fixed: Buffer, projectRoot: string): string | null {
  let real: string;
  try {
    real = realpathSync(file);
  } catch (error) {
    return `the file disappeared before the fixes could be written (${(error as NodeJS.ErrnoException).code})`;
  }
  const root = realpathSync(projectRoot);
  const relative = path.relative(root, real);
  if (real !== path.resolve(file) && (relative.startsWith('..') || path.isAbsolute(relative))) {
    return `it is a link to ${real}, outside the project; fixes not written`;
  }
  let current: Buffer;
  try {
    current = readFileSync(real);
  } catch (error) {
    return `the file could not be read again before writing (${(error as NodeJS.ErrnoException).code}); fixes not written`;
  }
  if (!current.equals(original)) return 'the file changed while it was being linted; fixes not written, run again';
  try {
    writeFileAtomic(real, fixed);
  } catch (error) {
    return `fixes could not be written (${(error as NodeJS.ErrnoException).code ?? String(error)}); the file is unchanged`;
  }
  return null;
}
