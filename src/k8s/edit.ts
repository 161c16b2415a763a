/**
 * Minimal text edits on Kubernetes manifests: "set this path to this value in
 * this object" becomes one insertion or replacement at the right place, with the
 * file's own indentation, line endings and flow/block style, so comments, key
 * order and everything else in the file stay byte for byte as they were.
 * Works on the node ranges the loader keeps, so items of a `kind: List` and
 * later documents of a multi-document file are edited in place.
 */
import { markComposable, type ComposableInsertion } from '../core/fix.js';
import type { TextEdit } from '../core/types.js';
import type { K8sObject, PathSegment, YamlMap, YamlNode, YamlPair, YamlSeq } from './model.js';

export type EditValue = string | number | boolean | EditValue[] | { [key: string]: EditValue };

export interface EditTarget {
  /** The whole file text (node spans are offsets into it). */
  text: string;
  /** The line ending to insert (`context.eol`). */
  eol: string;
}

const PLAIN_SAFE = /^[A-Za-z_/][A-Za-z0-9_./-]*$/;
const YAML_KEYWORDS = /^(true|false|yes|no|on|off|y|n|null|~)$/i;

/** A scalar as YAML source: plain when that reads back as the same string, else double-quoted. */
export function renderScalar(value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value);
  return PLAIN_SAFE.test(value) && !YAML_KEYWORDS.test(value) ? value : JSON.stringify(value);
}

/** A value in flow style: `{a: 1, b: [X]}`. */
export function renderFlow(value: EditValue): string {
  if (Array.isArray(value)) return `[${value.map(renderFlow).join(', ')}]`;
  if (typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${renderScalar(k)}: ${renderFlow(v)}`).join(', ')}}`;
  return renderScalar(value);
}

/** `key: value` lines in block style at `indent`; sequences of scalars stay in flow style (`drop: [ALL]`). */
function renderBlockPair(key: string, value: EditValue, indent: string, step: string, eol: string): string {
  if (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0) {
    const children = Object.entries(value).map(([k, v]) => renderBlockPair(k, v, indent + step, step, eol));
    return `${indent}${renderScalar(key)}:${eol}${children.join(eol)}`;
  }
  return `${indent}${renderScalar(key)}: ${renderFlow(value)}`;
}

function nest(segments: string[], value: EditValue): EditValue {
  return segments.reduceRight<EditValue>((inner, key) => ({ [key]: inner }), value);
}

function pairOf(map: YamlMap, key: string): YamlPair | undefined {
  return map.pairs.find((pair) => pair.key.value === key);
}

function isFlow(text: string, node: YamlNode): boolean {
  const first = text[node.span.start];
  return first === '{' || first === '[';
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** The offset just before the line break of the line holding `offset` (after any trailing comment). */
function endOfLine(text: string, offset: number): number {
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  if (end > 0 && text[end - 1] === '\r') end--;
  return end;
}

/** Last offset of real content at or before `end` (skips trailing blanks and line breaks). */
function contentEnd(text: string, end: number): number {
  while (end > 0 && /\s/.test(text[end - 1])) end--;
  return end;
}

/** The indentation unit of the object: how far its nested block mappings step in (2 when nothing tells). */
function indentStep(text: string, object: K8sObject): string {
  const root = object.node;
  if (isFlow(text, root)) return '  ';
  for (const pair of root.pairs) {
    const value = pair.value;
    if (value?.kind === 'map' && !isFlow(text, value) && value.pairs.length > 0 && !value.alias) {
      const step = columnOf(text, value.pairs[0].key.span.start) - columnOf(text, pair.key.span.start);
      if (step > 0) return ' '.repeat(step);
    }
  }
  return '  ';
}

function isMapping(value: EditValue): value is { [key: string]: EditValue } {
  return typeof value === 'object' && !Array.isArray(value);
}

/** Sequences that `addToSequence` creates: it only asks for its item to be in them, so two such sequences merge into one. */
const itemSets = new WeakSet<EditValue[]>();

/** Two values set at one place as one: mappings merge key by key, item sets join, anything else must be equal. Null when they contradict. */
function mergeValues(a: EditValue, b: EditValue): EditValue | null {
  if (Array.isArray(a) && Array.isArray(b) && itemSets.has(a) && itemSets.has(b)) {
    const items = mergeItems(a, b) as EditValue[];
    itemSets.add(items);
    return items;
  }
  if (!isMapping(a) || !isMapping(b)) return renderFlow(a) === renderFlow(b) ? a : null;
  const merged = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const both = Object.hasOwn(merged, key) ? mergeValues(merged[key], value) : value;
    if (both === null) return null;
    merged[key] = both;
  }
  return merged;
}

/** Sequence items appended at one place as one list, each distinct item once. */
function mergeItems(a: EditValue, b: EditValue): EditValue {
  const items = [...(a as EditValue[])];
  for (const item of b as EditValue[]) if (!items.some((other) => renderFlow(other) === renderFlow(item))) items.push(item);
  return items;
}

interface Addition extends ComposableInsertion {
  value: EditValue;
}

/**
 * An insertion that remembers what it adds, so that the fix loop can write the
 * additions of several fixes into one node as one text (src/core/fix.ts): two
 * fixes that each add a `securityContext:` block to a container become one block
 * with both entries, in one pass, never a duplicate key.
 */
function addition(at: number, target: string, depth: number, value: EditValue, merge: (a: EditValue, b: EditValue) => EditValue | null, write: (value: EditValue) => string): TextEdit {
  const insertion: Addition = {
    target,
    depth,
    value,
    compose(group) {
      let merged: EditValue | null = value;
      for (const other of group.slice(1)) merged = merged === null ? null : merge(merged, (other as Addition).value);
      return merged === null ? null : write(merged);
    },
  };
  return markComposable({ span: { start: at, end: at }, text: write(value) }, insertion);
}

/** Inserts `key: value` pairs (nested as needed) as the last entries of a mapping node (`depth` segments from the object's root). */
function insertIntoMap(target: EditTarget, object: K8sObject, map: YamlMap, key: string, value: EditValue, depth: number): TextEdit {
  const { text, eol } = target;
  const entries = { [key]: value };
  if (isFlow(text, map) || map.pairs.length === 0) {
    const close = contentEnd(text, map.span.end) - 1;
    const inner = contentEnd(text, close);
    const empty = text[inner - 1] === '{';
    const write = (pairs: EditValue) => `${empty ? '' : ', '}${Object.entries(pairs).map(([k, v]) => `${renderScalar(k)}: ${renderFlow(v)}`).join(', ')}`;
    return addition(inner, `map@${map.span.start}`, depth, entries, mergeValues, write);
  }
  const indent = ' '.repeat(columnOf(text, map.pairs[0].key.span.start));
  const step = indentStep(text, object);
  const last = map.pairs[map.pairs.length - 1];
  const at = endOfLine(text, contentEnd(text, last.span.end) - 1);
  const write = (pairs: EditValue) => Object.entries(pairs).map(([k, v]) => eol + renderBlockPair(k, v, indent, step, eol)).join('');
  return addition(at, `map@${map.span.start}`, depth, entries, mergeValues, write);
}

/** Fills `key:` (a pair with no value, `depth` segments from the object's root counting its key) with a value. */
function fillEmptyPair(target: EditTarget, object: K8sObject, pair: YamlPair, value: EditValue, depth: number): TextEdit {
  const { text, eol } = target;
  const colon = text.indexOf(':', pair.key.span.end);
  const at = colon + 1;
  const owner = `pair@${pair.key.span.start}`;
  if (!isMapping(value) || Object.keys(value).length === 0) {
    return addition(at, owner, depth, value, mergeValues, (filled) => ` ${renderFlow(filled)}`);
  }
  const step = indentStep(text, object);
  const indent = ' '.repeat(columnOf(text, pair.key.span.start)) + step;
  const write = (filled: EditValue) => Object.entries(filled).map(([k, v]) => eol + renderBlockPair(k, v, indent, step, eol)).join('');
  // After any comment on the key's line, so the comment stays with its key.
  return addition(endOfLine(text, at), owner, depth, value, mergeValues, write);
}

function nodeAt(root: YamlNode, path: readonly PathSegment[]): YamlNode | null | undefined {
  let node: YamlNode | null | undefined = root;
  for (const segment of path) {
    if (!node) return undefined;
    if (typeof segment === 'number') {
      if (node.kind !== 'seq') return undefined;
      node = node.items[segment];
    } else {
      if (node.kind !== 'map') return undefined;
      const pair = pairOf(node, segment);
      if (!pair) return undefined;
      node = pair.value;
    }
  }
  return node;
}

/**
 * The edit that sets `path` (from the object's root) to `value`: replaces an
 * existing scalar, or adds the missing keys under the deepest mapping that
 * exists. Null when the path runs through something that is not a mapping
 * (a scalar, an alias, a missing sequence item): no safe edit then.
 */
export function setPath(target: EditTarget, object: K8sObject, path: readonly PathSegment[], value: EditValue): TextEdit | null {
  let map: YamlMap = object.node;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    if (map.alias) return null;
    if (typeof segment === 'number') return null;
    const pair = pairOf(map, segment);
    const rest = path.slice(i + 1);
    if (!pair) {
      if (rest.some((s) => typeof s === 'number')) return null;
      return insertIntoMap(target, object, map, segment, nest(rest as string[], value), i);
    }
    const next = pair.value;
    if (next === null) {
      if (rest.some((s) => typeof s === 'number')) return null;
      return fillEmptyPair(target, object, pair, nest(rest as string[], value), i + 1);
    }
    if (rest.length === 0) {
      if (next.kind !== 'scalar' || next.alias || typeof value === 'object') return null;
      return { span: { ...next.span }, text: renderScalar(value) };
    }
    if (typeof rest[0] === 'number') {
      if (next.kind !== 'seq' || next.alias) return null;
      const item = next.items[rest[0]];
      if (item?.kind !== 'map') return null;
      map = item;
      i++;
      continue;
    }
    if (next.kind !== 'map') return null;
    map = next;
  }
  return null;
}

/** Appends an item to the sequence at `path`, in the sequence's own style (a mapping item is written in flow style: `- {a: 1}`). */
export function appendToSequence(target: EditTarget, object: K8sObject, path: readonly PathSegment[], item: EditValue): TextEdit | null {
  const { text, eol } = target;
  const seq = nodeAt(object.node, path);
  if (!seq || seq.kind !== 'seq' || seq.alias) return null;
  const owner = `seq@${seq.span.start}`;
  if (isFlow(text, seq) || seq.items.length === 0) {
    const close = contentEnd(text, seq.span.end) - 1;
    const inner = contentEnd(text, close);
    const empty = text[inner - 1] === '[';
    const write = (items: EditValue) => `${empty ? '' : ', '}${(items as EditValue[]).map(renderFlow).join(', ')}`;
    return addition(inner, owner, path.length, [item], mergeItems, write);
  }
  const last = seq.items[seq.items.length - 1];
  const dash = text.lastIndexOf('-', seq.items[0].span.start);
  const indent = ' '.repeat(columnOf(text, dash));
  const at = endOfLine(text, contentEnd(text, last.span.end) - 1);
  const write = (items: EditValue) => (items as EditValue[]).map((one) => `${eol}${indent}- ${renderFlow(one)}`).join('');
  return addition(at, owner, path.length, [item], mergeItems, write);
}

/**
 * Makes `item` part of the sequence at `path`: appends it to the sequence, or
 * creates the sequence when it is missing or empty (`drop:`). Two fixes that
 * create one sequence this way get one sequence with both items in one pass.
 */
export function addToSequence(target: EditTarget, object: K8sObject, path: readonly PathSegment[], item: EditValue): TextEdit | null {
  const existing = nodeAt(object.node, path);
  if (existing) return appendToSequence(target, object, path, item);
  const items = [item];
  itemSets.add(items);
  return setPath(target, object, path, items);
}

/** Removes item `index` of the sequence at `path`, with its line(s) in block style or its comma in flow style. */
export function removeSequenceItem(target: EditTarget, object: K8sObject, path: readonly PathSegment[], index: number): TextEdit | null {
  const { text } = target;
  const seq = nodeAt(object.node, path) as YamlSeq | null | undefined;
  if (!seq || seq.kind !== 'seq' || seq.alias || !seq.items[index] || seq.items.length < 2) return null;
  const item = seq.items[index];
  if (isFlow(text, seq)) {
    if (index < seq.items.length - 1) return { span: { start: item.span.start, end: seq.items[index + 1].span.start }, text: '' };
    const previousEnd = seq.items[index - 1].span.end;
    return { span: { start: previousEnd, end: item.span.end }, text: '' };
  }
  const dash = text.lastIndexOf('-', item.span.start);
  const lineStart = text.lastIndexOf('\n', dash - 1) + 1;
  if (text.slice(lineStart, dash).trim() !== '') return null;
  let end = endOfLine(text, contentEnd(text, item.span.end) - 1);
  end = text.startsWith('\r\n', end) ? end + 2 : text[end] === '\n' ? end + 1 : end;
  return { span: { start: lineStart, end }, text: '' };
}

/** Renames the key of the pair at `path` (the value stays where it is). */
export function renameKey(object: K8sObject, path: readonly PathSegment[], newKey: string): TextEdit | null {
  const parent = nodeAt(object.node, path.slice(0, -1));
  const key = path[path.length - 1];
  if (!parent || parent.kind !== 'map' || parent.alias || typeof key !== 'string') return null;
  const pair = pairOf(parent, key);
  if (!pair) return null;
  return { span: { ...pair.key.span }, text: renderScalar(newKey) };
}

/** Removes the pair at `path` from a block mapping, with its line(s). */
export function removePair(target: EditTarget, object: K8sObject, path: readonly PathSegment[]): TextEdit | null {
  const { text } = target;
  const parent = nodeAt(object.node, path.slice(0, -1));
  const key = path[path.length - 1];
  if (!parent || parent.kind !== 'map' || parent.alias || isFlow(text, parent) || parent.pairs.length < 2) return null;
  const pair = pairOf(parent, key as string);
  if (!pair) return null;
  const lineStart = text.lastIndexOf('\n', pair.key.span.start - 1) + 1;
  if (text.slice(lineStart, pair.key.span.start).trim() !== '') return null;
  let end = endOfLine(text, contentEnd(text, pair.span.end) - 1);
  end = text.startsWith('\r\n', end) ? end + 2 : text[end] === '\n' ? end + 1 : end;
  return { span: { start: lineStart, end }, text: '' };
}
