import type { LintResult } from '../core/engine.js';
import type { RuleRegistry } from '../core/registry.js';

/** A file that could not be linted at all (missing, unreadable, binary). */
export interface FileError {
  file: string;
  message: string;
}

/** Everything a reporter may print. Reporters never re-read or re-parse files: the results carry their `SourceText`. */
export interface Report {
  results: LintResult[];
  fileErrors: FileError[];
  /** Every known rule, for rule metadata (SARIF `tool.driver.rules`, docs links). */
  registry: RuleRegistry;
  /** Print notes about skipped documents and files. */
  verbose: boolean;
  color: boolean;
  /** drydock's version, for machine-readable formats. */
  toolVersion: string;
  /** Absolute folder that the findings' relative paths start from (SARIF `%SRCROOT%`). */
  cwd: string;
  /** Also report the suppressed findings (`LintResult.suppressed`), marked as suppressed. */
  includeSuppressed: boolean;
}

/** Takes the report's text in pieces, in order. */
export type ReportSink = (chunk: string) => void;

/**
 * Writes a report in pieces (about one file's worth each), so that a large run's
 * report is never held as one string nor built as one tree of objects.
 */
export type Reporter = (report: Report, write: ReportSink) => void;
