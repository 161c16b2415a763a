/**
 * Code actions for findings: fixes (preferred when a finding has only one),
 * suggestions, suppression comments, and fix-all.
 */
import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit as LspTextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import type { SnippetTextEdit } from 'vscode-languageserver-types';
import { parseDockerfile } from '../dockerfile/parser.js';
import type { Language } from '../core/detect.js';
import { detectEol, type SourceText } from '../core/source.js';
import type { Finding, Fix } from '../core/types.js';
import { spanToLspRange, toLspEdit } from './convert.js';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.drydock`;

/** How edits may be expressed to this client. */
export interface EditSupport {
  /** `documentChanges` (versioned edits) are understood. */
  documentChanges: boolean;
  /** Snippet text edits (LSP 3.18) are understood inside `documentChanges`. */
  snippets: boolean;
}

export interface DocumentRef {
  uri: string;
  version: number;
}

function workspaceEdit(doc: DocumentRef, edits: Array<LspTextEdit | SnippetTextEdit>, support: EditSupport): WorkspaceEdit {
  if (support.documentChanges) return { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits }] };
  return { changes: { [doc.uri]: edits as LspTextEdit[] } };
}

function fixAction(doc: DocumentRef, source: SourceText, fix: Fix, diagnostic: Diagnostic, preferred: boolean, support: EditSupport): CodeAction {
  return {
    title: fix.description,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: preferred,
    edit: workspaceEdit(doc, fix.edits.map((edit) => toLspEdit(source, edit)), support),
  };
}

/** The quick fixes for one finding: its fix, its suggestions, then the two ways to suppress it. */
export function quickFixes(
  doc: DocumentRef,
  language: Language,
  source: SourceText,
  finding: Finding,
  diagnostic: Diagnostic,
  support: EditSupport,
): CodeAction[] {
  const actions: CodeAction[] = [];
  const suggestions = finding.suggestions ?? [];
  if (finding.fix) actions.push(fixAction(doc, source, finding.fix, diagnostic, suggestions.length === 0, support));
  for (const suggestion of suggestions) actions.push(fixAction(doc, source, suggestion, diagnostic, false, support));
  const lineComment = language === 'dockerfile' ? dockerfileLineIgnore(source, finding) : yamlLineIgnore(source, finding);
  if (lineComment) {
    actions.push({
      title: `Ignore ${finding.ruleId} for this line`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: false,
      edit: workspaceEdit(doc, [commentEdit(source, lineComment, `drydock-ignore ${finding.ruleId}`, support)], support),
    });
  }
  const fileAt = language === 'dockerfile' ? dockerfileFileIgnoreOffset(source) : 0;
  actions.push({
    title: `Ignore ${finding.ruleId} for this file`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: false,
    edit: workspaceEdit(doc, [commentEdit(source, { offset: fileAt, indent: '' }, `drydock-ignore-file ${finding.ruleId}`, support)], support),
  });
  return actions;
}

interface CommentPlace {
  /** Start of the line the comment goes above. */
  offset: number;
  indent: string;
}

/** `# <directive> -- reason` on its own line: the reason a tab stop when the client takes snippets. */
function commentEdit(source: SourceText, place: CommentPlace, directive: string, support: EditSupport): LspTextEdit | SnippetTextEdit {
  const eol = detectEol(source.text);
  const range = spanToLspRange(source, place.offset, place.offset);
  const head = `${place.indent}# ${directive} -- `;
  if (support.snippets && support.documentChanges) {
    return { range, snippet: { kind: 'snippet', value: `${escapeSnippet(head)}\${1:reason}${eol}` } };
  }
  return { range, newText: `${head}reason${eol}` };
}

function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, (c) => `\\${c}`);
}

function leadingWhitespace(source: SourceText, line: number): string {
  return /^[ \t]*/.exec(source.lineText(line))![0];
}

/** Above the instruction that holds the finding; none inside the parser directives, where a comment would end them. */
function dockerfileLineIgnore(source: SourceText, finding: Finding): CommentPlace | null {
  const dockerfile = parseDockerfile(source.text);
  const offset = finding.range.start.offset;
  const lastDirective = dockerfile.directives.at(-1);
  if (lastDirective && offset < lastDirective.span.end) return null;
  const instruction = dockerfile.instructions.find((i) => i.span.start <= offset && offset <= i.span.end);
  const line = instruction ? instruction.range.start.line : finding.range.start.line;
  return { offset: source.lineStarts[line - 1], indent: leadingWhitespace(source, line) };
}

/** After the parser directives (`# syntax=`, `# escape=`), which must stay first. */
function dockerfileFileIgnoreOffset(source: SourceText): number {
  const lastDirective = parseDockerfile(source.text).directives.at(-1);
  if (!lastDirective) return 0;
  const line = lastDirective.range.end.line;
  return line < source.lineCount ? source.lineStarts[line] : source.text.length;
}

/** Above the field's line, indented like it. */
function yamlLineIgnore(source: SourceText, finding: Finding): CommentPlace {
  const line = finding.range.start.line;
  return { offset: source.lineStarts[line - 1], indent: leadingWhitespace(source, line) };
}

/** One edit that turns `before` into `after`: the changed middle, so the editor keeps cursor and folds elsewhere. */
export function minimalEdit(source: SourceText, after: string): LspTextEdit | null {
  const before = source.text;
  if (before === after) return null;
  let start = 0;
  const limit = Math.min(before.length, after.length);
  while (start < limit && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
    endBefore--;
    endAfter--;
  }
  // Never split a surrogate pair or a CRLF: widen the changed part to whole characters.
  while (start > 0 && (isLowSurrogate(before.charCodeAt(start)) || (before[start] === '\n' && before[start - 1] === '\r'))) start--;
  while (endBefore < before.length && (isLowSurrogate(before.charCodeAt(endBefore)) || (before[endBefore] === '\n' && before[endBefore - 1] === '\r'))) {
    endBefore++;
    endAfter++;
  }
  return { range: spanToLspRange(source, start, endBefore), newText: after.slice(start, endAfter) };
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

export function fixAllAction(doc: DocumentRef, source: SourceText, fixedText: string, support: EditSupport): CodeAction | null {
  const edit = minimalEdit(source, fixedText);
  if (!edit) return null;
  return { title: 'Fix all drydock problems', kind: FIX_ALL_KIND, edit: workspaceEdit(doc, [edit], support) };
}
