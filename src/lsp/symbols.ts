/** The outline: stages and instructions of a Dockerfile; objects and containers of a manifest. */
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import type { Instruction } from '../dockerfile/ast.js';
import { parseDockerfile } from '../dockerfile/parser.js';
import { loadK8sFile } from '../k8s/loader.js';
import { containersOf } from '../k8s/workloads.js';
import type { Range } from '../core/source.js';
import { toLspRange } from './convert.js';

const MAX_DETAIL = 60;

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_DETAIL ? `${flat.slice(0, MAX_DETAIL - 1)}…` : flat;
}

function symbol(name: string, detail: string, kind: SymbolKind, range: Range, selection: Range, children?: DocumentSymbol[]): DocumentSymbol {
  const full = toLspRange(range);
  const selectionRange = toLspRange(selection);
  // selectionRange must lie inside range; a parent's range is widened by its children elsewhere.
  const inside =
    (selectionRange.start.line > full.start.line || (selectionRange.start.line === full.start.line && selectionRange.start.character >= full.start.character)) &&
    (selectionRange.end.line < full.end.line || (selectionRange.end.line === full.end.line && selectionRange.end.character <= full.end.character));
  return { name: name || '(unnamed)', detail, kind, range: full, selectionRange: inside ? selectionRange : full, ...(children ? { children } : {}) };
}

function instructionSymbol(instruction: Instruction): DocumentSymbol {
  return symbol(keywordOf(instruction), shorten(instruction.argsText), SymbolKind.Function, instruction.range, instruction.keywordNode.range);
}

function keywordOf(instruction: Instruction): string {
  return instruction.kind === 'UNKNOWN' ? instruction.keyword : instruction.kind;
}

export function dockerfileSymbols(text: string): DocumentSymbol[] {
  const dockerfile = parseDockerfile(text);
  const symbols: DocumentSymbol[] = [];
  for (const instruction of dockerfile.instructions) {
    if (instruction.stageIndex < 0) symbols.push(instructionSymbol(instruction));
  }
  for (const stage of dockerfile.stages) {
    const last = stage.instructions.at(-1) ?? stage.from;
    const range = { start: stage.from.range.start, end: last.range.end };
    const nameWord = stage.from.alias;
    const name = stage.name ?? `stage ${stage.index}`;
    const detail = `FROM ${stage.image.raw}`;
    symbols.push(
      symbol(name, detail, SymbolKind.Module, range, nameWord?.range ?? stage.from.keywordNode.range, [
        instructionSymbol(stage.from),
        ...stage.instructions.map(instructionSymbol),
      ]),
    );
  }
  return symbols;
}

export function manifestSymbols(file: string, text: string): DocumentSymbol[] {
  const k8s = loadK8sFile(file, text);
  return k8s.objects.map((object) => {
    const containers = containersOf(object).map((container) => {
      const where = object.locate(container.path, 'value');
      const nameAt = object.locate([...container.path, 'name'], 'value');
      return symbol(container.name ?? `${container.kind}[${container.index}]`, container.kind, SymbolKind.Object, where.range, nameAt.exact ? nameAt.range : where.range);
    });
    const nameAt = object.locate('metadata.name', 'value');
    const label = `${object.kind}/${object.name ?? '(no name)'}`;
    return symbol(label, object.apiVersion + (object.namespace ? ` · ${object.namespace}` : ''), SymbolKind.Class, object.node.range, nameAt.exact ? nameAt.range : object.node.range, containers);
  });
}
