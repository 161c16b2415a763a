/**
 * Baselines for legacy repositories: today's findings recorded by fingerprint
 * (`--write-baseline`), so that later runs fail on new findings only
 * (`--baseline`); findings that were fixed leave it with `--update-baseline`.
 * Fingerprints hash the rule, the file and the text at the finding, not its
 * line, so moving code does not make old findings new.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LintResult } from './engine.js';
import { fingerprints } from './fingerprint.js';

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  /** Relative to the baseline file's folder, with `/`. */
  file: string;
  /** For people reading the file; matching uses the fingerprint only. */
  line: number;
  message: string;
}

export interface Baseline {
  version: number;
  findings: BaselineEntry[];
}

export class BaselineError extends Error {}

/** The active findings of the results as baseline entries; file paths relative to `baselineDir`. */
export function baselineEntries(results: readonly LintResult[], baselineDir: string, cwd: string): BaselineEntry[] {
  return results.flatMap((result) => {
    const file = relativeFile(result.file, baselineDir, cwd);
    const prints = fingerprints(result.findings.map((finding) => ({ ...finding, file })), result.source);
    return result.findings.map((finding, i) => ({ fingerprint: prints[i], ruleId: finding.ruleId, file, line: finding.range.start.line, message: finding.message }));
  });
}

function relativeFile(file: string, baselineDir: string, cwd: string): string {
  return path.relative(baselineDir, path.resolve(cwd, file)).split(path.sep).join('/');
}

export function readBaseline(file: string): Baseline {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new BaselineError(`cannot read the baseline ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)}); write one with --write-baseline`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new BaselineError(`the baseline ${file} is not valid JSON (${(error as Error).message}); write it again with --write-baseline`);
  }
  const baseline = data as Partial<Baseline>;
  if (typeof data !== 'object' || data === null || !Array.isArray(baseline.findings) || baseline.findings.some((entry) => typeof entry?.fingerprint !== 'string')) {
    throw new BaselineError(`${file} is not a drydock baseline (expected {"version": ${BASELINE_VERSION}, "findings": [{"fingerprint": …}]})`);
  }
  if (baseline.version !== BASELINE_VERSION) throw new BaselineError(`${file} is a baseline of version ${String(baseline.version)}; this drydock reads version ${BASELINE_VERSION}`);
  return baseline as Baseline;
}

export function writeBaseline(file: string, entries: BaselineEntry[]): void {
  const sorted = [...entries].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.ruleId.localeCompare(b.ruleId) || a.fingerprint.localeCompare(b.fingerprint));
  const baseline: Baseline = { version: BASELINE_VERSION, findings: sorted };
  writeFileSync(file, `${JSON.stringify(baseline, null, 2)}\n`);
}

export interface BaselineOutcome {
  /** Entries whose finding is still there. */
  matched: BaselineEntry[];
  /** Entries of the files linted in this run whose finding is gone (fixed). */
  fixed: BaselineEntry[];
  /** Entries of files not linted in this run: kept as they are by --update-baseline. */
  untouched: BaselineEntry[];
}

/**
 * Moves the findings the baseline knows from `findings` to `suppressed`
 * (kind `external`, origin `baseline`), in place.
 */
export function applyBaseline(results: LintResult[], baseline: Baseline, baselineDir: string, cwd: string): BaselineOutcome {
  const byFingerprint = new Map(baseline.findings.map((entry) => [entry.fingerprint, entry]));
  const matched: BaselineEntry[] = [];
  const linted = new Set<string>();
  for (const result of results) {
    const file = relativeFile(result.file, baselineDir, cwd);
    linted.add(file);
    const prints = fingerprints(result.findings.map((finding) => ({ ...finding, file })), result.source);
    const kept = [];
    for (const [i, finding] of result.findings.entries()) {
      const entry = byFingerprint.get(prints[i]);
      if (!entry) {
        kept.push(finding);
        continue;
      }
      matched.push(entry);
      result.suppressed.push({ ...finding, suppression: { kind: 'external', origin: 'baseline' } });
    }
    result.findings = kept;
  }
  const matchedSet = new Set(matched);
  const fixed = baseline.findings.filter((entry) => linted.has(entry.file) && !matchedSet.has(entry));
  const untouched = baseline.findings.filter((entry) => !linted.has(entry.file));
  return { matched, fixed, untouched };
}
