/**
 * Crash-freedom on real files: the whole ../shared/corpus lints with every rule
 * on, without a thrown error or a rule failure, and every finding's range lies
 * inside its file. The fix invariants hold on every file: fixing adds no parse
 * error and no finding, leaves nothing fixable, and fixing twice equals fixing
 * once. Skipped when the corpus is not beside the repository.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../src/core/source.js';
import { corpusFiles, corpusPresent } from './support/corpus.js';
import { configWith, linter } from './support/lint.js';

describe.skipIf(!corpusPresent)('corpus', () => {
  const targets = corpusFiles();
  const config = configWith('all');

  it('finds the corpus files by name', () => {
    expect(targets.filter((t) => t.language === 'dockerfile').length).toBeGreaterThan(1700);
    expect(targets.filter((t) => t.language === 'k8s').length).toBeGreaterThan(2900);
  });

  it('lints every file with no crash, no rule failure and every range inside its file', async () => {
    const failures: string[] = [];
    let findings = 0;
    for (const target of targets) {
      const decoded = decodeText(readFileSync(target.absolute));
      if (!decoded.ok) continue;
      try {
        const result = await linter.lint({ file: target.display, text: decoded.text, language: target.language, config });
        for (const message of result.internalErrors) failures.push(`${target.display}: ${message}`);
        for (const finding of result.findings) {
          findings++;
          const { start, end } = finding.range;
          if (start.offset > end.offset || end.offset > decoded.text.length) failures.push(`${target.display}: bad range for ${finding.ruleId}`);
          if (result.source.position(start.offset).line !== start.line) failures.push(`${target.display}: inconsistent position for ${finding.ruleId}`);
        }
      } catch (error) {
        failures.push(`${target.display}: threw ${(error as Error).stack}`);
      }
    }
    expect(failures).toEqual([]);
    expect(findings).toBeGreaterThan(0);
  }, 900_000);

  it('fixes every file stably: no new parse errors, no new findings, nothing fixable left, fixing twice changes nothing', async () => {
    const problems: string[] = [];
    let fixedFiles = 0;
    let fixesApplied = 0;
    for (const target of targets) {
      const decoded = decodeText(readFileSync(target.absolute));
      if (!decoded.ok) continue;
      const input = { file: target.display, text: decoded.text, language: target.language, config };
      const before = await linter.lint(input);
      if (!before.findings.some((f) => f.fix)) continue;
      const once = await linter.fix(input);
      if (once.output === decoded.text) continue;
      fixedFiles++;
      fixesApplied += once.fixesApplied;
      if (once.result.parseErrorCount > before.parseErrorCount) problems.push(`${target.display}: new parse errors`);
      if (once.result.findings.some((f) => f.fix)) problems.push(`${target.display}: fixable findings left after --fix`);
      const countBefore = countByRule(before.findings);
      for (const [rule, count] of countByRule(once.result.findings)) {
        if (count > (countBefore.get(rule) ?? 0)) problems.push(`${target.display}: fixing added a ${rule} finding`);
      }
      const twice = await linter.fix({ ...input, text: once.output });
      if (twice.output !== once.output) problems.push(`${target.display}: fixing twice differs from fixing once`);
    }
    console.log(`fix invariants: ${fixedFiles} files fixed, ${fixesApplied} fixes applied, ${problems.length} violations`);
    expect(problems).toEqual([]);
    expect(fixedFiles).toBeGreaterThan(0);
  }, 900_000);
});

function countByRule(findings: Array<{ ruleId: string }>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const finding of findings) counts.set(finding.ruleId, (counts.get(finding.ruleId) ?? 0) + 1);
  return counts;
}
