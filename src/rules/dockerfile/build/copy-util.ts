/** COPY/ADD sources: URLs, git repositories and archives, as ADD treats them. */
import type { CopyInstruction, Word } from '../../../dockerfile/ast.js';

/** Extensions hadolint treats as archives that ADD may extract. */
const ARCHIVE = /\.(tar|t?gz|tgz|bz2|tbz2?|tb2|xz|txz|lz|lzma|tlz|z|tz|tpz|zst|tzst)$/i;

export function isUrl(source: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(source) || /^git@[^:]+:/.test(source);
}

export function isGitSource(source: string): boolean {
  return /^git@/.test(source) || /^git:\/\//.test(source) || /\.git(#.*)?$/.test(source) || /\.git\/?#/.test(source);
}

export function isArchive(source: string): boolean {
  return ARCHIVE.test(source.replace(/[?#].*$/, ''));
}

export function hasFlag(instruction: { flags: { name: string }[] }, name: string): boolean {
  return instruction.flags.some((flag) => flag.name === name);
}

/** Sources written as heredocs (`COPY <<EOF /x`) are file contents, not paths. */
export function pathSources(instruction: CopyInstruction): readonly Word[] {
  if (instruction.heredocs.length === 0) return instruction.sources;
  const markers = new Set(instruction.heredocs.map((heredoc) => heredoc.marker.span.start));
  return instruction.sources.filter((source) => !markers.has(source.span.start));
}
