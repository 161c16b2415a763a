import type { LintResult } from '../core/engine.js';
import type { RuleRegistry } from '../core/registry.js';

/** A file that could not be linted at all (missing, unreadable, binary). */
export interface FileError {
  file: string;
  message: string;
}

export interface Report {
  results: LintResult[];
  fileErrors: FileError[];
  registry: RuleRegistry;
  /** Print notes about skipped documents and files. */
  verbose: boolean;
  color: boolean;
}

export type Reporter = (report: Report) => string;
