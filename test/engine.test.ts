/** The engine's guarantees, with rules made up for the test. */
import { describe, expect, it } from 'vitest';
import { Linter } from '../src/core/engine.js';
import { RuleRegistry } from '../src/core/registry.js';
import { defineDockerfileRule } from '../src/core/rule.js';

const meta = {
  title: 'test rule',
  severity: 'warning' as const,
  category: 'correctness' as const,
  rationale: 'A rule made up for an engine test.',
  aliases: {},
  fixable: true,
  defaultOptions: {},
  examples: { bad: [], good: [] },
};

function lintWith(rule: ReturnType<typeof defineDockerfileRule>) {
  const linter = new Linter(new RuleRegistry([rule]));
  const config = { rules: new Map([[rule.meta.id, { severity: 'warning' as const, options: {} }]]), settings: {} };
  return (text: string) => linter.fix({ file: 'Dockerfile', text, language: 'dockerfile', config });
}

describe('Linter', () => {
  it('rolls back a fix whose output no longer parses, and keeps the file as it was', async () => {
    const breaksParsing = defineDockerfileRule({
      meta: { ...meta, id: 'dockerfile/test-breaker' },
      check(context) {
        const from = context.dockerfile.instructions[0];
        if (from?.keywordNode) context.report({ message: 'x', range: from.keywordNode.range, fix: { description: 'break it', edits: [{ span: from.keywordNode.span, text: 'FORM' }] } });
      },
    });
    const outcome = await lintWith(breaksParsing)('FROM alpine:3.20\n');
    expect(outcome.rolledBack).toBe(true);
    expect(outcome.output).toBe('FROM alpine:3.20\n');
    expect(outcome.fixesApplied).toBe(0);
  });

  it('repeats fix passes until stable, and stops after ten', async () => {
    const appendsForever = defineDockerfileRule({
      meta: { ...meta, id: 'dockerfile/test-appender' },
      check(context) {
        const end = context.source.text.length;
        context.report({ message: 'x', range: { start: end, end }, fix: { description: 'append', edits: [{ span: { start: end, end }, text: '# more\n' }] } });
      },
    });
    const outcome = await lintWith(appendsForever)('FROM alpine:3.20\n');
    expect(outcome.fixesApplied).toBe(10);
    expect(outcome.output.split('# more').length - 1).toBe(10);
  });

  it('turns a crashing rule into an internal error for that file and runs the others', async () => {
    const crashes = defineDockerfileRule({
      meta: { ...meta, id: 'dockerfile/test-crash' },
      check() {
        throw new Error('boom');
      },
    });
    const fine = defineDockerfileRule({
      meta: { ...meta, id: 'dockerfile/test-fine' },
      check(context) {
        context.report({ message: 'still here', range: { start: 0, end: 4 } });
      },
    });
    const linter = new Linter(new RuleRegistry([crashes, fine]));
    const rules = new Map([
      ['dockerfile/test-crash', { severity: 'error' as const, options: {} }],
      ['dockerfile/test-fine', { severity: 'info' as const, options: {} }],
    ]);
    const result = await linter.lint({ file: 'Dockerfile', text: 'FROM a:1\n', language: 'dockerfile', config: { rules, settings: {} } });
    expect(result.internalErrors).toEqual(['rule dockerfile/test-crash failed: boom']);
    expect(result.findings).toMatchObject([{ ruleId: 'dockerfile/test-fine', severity: 'info', range: { start: { line: 1, column: 1 }, end: { column: 5 } } }]);
  });
});
