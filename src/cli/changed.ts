/**
 * `--changed-since <ref>`: the files changed since a git ref (committed, staged
 * or not, plus untracked files that are not ignored), for fast pull-request checks.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export class ChangedSinceError extends Error {}

/** Absolute paths of the files under `cwd` that differ from `ref` or are untracked; deleted files are left out. */
export function changedFiles(ref: string, cwd: string): Set<string> {
  const git = (args: string[]) => {
    try {
      return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
    } catch (error) {
      const failure = error as NodeJS.ErrnoException & { stderr?: string };
      if (failure.code === 'ENOENT') throw new ChangedSinceError('--changed-since needs git, which was not found on the PATH');
      const detail = (failure.stderr ?? '').trim().split('\n')[0] || failure.message;
      throw new ChangedSinceError(`--changed-since ${ref}: git ${args[0]} failed: ${detail}`);
    }
  };
  // Verify the ref first: git diff would take an unknown ref for a path and say something obscure.
  try {
    if (ref.startsWith('-')) throw new ChangedSinceError('');
    git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch (error) {
    if (error instanceof ChangedSinceError && error.message.includes('not found on the PATH')) throw error;
    throw new ChangedSinceError(`--changed-since: "${ref}" is not a commit in the git repository at ${cwd} (try origin/main, HEAD~1 or a commit id)`);
  }
  const listed = [
    ...git(['diff', '--name-only', '--relative', '--diff-filter=d', '-z', ref, '--']).split('\0'),
    ...git(['ls-files', '--others', '--exclude-standard', '-z']).split('\0'),
  ];
  return new Set(listed.filter(Boolean).map((file) => path.resolve(cwd, file)));
}
