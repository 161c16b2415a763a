/**
 * Source text and position arithmetic shared by every parser.
 *
 * Positions are 1-based lines and 1-based columns counted in UTF-16 code units
 * (the unit JavaScript strings, LSP and our SARIF `columnKind` use), plus the
 * 0-based UTF-16 offset into the text. Ranges are half-open: `end` points just
 * past the last character.
 */

export interface Position {
  /** 1-based line. */
  line: number;
  /** 1-based column in UTF-16 code units. */
  column: number;
  /** 0-based UTF-16 offset into the file text (after BOM removal). */
  offset: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A half-open span of offsets; cheaper than a Range where lines are not needed yet. */
export interface Span {
  start: number;
  end: number;
}

/**
 * The text of one file with its line index. Parsers keep offsets and ask the
 * source for positions, so line/column arithmetic lives in one place.
 */
export class SourceText {
  private starts: number[] | null = null;
  /** The 0-based line of the last position asked for. */
  private lastLine = 0;

  constructor(
    /** Text with any BOM removed. */
    readonly text: string,
  ) {}

  /**
   * Offsets at which each line starts; lineStarts[0] === 0. Built on first
   * use: most files of a run never have a position asked for (no finding).
   */
  get lineStarts(): number[] {
    return (this.starts ??= computeLineStarts(this.text));
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** Converts an offset (clamped into the text) to a position. */
  position(offset: number): Position {
    if (offset < 0) offset = 0;
    if (offset > this.text.length) offset = this.text.length;
    const starts = this.lineStarts;
    let line = this.lastLine;
    // Parsers ask in text order: most offsets fall on the line of the previous one.
    if (starts[line] > offset || (line + 1 < starts.length && starts[line + 1] <= offset)) {
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= offset) lo = mid;
        else hi = mid - 1;
      }
      this.lastLine = line = lo;
    }
    return { line: line + 1, column: offset - starts[line] + 1, offset };
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(Math.max(start, end)) };
  }

  /** Offset of a 1-based line and column (clamped to the line's end). */
  offsetAt(line: number, column: number): number {
    const idx = Math.min(Math.max(line, 1), this.lineStarts.length) - 1;
    const lineEnd = this.lineEnd(idx + 1);
    return Math.min(this.lineStarts[idx] + Math.max(column, 1) - 1, lineEnd);
  }

  /** Offset just past the last character of a 1-based line, before its line break. */
  lineEnd(line: number): number {
    const idx = line - 1;
    let end = idx + 1 < this.lineStarts.length ? this.lineStarts[idx + 1] : this.text.length;
    if (end > this.lineStarts[idx] && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > this.lineStarts[idx] && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  /** The text of a 1-based line without its line break. */
  lineText(line: number): string {
    if (line < 1 || line > this.lineStarts.length) return '';
    return this.text.slice(this.lineStarts[line - 1], this.lineEnd(line));
  }

  slice(span: Span): string {
    return this.text.slice(span.start, span.end);
  }
}

/** What a file's bytes looked like on disk, so that writes can restore it. */
export interface TextEncodingInfo {
  charset: 'utf-8' | 'utf-16le' | 'utf-16be';
  bom: boolean;
  /** The dominant line ending, used when a fix inserts new lines. */
  eol: '\n' | '\r\n';
}

/** Decodes file bytes: strips a UTF-8 BOM, decodes UTF-16 with BOM, reports binary content. */
export function decodeText(bytes: Uint8Array):
  | { ok: true; text: string; encoding: TextEncodingInfo }
  | { ok: false; reason: string } {
  let bom = false;
  let charset: TextEncodingInfo['charset'] = 'utf-8';
  let text: string;
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
    bom = true;
    charset = 'utf-16le';
  } else if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    text = new TextDecoder('utf-16be').decode(bytes.subarray(2));
    bom = true;
    charset = 'utf-16be';
  } else {
    if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
      bom = true;
      bytes = bytes.subarray(3);
    }
    const probe = bytes.subarray(0, Math.min(bytes.length, 8000));
    if (probe.includes(0)) return { ok: false, reason: 'binary file (contains NUL bytes)' };
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return { ok: false, reason: 'not valid UTF-8 text' };
    }
  }
  if (text.includes('\u0000')) return { ok: false, reason: 'binary file (contains NUL characters)' };
  return { ok: true, text, encoding: { charset, bom, eol: detectEol(text) } };
}

export function detectEol(text: string): '\n' | '\r\n' {
  // Most files have no CR at all: one indexOf answers for them.
  let cr = text.indexOf('\r');
  if (cr < 0) return '\n';
  let crlf = 0;
  while (cr >= 0) {
    if (text.charCodeAt(cr + 1) === 10) crlf++;
    cr = text.indexOf('\r', cr + 1);
  }
  let lf = -crlf;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) lf++;
  return crlf > lf ? '\r\n' : '\n';
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  // Most texts have no carriage return: then V8's native search for line feeds does the work
  // of the loop below over every character, several times faster (and from the first file on).
  if (!text.includes('\r')) {
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/** Encodes text back into the charset, BOM included, that it was read with. */
export function encodeText(text: string, encoding: TextEncodingInfo): Buffer {
  if (encoding.charset === 'utf-8') {
    const body = Buffer.from(text, 'utf8');
    return encoding.bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
  }
  const le = Buffer.from(text, 'utf16le');
  if (encoding.charset === 'utf-16be') le.swap16();
  const bom = encoding.charset === 'utf-16le' ? [0xff, 0xfe] : [0xfe, 0xff];
  return Buffer.concat([Buffer.from(bom), le]);
}
