import { describe, expect, it } from 'vitest';
import { decodeText, detectEol, encodeText, SourceText } from '../src/core/source.js';
import { applyFixes } from '../src/core/fix.js';

describe('SourceText', () => {
  it('maps offsets to 1-based lines and columns across LF, CRLF and lone CR', () => {
    const source = new SourceText('ab\r\ncd\nef\rgh');
    expect(source.lineCount).toBe(4);
    expect(source.position(0)).toEqual({ line: 1, column: 1, offset: 0 });
    expect(source.position(4)).toEqual({ line: 2, column: 1, offset: 4 });
    expect(source.position(8)).toEqual({ line: 3, column: 2, offset: 8 });
    expect(source.position(10)).toEqual({ line: 4, column: 1, offset: 10 });
    expect(source.lineText(1)).toBe('ab');
    expect(source.lineText(3)).toBe('ef');
    expect(source.offsetAt(2, 2)).toBe(5);
  });

  it('gives the same position for an offset whatever was asked before (it remembers the last line)', () => {
    const text = 'ab\r\ncd\n\nxyz\rq\n';
    // A fresh source has no memory of earlier questions.
    const expected = (offset: number) => new SourceText(text).position(offset);
    const source = new SourceText(text);
    const offsets = [...Array(text.length + 1).keys()];
    // Forwards, backwards, then jumping about.
    for (const offset of [...offsets, ...offsets.reverse(), 0, 12, 3, 7, 7, 1, 13, 5, 0]) {
      expect(source.position(offset)).toEqual(expected(offset));
    }
  });

  it('clamps positions outside the text', () => {
    const source = new SourceText('abc');
    expect(source.position(-5).offset).toBe(0);
    expect(source.position(99)).toEqual({ line: 1, column: 4, offset: 3 });
  });
});

describe('decodeText / encodeText', () => {
  it('strips a UTF-8 BOM and puts it back', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('FROM x\r\n')]);
    const decoded = decodeText(bytes);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.text).toBe('FROM x\r\n');
    expect(decoded.encoding).toEqual({ charset: 'utf-8', bom: true, eol: '\r\n' });
    expect(encodeText(decoded.text, decoded.encoding).equals(bytes)).toBe(true);
  });

  it('reads and writes UTF-16 with a BOM in its own byte order', () => {
    for (const [bom, charset] of [[[0xff, 0xfe], 'utf-16le'], [[0xfe, 0xff], 'utf-16be']] as const) {
      const body = Buffer.from('FROM x\n', 'utf16le');
      if (charset === 'utf-16be') body.swap16();
      const bytes = Buffer.concat([Buffer.from(bom), body]);
      const decoded = decodeText(bytes);
      expect(decoded.ok && decoded.text).toBe('FROM x\n');
      if (decoded.ok) expect(encodeText(decoded.text, decoded.encoding).equals(bytes)).toBe(true);
    }
  });

  it('refuses binary content and invalid UTF-8', () => {
    expect(decodeText(Buffer.from([0x46, 0x00, 0x01]))).toEqual({ ok: false, reason: 'binary file (contains NUL bytes)' });
    expect(decodeText(Buffer.from([0x46, 0xff, 0xfe, 0x41]))).toMatchObject({ ok: false, reason: 'not valid UTF-8 text' });
  });

  it('detects the dominant line ending', () => {
    expect(detectEol('a\r\nb\r\nc\n')).toBe('\r\n');
    expect(detectEol('a\nb\n')).toBe('\n');
    expect(detectEol('')).toBe('\n');
    expect(detectEol('a\r\nb\nc\n')).toBe('\n');
    expect(detectEol('a\r\nb\r\nc\nd\re\r')).toBe('\r\n');
    expect(detectEol('a\rb\rc\n')).toBe('\n');
  });

  it('builds the line table on first use, with CR, LF and CRLF breaks', () => {
    const source = new SourceText('a\r\nb\rc\nd');
    expect(source.lineStarts).toEqual([0, 3, 5, 7]);
    expect(source.lineCount).toBe(4);
    expect(source.position(5)).toEqual({ line: 3, column: 1, offset: 5 });
    expect(source.lineText(1)).toBe('a');
  });

  it('builds the same line table for texts with line feeds only (a faster path) as for mixed breaks', () => {
    for (const text of ['', 'a', '\n', 'a\n', '\n\nb', 'a\nbb\n\nccc', 'x\n'.repeat(1000)]) {
      const lf = new SourceText(text).lineStarts;
      // The same text with a carriage return appended takes the loop over every character.
      const mixed = new SourceText(`${text}\r`).lineStarts;
      expect(lf).toEqual(mixed.slice(0, -1));
    }
  });
});

describe('applyFixes', () => {
  const fix = (start: number, end: number, text: string) => ({ description: text, edits: [{ span: { start, end }, text }] });

  it('applies non-overlapping fixes and leaves overlapping ones for the next pass', () => {
    const { text, applied } = applyFixes('abcdef', [fix(1, 2, 'B'), fix(1, 3, 'X'), fix(4, 4, '+')]);
    expect(text).toBe('aBcd+ef');
    expect(applied.map((f) => f.description)).toEqual(['B', '+']);
  });

  it('applies a multi-edit fix whole or not at all', () => {
    const multi = { description: 'wrap', edits: [{ span: { start: 0, end: 0 }, text: '[' }, { span: { start: 3, end: 3 }, text: ']' }] };
    expect(applyFixes('abc', [multi]).text).toBe('[abc]');
    const { text, applied } = applyFixes('abc', [fix(0, 1, 'A'), multi]);
    expect(text).toBe('Abc');
    expect(applied).toHaveLength(1);
  });

  it('ignores edits outside the text', () => {
    expect(applyFixes('abc', [fix(2, 10, 'x')]).text).toBe('abc');
  });
});
