import { writeCheckstyle } from './checkstyle.js';
import { writeCompact } from './compact.js';
import { writeGithub } from './github.js';
import { writeGitlab } from './gitlab.js';
import { writeJson } from './json.js';
import { writeJunit } from './junit.js';
import { writeSarif } from './sarif.js';
import { writeStylish } from './stylish.js';
import type { Report, Reporter } from './types.js';

export const reporters: Record<string, Reporter> = {
  stylish: writeStylish,
  json: writeJson,
  sarif: writeSarif,
  checkstyle: writeCheckstyle,
  junit: writeJunit,
  gitlab: writeGitlab,
  github: writeGithub,
  compact: writeCompact,
};

export type { FileError, Report, Reporter, ReportSink } from './types.js';

/** Bytes of report text gathered before each write: one write per file would cost a system call each. */
const WRITE_CHUNK = 64 * 1024;

/**
 * Writes the report in `format` to `sink` in chunks as it is made, never as
 * one string. `endWithNewline`: a report that does not end with a newline
 * gets one (a terminal's prompt must start on a line of its own).
 */
export function writeReport(format: string, report: Report, sink: (text: string) => void, endWithNewline = false): void {
  let pending: string[] = [];
  let size = 0;
  let last = '';
  const flush = () => {
    if (size === 0) return;
    sink(pending.join(''));
    pending = [];
    size = 0;
  };
  reporters[format](report, (chunk) => {
    if (chunk === '') return;
    pending.push(chunk);
    size += chunk.length;
    last = chunk;
    if (size >= WRITE_CHUNK) flush();
  });
  if (endWithNewline && last !== '' && !last.endsWith('\n')) {
    pending.push('\n');
    size++;
  }
  flush();
}
