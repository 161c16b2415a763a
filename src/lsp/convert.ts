/**
 * Our positions (1-based lines and columns in UTF-16 units) and findings in
 * LSP terms (0-based lines and characters, also UTF-16).
 */
import {
  DiagnosticSeverity,
  DiagnosticTag,
  type Diagnostic,
  type Range as LspRange,
  type TextEdit as LspTextEdit,
} from 'vscode-languageserver';
import type { Range, SourceText } from '../core/source.js';
import type { Finding, Severity, TextEdit } from '../core/types.js';

import { ruleDocsUrl } from '../core/links.js';

export { ruleDocsUrl };

export function toLspRange(range: Range): LspRange {
  return {
    start: { line: range.start.line - 1, character: range.start.column - 1 },
    end: { line: range.end.line - 1, character: range.end.column - 1 },
  };
}

export function spanToLspRange(source: SourceText, start: number, end: number): LspRange {
  return toLspRange(source.range(start, end));
}

export function toLspEdit(source: SourceText, edit: TextEdit): LspTextEdit {
  return { range: spanToLspRange(source, edit.span.start, edit.span.end), newText: edit.text };
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** Rules whose findings point at deprecated syntax or APIs: editors strike the range through. */
const DEPRECATED_RULES: ReadonlySet<string> = new Set([
  'dockerfile/maintainer-deprecated',
  'dockerfile/legacy-key-value-format',
  'k8s/deprecated-api-version',
  'k8s/deprecated-service-account-field',
]);
/** Rules whose findings point at text that has no effect: editors fade the range. */
const UNNECESSARY_RULES: ReadonlySet<string> = new Set([
  'dockerfile/unused-stage',
  'dockerfile/no-empty-continuation',
  'dockerfile/redundant-target-platform',
  'dockerfile/useless-cat',
]);

export function toDiagnostic(finding: Finding, fileUri: (file: string) => string): Diagnostic {
  const diagnostic: Diagnostic = {
    range: toLspRange(finding.range),
    severity: SEVERITY[finding.severity],
    code: finding.ruleId,
    codeDescription: { href: ruleDocsUrl(finding.ruleId) },
    source: 'drydock',
    message: finding.message,
  };
  const tags: DiagnosticTag[] = [];
  if (DEPRECATED_RULES.has(finding.ruleId)) tags.push(DiagnosticTag.Deprecated);
  if (UNNECESSARY_RULES.has(finding.ruleId)) tags.push(DiagnosticTag.Unnecessary);
  if (tags.length > 0) diagnostic.tags = tags;
  if (finding.related?.length) {
    diagnostic.relatedInformation = finding.related.map((related) => ({
      location: { uri: fileUri(related.file), range: toLspRange(related.range) },
      message: related.message,
    }));
  }
  return diagnostic;
}

export function rangesIntersect(a: LspRange, b: LspRange): boolean {
  const before = (x: LspRange['start'], y: LspRange['start']) => x.line < y.line || (x.line === y.line && x.character < y.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}
