/**
 * Results rebuilt on the main thread (src/cli/results.ts): in a large run they
 * hold their findings as JSON text between reads; what a reader sees, changes
 * made by assignment or in place, must be the same as with plain arrays.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FileReport } from '../src/cli/lint-file.js';
import { ReportedResult, RetainedTexts } from '../src/cli/results.js';
import { findingCountsOf } from '../src/core/finding-counts.js';
import type { Finding } from '../src/core/types.js';

function finding(ruleId: string, offset: number, extra: Partial<Finding> = {}): Finding {
  return {
    ruleId,
    severity: 'warning',
    message: `${ruleId} at ${offset}`,
    file: 'Dockerfile',
    range: { start: { line: 1, column: offset + 1, offset }, end: { line: 1, column: offset + 4, offset: offset + 3 } },
    ...extra,
  };
}

function report(findings: Finding[], suppressed: Finding[] = []): FileReport {
  return { file: 'Dockerfile', language: 'dockerfile', findings, suppressed, parseErrorCount: 0, notes: [], internalErrors: [] };
}

describe('ReportedResult with compact findings', () => {
  const fix = { description: 'pin it', edits: [{ span: { start: 5, end: 11 }, text: 'ubuntu:24.04' }] };
  const findings = [finding('a', 0, { fix }), finding('b', 4, { related: [{ file: 'x', range: finding('x', 1).range, message: 'there' }] })];
  const suppressed = [finding('c', 8, { suppression: { kind: 'inSource', origin: 'comment' } as Finding['suppression'] })];

  it('reads the same findings as a plain result, again and again, across other results', () => {
    const plain = new ReportedResult(report(structuredClone(findings), structuredClone(suppressed)), '/x/Dockerfile');
    const compact = new ReportedResult(report(structuredClone(findings), structuredClone(suppressed)), '/x/Dockerfile', true);
    const other = new ReportedResult(report([finding('z', 0)]), '/x/other', true);
    expect(compact.findings).toEqual(plain.findings);
    expect(compact.findings).toBe(compact.findings);
    expect(other.findings).toEqual([finding('z', 0)]);
    expect(compact.findings).toEqual(findings);
    expect(compact.suppressed).toEqual(suppressed);
  });

  it('keeps assigned lists and pushes made in place after another result is read', () => {
    const compact = new ReportedResult(report(structuredClone(findings), structuredClone(suppressed)), '/x/Dockerfile', true);
    const other = new ReportedResult(report([]), '/x/other', true);
    compact.findings = compact.findings.filter((f) => f.ruleId === 'a');
    compact.suppressed.push(finding('d', 12));
    expect(other.findings).toEqual([]);
    expect(compact.findings.map((f) => f.ruleId)).toEqual(['a']);
    expect(compact.suppressed.map((f) => f.ruleId)).toEqual(['c', 'd']);
    other.suppressed = [finding('e', 0)];
    expect(compact.findings[0].fix).toEqual(fix);
    expect(other.suppressed.map((f) => f.ruleId)).toEqual(['e']);
  });

  it('counts its findings as a plain result does, closed or open, after assignments and pushes', () => {
    const compact = new ReportedResult(report(structuredClone(findings), structuredClone(suppressed)), '/x/Dockerfile', true);
    const other = new ReportedResult(report([finding('z', 0, { severity: 'error' })]), '/x/other', true);
    const plainCounts = (result: ReportedResult) => findingCountsOf({ ...result, findings: result.findings, suppressed: result.suppressed, findingCounts: undefined });
    expect(compact.findingCounts()).toEqual({ error: 0, warning: 2, info: 0, fixable: 1, suppressed: 1 });
    compact.findings = [...compact.findings, finding('e', 20, { severity: 'error' })];
    compact.suppressed.push(finding('d', 12));
    expect(other.findingCounts()).toEqual({ error: 1, warning: 0, info: 0, fixable: 0, suppressed: 0 });
    // Closed again by reading another result: counted without being read.
    expect(other.findings).toHaveLength(1);
    expect(compact.findingCounts()).toEqual({ error: 1, warning: 2, info: 0, fixable: 1, suppressed: 2 });
    expect(compact.findingCounts()).toEqual(plainCounts(compact));
  });
});

describe('RetainedTexts', () => {
  it('reads a file again once while the budget holds, and from disk every time beyond it', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'drydock-texts-'));
    const small = path.join(dir, 'small.yaml');
    const large = path.join(dir, 'large.yaml');
    writeFileSync(small, 'kind: A\n');
    writeFileSync(large, 'kind: B\n'.repeat(4));
    const texts = new RetainedTexts(16);
    expect(texts.read(small)).toBe('kind: A\n');
    expect(texts.read(large)).toBe('kind: B\n'.repeat(4));
    writeFileSync(small, 'kind: C\n');
    writeFileSync(large, 'kind: D\n');
    // The small file fit in the budget: it is not read again. The large one did not: it is.
    expect(texts.read(small)).toBe('kind: A\n');
    expect(texts.read(large)).toBe('kind: D\n');
    // Results read through the store see the same text for their source and for the checks across files.
    const result = new ReportedResult(report([finding('a', 0)]), small, false, texts);
    expect(result.textNow()).toBe('kind: A\n');
    expect(result.source.text).toBe('kind: A\n');
  });
});
