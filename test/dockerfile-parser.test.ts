import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { SourceText, type Range } from '../src/core/source.js';
import {
  expand,
  findVariables,
  parseDockerfile,
  parseImageRef,
  scopeAt,
  type CopyInstruction,
  type Dockerfile,
  type EnvInstruction,
  type FromInstruction,
  type GenericInstruction,
  type HealthcheckInstruction,
  type Instruction,
  type Node,
  type OnbuildInstruction,
  type RunInstruction,
  type ShellSource,
} from '../src/dockerfile/index.js';

const CORPUS = '/work/shared/corpus/dockerfiles';
const hasCorpus = fs.existsSync(CORPUS);

/** [startLine, startCol, endLine, endCol] */
function lc(n: { range: Range }): [number, number, number, number] {
  return [n.range.start.line, n.range.start.column, n.range.end.line, n.range.end.column];
}
function txt(df: Dockerfile, n: Node): string {
  return df.source.text.slice(n.span.start, n.span.end);
}
function errs(df: Dockerfile): string[] {
  return df.errors.map((e) => e.message);
}
function inst<K extends Instruction['kind']>(df: Dockerfile, i: number, kind: K): Extract<Instruction, { kind: K }> {
  const x = df.instructions[i];
  expect(x.kind).toBe(kind);
  return x as Extract<Instruction, { kind: K }>;
}
function readCorpus(rel: string): string {
  let t = fs.readFileSync(path.join(CORPUS, rel), 'utf8');
  if (t.charCodeAt(0) === 0xfeff) t = t.slice(1);
  return t;
}
/** Every segment's text equals the file text at its fileStart, and the segments tile the text. */
function checkShell(df: Dockerfile, sh: ShellSource): void {
  let pos = 0;
  for (const s of sh.segments) {
    expect(s.textStart).toBe(pos);
    expect(sh.text.slice(s.textStart, s.textStart + s.length)).toBe(df.source.text.slice(s.fileStart, s.fileStart + s.length));
    pos += s.length;
  }
  expect(pos).toBe(sh.text.length);
}

describe('instructions and keywords', () => {
  it('reads keywords in any letter case with exact ranges', () => {
    const df = parseDockerfile('from alpine:3.19 AS Build\nRun echo hi\nworkDir /app\n');
    expect(df.instructions.map((i) => i.kind)).toEqual(['FROM', 'RUN', 'WORKDIR']);
    const from = inst(df, 0, 'FROM');
    expect(lc(from.keywordNode)).toEqual([1, 1, 1, 5]);
    expect(from.image?.value).toBe('alpine:3.19');
    expect(lc(from.image!)).toEqual([1, 6, 1, 17]);
    expect(from.image!.span).toEqual({ start: 5, end: 16 });
    expect(txt(df, from.asKeyword!)).toBe('AS');
    expect(from.alias?.raw).toBe('Build');
    expect(df.stages[0].name).toBe('build');
    expect(lc(from)).toEqual([1, 1, 1, 26]);
    const run = inst(df, 1, 'RUN');
    expect(lc(run)).toEqual([2, 1, 2, 12]);
    expect(run.span).toEqual({ start: 26, end: 37 });
    expect(run.argsText).toBe('echo hi');
    expect(lc(run.argsNode!)).toEqual([2, 5, 2, 12]);
    const wd = inst(df, 2, 'WORKDIR') as GenericInstruction;
    expect(wd.keyword).toBe('WORKDIR');
    expect(wd.args.map((w) => w.value)).toEqual(['/app']);
    expect(df.errors).toEqual([]);
  });

  it('reports unknown instructions as UNKNOWN with a syntax error', () => {
    const df = parseDockerfile('FROM a\nFOO bar baz\n');
    const u = inst(df, 1, 'UNKNOWN') as GenericInstruction;
    expect(u.keyword).toBe('FOO');
    expect(u.args.map((w) => w.value)).toEqual(['bar', 'baz']);
    expect(df.errors).toHaveLength(1);
    expect(df.errors[0].message).toBe('unknown instruction: FOO');
    expect(lc(df.errors[0])).toEqual([2, 1, 2, 4]);
  });

  it('splits args into quote-aware words with raw, value and ranges', () => {
    const df = parseDockerfile('FROM a\nRUN echo "a b" \'c d\' e\\ f\n');
    const run = inst(df, 1, 'RUN');
    expect(run.args.map((w) => [w.raw, w.value])).toEqual([
      ['echo', 'echo'],
      ['"a b"', 'a b'],
      ["'c d'", 'c d'],
      ['e\\ f', 'e f'],
    ]);
    expect(lc(run.args[1])).toEqual([2, 10, 2, 15]);
    expect(lc(run.args[3])).toEqual([2, 22, 2, 26]);
  });

  it('errors like the builder for missing arguments', () => {
    const df = parseDockerfile('FROM\nFROM a b\nUSER\nEXPOSE\nWORKDIR\nCOPY x\nENV\nARG\nONBUILD\nHEALTHCHECK\n');
    expect(errs(df)).toEqual([
      'FROM requires either one or three arguments',
      'FROM requires either one or three arguments',
      'USER requires exactly one argument',
      'EXPOSE requires at least one argument',
      'WORKDIR requires exactly one argument',
      'COPY requires at least two arguments, but only one was provided. Destination could not be determined',
      'ENV requires at least one argument',
      'ARG requires at least one argument',
      'ONBUILD requires at least one argument',
      'HEALTHCHECK requires at least one argument',
    ]);
    expect(lc(df.errors[0])).toEqual([1, 1, 1, 5]);
    expect(lc(df.errors[1])).toEqual([2, 6, 2, 9]);
  });

  it('errors for an instruction before the first FROM other than ARG', () => {
    const df = parseDockerfile('ARG V=1\nRUN echo\nFROM a\n');
    expect(errs(df)).toEqual(['no build stage in current context']);
    expect(lc(df.errors[0])).toEqual([2, 1, 2, 4]);
    expect(df.instructions[1].stageIndex).toBe(-1);
    expect(df.globalArgs).toHaveLength(1);
    // An unknown instruction before FROM gets only its own error, as the builder stops there.
    expect(errs(parseDockerfile('FOO\nFROM a\n'))).toEqual(['unknown instruction: FOO']);
  });

  it('handles an empty file, a file of comments, and a file without FROM', () => {
    const empty = parseDockerfile('');
    expect(empty.instructions).toEqual([]);
    expect(errs(empty)).toEqual(['file with no instructions']);
    expect(lc(empty.errors[0])).toEqual([1, 1, 1, 1]);
    const comments = parseDockerfile('# one\n\n  # two\n');
    expect(comments.comments.map((c) => [c.text, c.inContinuation])).toEqual([
      [' one', false],
      [' two', false],
    ]);
    expect(lc(comments.comments[1])).toEqual([3, 3, 3, 8]);
    expect(errs(comments)).toEqual(['file with no instructions']);
    expect(errs(parseDockerfile('ARG A=1\n'))).toEqual(['dockerfile contains no stages to build']);
  });

  it('tolerates a leftover BOM', () => {
    const df = parseDockerfile('\ufeff# escape=`\nFROM a\n');
    expect(df.directives.map((d) => d.name)).toEqual(['escape']);
    expect(df.errors).toEqual([]);
    expect(lc(df.directives[0])).toEqual([1, 2, 1, 12]);
  });

  it('never throws, whatever the input', () => {
    const pieces = ['FROM', 'RUN', 'COPY', 'ONBUILD', ' ', '\\', '`', '\n', '\r\n', '\r', '"', "'", '[', ']', ',', '<<', '<<-', 'EOF', '$', '{', '}', ':-', '#', '=', '--', 'x', '\t', '\u00a0', '\ud800'];
    let seed = 42;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    for (let n = 0; n < 2000; n++) {
      let s = n % 3 === 0 ? '# escape=`\n' : '';
      const len = Math.floor(rnd() * 40);
      for (let k = 0; k < len; k++) s += pieces[Math.floor(rnd() * pieces.length)];
      const df = parseDockerfile(s);
      expect(df.source.text).toBe(s);
      checkInvariants(df);
    }
    expect(() => parseDockerfile(undefined as unknown as string)).not.toThrow();
    const deep = parseDockerfile('FROM a\n' + 'ONBUILD '.repeat(5000) + 'RUN x\n');
    expect(deep.instructions).toHaveLength(2);
  });
});

describe('flags', () => {
  it('reads flags before the arguments with name and value ranges', () => {
    const text = 'FROM a\nRUN --mount=type=cache,target=/root/.cache --network=none --link --Foo="a b" echo --not-a-flag\n';
    const df = parseDockerfile(text);
    const run = inst(df, 1, 'RUN');
    expect(run.flags.map((f) => [f.name, f.value])).toEqual([
      ['mount', 'type=cache,target=/root/.cache'],
      ['network', 'none'],
      ['link', null],
      ['foo', 'a b'],
    ]);
    const m = run.flags[0];
    expect(lc(m)).toEqual([2, 5, 2, 43]);
    expect(txt(df, m.nameNode)).toBe('--mount');
    expect(txt(df, m.valueNode!)).toBe('type=cache,target=/root/.cache');
    expect(lc(m.valueNode!)).toEqual([2, 13, 2, 43]);
    expect(run.flags[2].valueNode).toBeNull();
    expect(txt(df, run.flags[3].valueNode!)).toBe('"a b"');
    expect(run.argsText).toBe('echo --not-a-flag');
    expect(run.shell!.text).toBe('echo --not-a-flag');
    expect(df.errors).toEqual([]);
  });

  it('stops at `--` and at the first word that is not a flag', () => {
    const df = parseDockerfile('FROM a\nRUN --x -- --y z\nCOPY --chown=1:1 --chmod=755 --parents --exclude=*.md a b/\n');
    const run = inst(df, 1, 'RUN');
    expect(run.flags.map((f) => f.name)).toEqual(['x']);
    expect(run.argsText).toBe('--y z');
    const copy = inst(df, 2, 'COPY') as CopyInstruction;
    expect(copy.flags.map((f) => [f.name, f.value])).toEqual([
      ['chown', '1:1'],
      ['chmod', '755'],
      ['parents', null],
      ['exclude', '*.md'],
    ]);
    expect(copy.sources.map((w) => w.value)).toEqual(['a']);
    expect(copy.destination?.value).toBe('b/');
  });

  it('reads flags across a continuation', () => {
    const df = parseDockerfile('FROM a\nRUN --mount=type=secret,id=x \\\n    --mount=type=ssh echo\n');
    const run = inst(df, 1, 'RUN');
    expect(run.flags.map((f) => f.value)).toEqual(['type=secret,id=x', 'type=ssh']);
    expect(lc(run.flags[1])).toEqual([3, 5, 3, 21]);
    expect(run.argsText).toBe('echo');
  });

  it('validates HEALTHCHECK durations and retries like the builder', () => {
    const df = parseDockerfile(
      'FROM a\nHEALTHCHECK --interval=30s --timeout=1m30s --start-period=5s --start-interval=500ms --retries=3 CMD curl -f http://x/ || exit 1\n' +
        'HEALTHCHECK --interval=0 CMD true\nHEALTHCHECK --timeout=5 CMD true\nHEALTHCHECK --retries=0 CMD true\n',
    );
    const hc = inst(df, 1, 'HEALTHCHECK') as HealthcheckInstruction;
    expect(hc.mode).toBe('CMD');
    expect(hc.flags.map((f) => f.name)).toEqual(['interval', 'timeout', 'start-period', 'start-interval', 'retries']);
    expect(hc.shell?.text).toBe('curl -f http://x/ || exit 1');
    expect(errs(df)).toEqual([
      'Interval "interval" cannot be less than 1ms',
      'time: missing unit in duration "5"',
      '--retries must be at least 1 (not 0)',
    ]);
  });
});

describe('exec form', () => {
  it('decodes JSON arrays with element ranges, keeping spaces', () => {
    const text = 'FROM a\nCMD ["ng", "serve", "--host", "0.0.0.0 x", "a\\"b\\u0041\\n"]\n';
    const df = parseDockerfile(text);
    const cmd = inst(df, 1, 'CMD');
    expect(cmd.shell).toBeNull();
    expect(cmd.malformedExec).toBeNull();
    expect(cmd.exec!.elements.map((e) => e.value)).toEqual(['ng', 'serve', '--host', '0.0.0.0 x', 'a"bA\n']);
    expect(lc(cmd.exec!)).toEqual([2, 5, 2, 59]);
    expect(txt(df, cmd.exec!.elements[3])).toBe('"0.0.0.0 x"');
    expect(lc(cmd.exec!.elements[0])).toEqual([2, 6, 2, 10]);
    expect(cmd.args.map((w) => w.value)).toEqual(['ng', 'serve', '--host', '0.0.0.0 x', 'a"bA\n']);
  });

  it('reads a JSON array across a continuation', () => {
    const df = parseDockerfile('FROM a\nENTRYPOINT ["a", \\\n  "b c"]\n');
    const ep = inst(df, 1, 'ENTRYPOINT');
    expect(ep.exec!.elements.map((e) => e.value)).toEqual(['a', 'b c']);
    expect(lc(ep.exec!.elements[1])).toEqual([3, 3, 3, 8]);
    expect(lc(ep.exec!)).toEqual([2, 12, 3, 9]);
  });

  it('treats a malformed array as shell form and marks it', () => {
    const df = parseDockerfile(
      'FROM a\nCMD [\'/bin/glide\']\nCMD ["a", "b",]\nRUN ["c:\\path\\x.exe"]\nRUN [ -f /x ] && echo\nCMD [ "$A" = x ]\n',
    );
    const c1 = inst(df, 1, 'CMD');
    expect(c1.exec).toBeNull();
    expect(c1.shell?.text).toBe("['/bin/glide']");
    expect(lc(c1.malformedExec!)).toEqual([2, 5, 2, 19]);
    expect(inst(df, 2, 'CMD').malformedExec).not.toBeNull();
    expect(inst(df, 3, 'RUN').malformedExec).not.toBeNull();
    expect(inst(df, 4, 'RUN').malformedExec).toBeNull();
    expect(inst(df, 5, 'CMD').malformedExec).toBeNull();
    expect(df.errors).toEqual([]);
  });

  it('rejects a JSON array that is not all strings, as the builder does', () => {
    const df = parseDockerfile('FROM a\nCMD ["a", 1]\n');
    expect(errs(df)).toEqual(['when using JSON array syntax, arrays must be comprised of strings only']);
    expect(lc(df.errors[0])).toEqual([2, 5, 2, 13]);
    const cmd = inst(df, 1, 'CMD');
    expect(cmd.exec).toBeNull();
    expect(cmd.shell).toBeNull();
  });

  it('requires exec form for SHELL', () => {
    const df = parseDockerfile('FROM a\nSHELL ["powershell", "-Command"]\nSHELL powershell\nSHELL []\n');
    const sh = inst(df, 1, 'SHELL');
    expect(sh.exec!.elements.map((e) => e.value)).toEqual(['powershell', '-Command']);
    expect(sh.shell).toBeNull();
    expect(errs(df)).toEqual(['SHELL requires the arguments to be in JSON form', 'SHELL requires at least one argument']);
  });
});

describe('line continuations', () => {
  it('joins lines, skipping comment and blank lines, with exact shell segments', () => {
    const text = 'FROM a\nRUN apt-get update \\\n  # a comment \\\n\n    && apt-get install -y x \\  \n    && echo done\nRUN echo \\\\\nRUN next\n';
    const df = parseDockerfile(text);
    const run = inst(df, 1, 'RUN');
    expect(run.argsText).toBe('apt-get update     && apt-get install -y x     && echo done');
    expect(run.shell!.text).toBe(run.argsText);
    expect(run.shell!.segments).toEqual([
      { textStart: 0, fileStart: 11, length: 15 },
      { textStart: 15, fileStart: 45, length: 28 },
      { textStart: 43, fileStart: 77, length: 16 },
    ]);
    checkShell(df, run.shell!);
    expect(df.comments).toHaveLength(1);
    expect(df.comments[0].inContinuation).toBe(true);
    expect(df.comments[0].text).toBe(' a comment \\');
    expect(lc(df.comments[0])).toEqual([3, 3, 3, 16]);
    expect(run.emptyContinuationLines.map(lc)).toEqual([[4, 1, 4, 1]]);
    expect(lc(run)).toEqual([2, 1, 6, 17]);
    // `\\` at the end of a line is an escaped escape, not a continuation.
    expect(inst(df, 2, 'RUN').argsText).toBe('echo \\\\');
    expect(inst(df, 3, 'RUN').argsText).toBe('next');
  });

  it('keeps words that span a continuation', () => {
    const df = parseDockerfile('FROM a\nENV A="x\\\ny"\n');
    const env = inst(df, 1, 'ENV');
    expect(env.pairs[0].value?.value).toBe('xy');
    expect(lc(env.pairs[0].value!)).toEqual([2, 7, 3, 3]);
  });

  it('handles CRLF and lone CR line endings', () => {
    const df = parseDockerfile('FROM a\r\nRUN x \\\r\n  y\r\nCMD z\rRUN w\r');
    expect(df.instructions.map((i) => i.argsText)).toEqual(['a', 'x   y', 'z', 'w']);
    const run = inst(df, 1, 'RUN');
    expect(lc(run)).toEqual([2, 1, 3, 4]);
    checkShell(df, run.shell!);
    expect(lc(df.instructions[3])).toEqual([5, 1, 5, 6]);
  });

  it('uses the backtick from `# escape=`', () => {
    const text = '# escape=`\nFROM a\nRUN dir c:\\ `\n  && echo `\n  done\nCOPY a\\b c:\\dst\\\n';
    const df = parseDockerfile(text);
    expect(df.escapeChar).toBe('`');
    const run = inst(df, 1, 'RUN');
    expect(run.argsText).toBe('dir c:\\   && echo   done');
    expect(lc(run)).toEqual([3, 1, 5, 7]);
    checkShell(df, run.shell!);
    const copy = inst(df, 2, 'COPY') as CopyInstruction;
    expect(copy.sources[0].value).toBe('a\\b');
    expect(copy.destination?.value).toBe('c:\\dst\\');
  });
});

describe('heredocs', () => {
  it('reads RUN <<EOF with body, marker and terminator ranges, and the shell text', () => {
    const text = 'FROM a\nRUN <<EOF\napt-get update\necho "$HOME"\nEOF\nRUN next\n';
    const df = parseDockerfile(text);
    const run = inst(df, 1, 'RUN');
    expect(run.heredocs).toHaveLength(1);
    const h = run.heredocs[0];
    expect(h.delimiter).toBe('EOF');
    expect(h.quoted).toBe(false);
    expect(h.stripTabs).toBe(false);
    expect(lc(h.marker)).toEqual([2, 5, 2, 10]);
    expect(h.bodyText).toBe('apt-get update\necho "$HOME"\n');
    expect(lc(h.body)).toEqual([3, 1, 5, 1]);
    expect(lc(h.terminator!)).toEqual([5, 1, 5, 4]);
    expect(lc(run)).toEqual([2, 1, 5, 4]);
    expect(run.shell!.text).toBe('<<EOF\napt-get update\necho "$HOME"\nEOF');
    checkShell(df, run.shell!);
    expect(inst(df, 2, 'RUN').argsText).toBe('next');
  });

  it('reads several heredocs on one line, quoted and <<- forms, with flags', () => {
    const text = 'FROM a\nRUN --mount=type=cache,target=/x <<-"ONE" cat >/a; 2<<\'TWO\' sh\n\tbody $X\n\tONE\nline\nTWO\nCMD x\n';
    const df = parseDockerfile(text);
    const run = inst(df, 1, 'RUN');
    expect(run.flags.map((f) => f.name)).toEqual(['mount']);
    expect(run.heredocs.map((h) => [h.delimiter, h.quoted, h.stripTabs])).toEqual([
      ['ONE', true, true],
      ['TWO', true, false],
    ]);
    expect(run.heredocs[0].bodyText).toBe('\tbody $X\n');
    expect(txt(df, run.heredocs[0].terminator!)).toBe('\tONE');
    expect(run.heredocs[1].bodyText).toBe('line\n');
    expect(txt(df, run.heredocs[1].marker)).toBe("2<<'TWO'");
    expect(run.shell!.text).toBe('<<-"ONE" cat >/a; 2<<\'TWO\' sh\n\tbody $X\n\tONE\nline\nTWO');
    checkShell(df, run.shell!);
    expect(inst(df, 2, 'CMD').argsText).toBe('x');
  });

  it('does not take `<< EOF`, `cat<<EOF` or quoted `<<EOF` as heredocs', () => {
    const df = parseDockerfile('FROM a\nRUN cat << EOF\nRUN cat<<EOF\nRUN echo "<<EOF"\nCMD <<EOF\n');
    expect(df.instructions.map((i) => i.heredocs.length)).toEqual([0, 0, 0, 0, 0]);
    expect(df.instructions).toHaveLength(5);
  });

  it('reads COPY <<EOF sources', () => {
    const df = parseDockerfile('FROM a\nCOPY <<EOF <<EOT /dst/\nx\nEOF\ny\nEOT\n');
    const copy = inst(df, 1, 'COPY') as CopyInstruction;
    expect(copy.sources.map((w) => w.raw)).toEqual(['<<EOF', '<<EOT']);
    expect(copy.destination?.value).toBe('/dst/');
    expect(copy.heredocs.map((h) => h.bodyText)).toEqual(['x\n', 'y\n']);
    expect(df.errors).toEqual([]);
  });

  it('reports an unterminated heredoc and takes the rest of the file as its body', () => {
    const df = parseDockerfile('FROM a\nRUN <<EOF\necho hi\nRUN x\n');
    expect(df.instructions).toHaveLength(2);
    const run = inst(df, 1, 'RUN');
    expect(run.heredocs[0].terminator).toBeNull();
    expect(run.heredocs[0].bodyText).toBe('echo hi\nRUN x\n');
    expect(errs(df)).toEqual(['unterminated heredoc']);
    expect(lc(df.errors[0])).toEqual([2, 5, 2, 10]);
  });

  it('reads heredocs in an ONBUILD trigger', () => {
    const df = parseDockerfile('FROM a\nONBUILD RUN <<EOF\necho\nEOF\n');
    const ob = inst(df, 1, 'ONBUILD') as OnbuildInstruction;
    const tr = ob.trigger as RunInstruction;
    expect(tr.heredocs[0].bodyText).toBe('echo\n');
    expect(ob.heredocs).toBe(tr.heredocs);
    expect(tr.shell!.text).toBe('<<EOF\necho\nEOF');
    checkShell(df, tr.shell!);
  });
});

describe('parser directives', () => {
  it('reads syntax, escape and check at the top with ranges', () => {
    const df = parseDockerfile('# syntax = docker/dockerfile:1.7\n#ESCAPE=`\n #  check=skip=all;error=true  \nFROM a\n');
    expect(df.directives.map((d) => [d.name, d.value])).toEqual([
      ['syntax', 'docker/dockerfile:1.7'],
      ['escape', '`'],
      ['check', 'skip=all;error=true'],
    ]);
    expect(lc(df.directives[0].nameNode)).toEqual([1, 3, 1, 9]);
    expect(lc(df.directives[0].valueNode)).toEqual([1, 12, 1, 33]);
    expect(df.escapeChar).toBe('`');
    expect(df.comments).toEqual([]);
    expect(df.errors).toEqual([]);
  });

  it('stops reading directives at a blank line, a comment or an instruction', () => {
    expect(parseDockerfile('\n# escape=`\nFROM a\n').directives).toEqual([]);
    const afterComment = parseDockerfile('# hello\n# escape=`\nFROM a\n');
    expect(afterComment.directives).toEqual([]);
    expect(afterComment.escapeChar).toBe('\\');
    expect(afterComment.comments).toHaveLength(2);
    expect(parseDockerfile('FROM a\n# syntax=x\n').directives).toEqual([]);
    // An unknown directive name is a comment and ends the directives, as in the builder.
    expect(parseDockerfile('# foo=bar\n# escape=`\nFROM a\n').escapeChar).toBe('\\');
  });

  it('reports a repeated directive and an invalid escape', () => {
    const df = parseDockerfile('# escape=`\n# escape=\\\n# escape=x\nFROM a\n');
    expect(errs(df)).toEqual(['only one escape parser directive can be used', 'only one escape parser directive can be used']);
    expect(df.escapeChar).toBe('`');
    const bad = parseDockerfile('# escape=x\nFROM a\n');
    expect(errs(bad)).toEqual(["invalid escape token 'x' does not match ` or \\"]);
    expect(lc(bad.errors[0])).toEqual([1, 10, 1, 11]);
  });
});

describe('FROM and stages', () => {
  it('resolves images with global ARGs and names stages', () => {
    const text =
      'ARG BASE=docker.io/library/node\nARG TAG=20\nFROM --platform=$BUILDPLATFORM ${BASE}:${TAG} as Builder\nFROM builder AS final\nFROM scratch\nFROM localhost:5000/team/app@sha256:abc\nFROM BUILDER\n';
    const df = parseDockerfile(text);
    expect(df.globalArgs).toHaveLength(2);
    expect(df.stages).toHaveLength(5);
    const s0 = df.stages[0];
    expect(s0.name).toBe('builder');
    expect(s0.from.flags[0].name).toBe('platform');
    expect(s0.from.flags[0].value).toBe('$BUILDPLATFORM');
    expect(s0.image).toMatchObject({
      raw: '${BASE}:${TAG}',
      expanded: 'docker.io/library/node:20',
      unresolved: [],
      registry: 'docker.io',
      repository: 'library/node',
      tag: '20',
      digest: null,
      stageRef: null,
    });
    expect(s0.from.image!.variables.map((v) => [v.name, txt(df, v)])).toEqual([
      ['BASE', '${BASE}'],
      ['TAG', '${TAG}'],
    ]);
    expect(df.stages[1].image.stageRef).toBe(0);
    expect(df.stages[2].image.isScratch).toBe(true);
    expect(df.stages[3].image).toMatchObject({
      registry: 'localhost:5000',
      repository: 'team/app',
      tag: null,
      digest: 'sha256:abc',
    });
    expect(df.stages[4].image.stageRef).toBe(0);
    expect(df.instructions.map((i) => i.stageIndex)).toEqual([-1, -1, 0, 1, 2, 3, 4]);
  });

  it('leaves unresolved variables empty and lists them', () => {
    const df = parseDockerfile('ARG VERSION\nFROM alpine:${VERSION:-3.19}\nFROM $REGISTRY/app\n');
    expect(df.stages[0].image).toMatchObject({ expanded: 'alpine:3.19', unresolved: ['VERSION'], tag: '3.19' });
    expect(df.stages[1].image).toMatchObject({ expanded: '/app', unresolved: ['REGISTRY'] });
  });

  it('only refers to earlier stages', () => {
    const df = parseDockerfile('FROM later\nFROM alpine AS later\n');
    expect(df.stages[0].image.stageRef).toBeNull();
  });

  it('validates stage names', () => {
    const df = parseDockerfile('FROM a AS 1x\nFROM a AS b c\n');
    expect(errs(df)).toEqual([
      'invalid name for build stage: "1x", name can\'t start with a number or contain symbols',
      'FROM requires either one or three arguments',
    ]);
  });
});

describe('parseImageRef', () => {
  const none = new Map<string, number>();
  it('splits registry, repository, tag and digest', () => {
    expect(parseImageRef('ubuntu', 'ubuntu', [], none)).toMatchObject({ registry: null, repository: 'ubuntu', tag: null });
    expect(parseImageRef('x', 'user/repo:1.0', [], none)).toMatchObject({ registry: null, repository: 'user/repo', tag: '1.0' });
    expect(parseImageRef('x', 'gcr.io/p/img:v1@sha256:00', [], none)).toMatchObject({
      registry: 'gcr.io',
      repository: 'p/img',
      tag: 'v1',
      digest: 'sha256:00',
    });
    expect(parseImageRef('x', 'localhost/img', [], none)).toMatchObject({ registry: 'localhost', repository: 'img' });
    expect(parseImageRef('x', 'Registry/img', [], none)).toMatchObject({ registry: 'Registry', repository: 'img' });
    expect(parseImageRef('x', 'host:5000/img', [], none)).toMatchObject({ registry: 'host:5000', repository: 'img', tag: null });
    expect(parseImageRef('x', 'scratch', [], none).isScratch).toBe(true);
    expect(parseImageRef('x', 'Build', [], new Map([['build', 2]])).stageRef).toBe(2);
  });
});

describe('ENV, ARG and LABEL', () => {
  it('reads key=value pairs with quotes and ranges', () => {
    const df = parseDockerfile('FROM a\nENV A=1 B="two words" C=\'x y\' D=\nARG N1 N2=v\nLABEL "com.example.k"="v 1" other=x\n');
    const env = inst(df, 1, 'ENV') as EnvInstruction;
    expect(env.pairs.map((p) => [p.key.value, p.value?.value, p.legacy])).toEqual([
      ['A', '1', false],
      ['B', 'two words', false],
      ['C', 'x y', false],
      ['D', '', false],
    ]);
    expect(lc(env.pairs[1])).toEqual([2, 9, 2, 22]);
    expect(lc(env.pairs[1].key)).toEqual([2, 9, 2, 10]);
    expect(lc(env.pairs[1].value!)).toEqual([2, 11, 2, 22]);
    expect(lc(env.pairs[3].value!)).toEqual([2, 33, 2, 33]);
    const arg = inst(df, 2, 'ARG');
    expect(arg.pairs.map((p) => [p.key.value, p.value?.value ?? null])).toEqual([
      ['N1', null],
      ['N2', 'v'],
    ]);
    const label = inst(df, 3, 'LABEL');
    expect(label.pairs.map((p) => [p.key.value, p.value?.value])).toEqual([
      ['com.example.k', 'v 1'],
      ['other', 'x'],
    ]);
    expect(df.errors).toEqual([]);
  });

  it('reads the legacy `ENV key value with spaces` form', () => {
    const df = parseDockerfile('FROM a\nENV PATH /usr/local/bin:$PATH  and more\nLABEL maintainer "Jess <j@x>"\n');
    const env = inst(df, 1, 'ENV');
    expect(env.pairs).toHaveLength(1);
    expect(env.pairs[0].legacy).toBe(true);
    expect(env.pairs[0].key.value).toBe('PATH');
    expect(env.pairs[0].value?.value).toBe('/usr/local/bin:$PATH  and more');
    expect(env.pairs[0].value?.variables.map((v) => v.name)).toEqual(['PATH']);
    expect(lc(env.pairs[0].value!)).toEqual([2, 10, 2, 40]);
    expect(inst(df, 2, 'LABEL').pairs[0].value?.value).toBe('Jess <j@x>');
  });

  it('errors like the builder on malformed pairs', () => {
    const df = parseDockerfile('FROM a\nENV A\nENV A=1 B\nLABEL =x\nARG =y\n');
    expect(errs(df)).toEqual([
      'ENV must have two arguments',
      'Syntax error - can\'t find = in "B". Must be of the form: name=value',
      'LABEL names can not be blank',
      'ARG names can not be blank',
    ]);
  });
});

describe('COPY and ADD', () => {
  it('reads sources and destination in both forms', () => {
    const df = parseDockerfile('FROM a\nCOPY --from=build /a /b ./\nADD ["a b.txt", "c", "/dst dir/"]\nADD --checksum=sha256:x --keep-git-dir=true https://x/y.git /src\n');
    const c = inst(df, 1, 'COPY') as CopyInstruction;
    expect(c.sources.map((w) => w.value)).toEqual(['/a', '/b']);
    expect(c.destination?.value).toBe('./');
    expect(lc(c.destination!)).toEqual([2, 25, 2, 27]);
    const a = inst(df, 2, 'ADD') as CopyInstruction;
    expect(a.exec).not.toBeNull();
    expect(a.sources.map((w) => w.value)).toEqual(['a b.txt', 'c']);
    expect(a.destination?.value).toBe('/dst dir/');
    expect(txt(df, a.destination!)).toBe('"/dst dir/"');
    const a2 = inst(df, 3, 'ADD') as CopyInstruction;
    expect(a2.flags.map((f) => f.name)).toEqual(['checksum', 'keep-git-dir']);
    expect(a2.destination?.value).toBe('/src');
    expect(df.errors).toEqual([]);
  });
});

describe('HEALTHCHECK, CMD, ENTRYPOINT', () => {
  it('reads NONE and CMD forms', () => {
    const df = parseDockerfile('FROM a\nHEALTHCHECK NONE\nhealthcheck cmd ["curl", "-f", "x"]\nHEALTHCHECK CMD\nHEALTHCHECK FOO x\nHEALTHCHECK NONE x\n');
    expect((inst(df, 1, 'HEALTHCHECK') as HealthcheckInstruction).mode).toBe('NONE');
    const h2 = inst(df, 2, 'HEALTHCHECK') as HealthcheckInstruction;
    expect(h2.mode).toBe('CMD');
    expect(h2.exec!.elements.map((e) => e.value)).toEqual(['curl', '-f', 'x']);
    expect(h2.shell).toBeNull();
    expect(errs(df)).toEqual([
      'Missing command after HEALTHCHECK CMD',
      'Unknown type "FOO" in HEALTHCHECK (try CMD)',
      'HEALTHCHECK NONE takes no arguments',
    ]);
  });

  it('gives shell-form commands a ShellSource', () => {
    const df = parseDockerfile('FROM a\nCMD npm start\nENTRYPOINT exec node "$APP"\n');
    expect(inst(df, 1, 'CMD').shell!.text).toBe('npm start');
    const ep = inst(df, 2, 'ENTRYPOINT');
    expect(ep.shell!.segments).toEqual([{ textStart: 0, fileStart: 32, length: 16 }]);
    expect(ep.args[2].variables.map((v) => [v.name, lc(v)])).toEqual([['APP', [3, 23, 3, 27]]]);
  });
});

describe('ONBUILD', () => {
  it('wraps a trigger parsed recursively', () => {
    const df = parseDockerfile('FROM a\nONBUILD RUN --mount=type=cache,target=/x pip install -r req.txt\nONBUILD ONBUILD RUN x\nONBUILD FROM b\nONBUILD FOO\n');
    const ob = inst(df, 1, 'ONBUILD') as OnbuildInstruction;
    const tr = ob.trigger as RunInstruction;
    expect(tr.kind).toBe('RUN');
    expect(tr.onbuild).toBe(true);
    expect(ob.onbuild).toBe(false);
    expect(tr.stageIndex).toBe(0);
    expect(lc(tr.keywordNode)).toEqual([2, 9, 2, 12]);
    expect(tr.flags[0].name).toBe('mount');
    expect(tr.shell!.text).toBe('pip install -r req.txt');
    expect(lc(tr)).toEqual([2, 9, 2, 64]);
    // The builder only checks a trigger when a child image builds: no error for ONBUILD FOO.
    expect(errs(df)).toEqual(["Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed", "FROM isn't allowed as an ONBUILD trigger"]);
    expect(df.stages[0].instructions).toHaveLength(4);
  });
});

describe('variables', () => {
  it('finds every reference form with operator and operand', () => {
    const text = '$A ${B} ${C:-d} ${D:+e} ${E-f} ${F+g} ${G:?msg} ${H#p} ${I##p} ${J%s} ${K%%s} ${L/a/b} ${M//a/b} \\$N \'$O\' "$P" $1 $@';
    const vars = findVariables(text);
    expect(vars.map((v) => [v.name, v.operator, v.operand, v.braced])).toEqual([
      ['A', null, null, false],
      ['B', null, null, true],
      ['C', ':-', 'd', true],
      ['D', ':+', 'e', true],
      ['E', '-', 'f', true],
      ['F', '+', 'g', true],
      ['G', ':?', 'msg', true],
      ['H', '#', 'p', true],
      ['I', '##', 'p', true],
      ['J', '%', 's', true],
      ['K', '%%', 's', true],
      ['L', '/', 'a/b', true],
      ['M', '//', 'a/b', true],
      ['P', null, null, false],
      ['1', null, null, false],
      ['@', null, null, false],
    ]);
    expect(text.slice(vars[2].start, vars[2].end)).toBe('${C:-d}');
  });

  it('reports nested references and ignores malformed ones', () => {
    expect(findVariables('${A:-$B}').map((v) => v.name)).toEqual(['A', 'B']);
    expect(findVariables('${} ${A ${:x} $ $(cmd)')).toEqual([]);
    expect(findVariables('`$A', '`')).toEqual([]);
  });

  it('gives word variables file ranges', () => {
    const df = parseDockerfile('FROM a\nENV X="${HOME}/bin:$PATH"\n');
    const v = inst(df, 1, 'ENV').pairs[0].value!;
    expect(v.value).toBe('${HOME}/bin:$PATH');
    expect(v.variables.map((x) => [x.name, lc(x)])).toEqual([
      ['HOME', [2, 8, 2, 15]],
      ['PATH', [2, 20, 2, 25]],
    ]);
  });

  it('expands with BuildKit semantics', () => {
    const scope = new Map<string, string | null>([
      ['A', 'v'],
      ['E', ''],
      ['N', null],
      ['P', 'linux/amd64'],
      ['F', 'file.tar.gz'],
    ]);
    const ex = (s: string) => expand(s, scope);
    expect(ex('$A-${A}')).toEqual({ value: 'v-v', unresolved: [] });
    expect(ex('${E:-d}|${E-d}|${E:+p}|${E+p}')).toEqual({ value: 'd||p|p'.replace('p|p', '|p'), unresolved: [] });
    expect(ex('${U:-d}|${U-d}|${U:+p}|${U+p}').value).toBe('d|d||');
    expect(ex('${U:-d}').unresolved).toEqual(['U']);
    expect(ex('${N:-x}/$N')).toEqual({ value: 'x/', unresolved: ['N'] });
    expect(ex('${P#*/}|${P%/*}|${F%.*}|${F%%.*}|${F#*.}|${F##*.}').value).toBe('amd64|linux|file.tar|file|tar.gz|gz');
    expect(ex('${F/./-}|${F//./-}').value).toBe('file-tar.gz|file-tar-gz');
    expect(ex('"a b" \'$A\' \\$A').value).toBe("a b $A $A");
    expect(expand('`$A', scope, '`').value).toBe('$A');
  });

  it('computes the scope at an instruction with the builder rules', () => {
    const text = [
      'ARG GLOBAL=g',
      'ARG OTHER=o',
      'FROM alpine AS base',
      'ARG GLOBAL',
      'ARG LOCAL=l-${GLOBAL}',
      'ENV LOCAL=env',
      'ARG LOCAL=ignored',
      'ARG TARGETARCH',
      'ENV P=${TARGETARCH}',
      'RUN echo',
      'FROM base AS child',
      'RUN echo',
      'FROM alpine',
      'RUN echo',
      '',
    ].join('\n');
    const df = parseDockerfile(text);
    const at = (i: number) => Object.fromEntries([...scopeAt(df, df.instructions[i])].filter(([k]) => !k.startsWith('BUILD') && !k.startsWith('TARGET') || k === 'TARGETARCH'));
    expect(scopeAt(df, df.instructions[2]).get('GLOBAL')).toBe('g');
    expect(scopeAt(df, df.instructions[2]).has('TARGETPLATFORM')).toBe(true);
    expect(scopeAt(df, df.instructions[2]).get('TARGETPLATFORM')).toBeNull();
    expect(at(3)).toEqual({});
    expect(at(4)).toEqual({ GLOBAL: 'g' });
    expect(at(9)).toEqual({ GLOBAL: 'g', LOCAL: 'env', TARGETARCH: null, P: null });
    expect(at(11)).toEqual({ GLOBAL: 'g', LOCAL: 'env', TARGETARCH: null, P: null });
    expect(at(13)).toEqual({});
    expect(scopeAt(df, df.instructions[1])).toEqual(new Map([...scopeAt(df, df.instructions[0]), ['GLOBAL', 'g']]));
    const again = parseDockerfile('FROM a\nARG A=1\nARG A\nARG B\nRUN x\n');
    expect(scopeAt(again, again.instructions[4])).toEqual(new Map([['A', '1'], ['B', null]]));
  });
});

/**
 * Problems with a parse result: ranges outside the document or inconsistent with
 * SourceText, instructions out of order or overlapping, shell segments that do
 * not copy the file. Collected as strings (one expect per node is too slow for
 * the corpus).
 */
function invariantProblems(df: Dockerfile): string[] {
  const src = df.source;
  const len = src.text.length;
  const out: string[] = [];
  const samePos = (a: { line: number; column: number; offset: number }, off: number) => {
    const p = src.position(off);
    return a.line === p.line && a.column === p.column && a.offset === p.offset;
  };
  const check = (n: Node, where: string) => {
    const { start, end } = n.span;
    if (!(start >= 0 && start <= end && end <= len)) out.push(`${where}: span ${start}-${end} outside 0-${len}`);
    else if (!samePos(n.range.start, start) || !samePos(n.range.end, end)) out.push(`${where}: range does not match span ${start}-${end}`);
  };
  const walk = (v: unknown, where: string, depth: number): void => {
    if (!v || typeof v !== 'object' || depth > 60 || v instanceof SourceText) return;
    if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, `${where}[${i}]`, depth + 1));
      return;
    }
    const o = v as Record<string, unknown>;
    if (o.span && o.range) check(o as unknown as Node, where);
    for (const k of Object.keys(o)) if (k !== 'span' && k !== 'range' && k !== 'source') walk(o[k], `${where}.${k}`, depth + 1);
  };
  walk(df.directives, 'directives', 0);
  walk(df.comments, 'comments', 0);
  walk(df.instructions, 'instructions', 0);
  walk(df.errors, 'errors', 0);
  let prev = 0;
  df.instructions.forEach((inst, i) => {
    if (inst.span.start < prev) out.push(`instruction ${i} starts at ${inst.span.start} before the previous end ${prev}`);
    prev = inst.span.end;
    let cur: Instruction | null = inst;
    while (cur) {
      if ('shell' in cur && cur.shell) {
        const sh: ShellSource = cur.shell;
        let pos = 0;
        for (const seg of sh.segments) {
          if (seg.textStart !== pos) out.push(`instruction ${i}: segment gap at ${pos}`);
          if (sh.text.slice(seg.textStart, seg.textStart + seg.length) !== src.text.slice(seg.fileStart, seg.fileStart + seg.length)) {
            out.push(`instruction ${i}: segment at ${seg.textStart} differs from the file at ${seg.fileStart}`);
          }
          pos = seg.textStart + seg.length;
        }
        if (pos !== sh.text.length) out.push(`instruction ${i}: segments cover ${pos} of ${sh.text.length}`);
      }
      cur = cur.kind === 'ONBUILD' ? cur.trigger : null;
    }
  });
  return out;
}

function checkInvariants(df: Dockerfile): void {
  expect(invariantProblems(df)).toEqual([]);
}

describe.skipIf(!hasCorpus)('corpus files', () => {
  it('angular: syntax directive, RUN <<EOF, FROM --platform=$BUILDPLATFORM … as builder', () => {
    const df = parseDockerfile(readCorpus('docker__awesome-compose/angular__angular__Dockerfile'));
    expect(df.directives.map((d) => [d.name, d.value])).toEqual([['syntax', 'docker/dockerfile:1.4']]);
    expect(df.errors).toEqual([]);
    const s0 = df.stages[0];
    expect(s0.name).toBe('builder');
    expect(s0.from.flags.map((f) => [f.name, f.value])).toEqual([['platform', '$BUILDPLATFORM']]);
    expect(lc(s0.from.flags[0].valueNode!)).toEqual([3, 17, 3, 31]);
    expect(s0.image).toMatchObject({ repository: 'node', tag: '17.0.1-bullseye-slim' });
    expect(df.stages[1].image.stageRef).toBe(0);
    const heredocRuns = df.instructions.filter((i) => i.heredocs.length > 0);
    expect(heredocRuns).toHaveLength(2);
    const h = heredocRuns[0].heredocs[0];
    expect(h.bodyText).toBe('apt-get update\napt-get install -y --no-install-recommends git\n');
    expect(lc(h.terminator!)).toEqual([21, 1, 21, 4]);
    expect(lc(heredocRuns[0])).toEqual([18, 1, 21, 4]);
    expect(df.comments.map((c) => c.text)).toEqual([' install Docker tools (cli, buildx, compose)']);
    const cmd = df.instructions.filter((i) => i.kind === 'CMD')[0];
    expect(cmd.kind === 'CMD' && cmd.exec!.elements.map((e) => e.value)).toEqual(['ng', 'serve', '--host', '0.0.0.0']);
    checkInvariants(df);
  });

  it('buildkit doctoc: heredoc with --mount flags over a continuation', () => {
    const df = parseDockerfile(readCorpus('moby__buildkit/hack__dockerfiles__doctoc.Dockerfile'));
    expect(df.errors).toEqual([]);
    const runs = df.instructions.filter((i): i is RunInstruction => i.kind === 'RUN' && i.heredocs.length > 0);
    expect(runs).toHaveLength(2);
    expect(runs[0].flags[0].value).toBe('type=bind,source=README.md,target=README.md,rw');
    expect(runs[0].heredocs[0].delimiter).toBe('EOT');
    expect(runs[1].flags.map((f) => f.value)).toEqual([
      'type=bind,target=.,rw',
      'type=bind,from=doctoc,source=/out/README.md,target=./README.md',
    ]);
    expect(runs[1].shell!.text.startsWith('<<EOT\n  set -e\n')).toBe(true);
    expect(runs[1].shell!.text.endsWith('  fi\nEOT')).toBe(true);
    checkShell(df, runs[1].shell!);
    expect(df.stages[0].image.expanded).toBe('node:24-alpine');
    expect(df.stages.map((s) => s.image.stageRef)).toEqual([null, 0, null, 0]);
    const npm = df.stages[1].instructions[1];
    expect(npm.args[3].variables[0]).toMatchObject({ name: 'DOCTOC_VERSION', operator: '#', operand: 'v' });
    expect(scopeAt(df, npm).get('DOCTOC_VERSION')).toBe('v2.4.1');
  });

  it('buildkit archutil: check directive and ARGs before FROM', () => {
    const df = parseDockerfile(readCorpus('moby__buildkit/hack__dockerfiles__archutil.Dockerfile'));
    expect(df.directives.map((d) => d.name)).toEqual(['syntax', 'check']);
    expect(df.directives[1].value).toBe('error=true');
    expect(df.errors).toEqual([]);
    expect(df.globalArgs.length).toBeGreaterThanOrEqual(6);
    expect(df.stages[0].image.expanded).toBe('debian:trixie-slim');
    const scope = scopeAt(df, df.stages[0].from);
    expect(scope.get('GO_VERSION')).toBe('1.26');
    expect(scope.get('BUILD_LOONG64')).toBeNull();
  });

  it('go-windows: escape=` with Windows paths', () => {
    const df = parseDockerfile(readCorpus('GoogleCloudPlatform__cloud-builders-community/windows-builder__images__go-windows__Dockerfile'));
    expect(df.escapeChar).toBe('`');
    expect(df.errors).toEqual([]);
    const shell = df.instructions.find((i) => i.kind === 'SHELL');
    expect(shell?.kind === 'SHELL' && shell.exec!.elements.map((e) => e.value)).toEqual([
      'powershell',
      '-Command',
      "$ErrorActionPreference = 'Stop'; $ProgressPreference = 'SilentlyContinue';",
    ]);
    const runs = df.instructions.filter((i) => i.kind === 'RUN');
    expect(runs[0].argsText).toBe('Expand-Archive -Path git.zip -DestinationPath c:\\Git -Force');
    const ep = df.instructions[df.instructions.length - 1];
    expect(ep.kind).toBe('ENTRYPOINT');
    expect(ep.args[0].value).toBe('C:\\go\\bin\\go.exe');
  });

  it('php (Windows, CRLF): continuations across CRLF lines', () => {
    const text = readCorpus('StefanScherer__dockerfiles-windows/php__Dockerfile');
    expect(text.includes('\r\n')).toBe(true);
    const df = parseDockerfile(text);
    expect(df.errors).toEqual([]);
    const run = df.instructions.find((i): i is RunInstruction => i.kind === 'RUN')!;
    expect(run.argsText.includes('\r')).toBe(false);
    expect(run.argsText.startsWith("Invoke-WebRequest 'https://download.microsoft.com/")).toBe(true);
    expect(run.range.start.line).toBe(8);
    expect(run.range.end.line).toBe(10);
    checkShell(df, run.shell!);
    checkInvariants(df);
  });

  it('python 3.6 onbuild: ONBUILD triggers', () => {
    const df = parseDockerfile(readCorpus('docker-library__python/at-2017-06-01-f281133a__3.6__onbuild__Dockerfile'));
    expect(df.errors).toEqual([]);
    const obs = df.instructions.filter((i): i is OnbuildInstruction => i.kind === 'ONBUILD');
    expect(obs.map((o) => o.trigger?.kind)).toEqual(['COPY', 'RUN', 'COPY']);
    const copy = obs[0].trigger as CopyInstruction;
    expect(copy.sources.map((w) => w.value)).toEqual(['requirements.txt']);
    expect(copy.destination?.value).toBe('/usr/src/app/');
    expect(lc(copy.destination!)).toEqual([12, 31, 12, 44]);
    expect((obs[1].trigger as RunInstruction).shell!.text).toBe('pip install --no-cache-dir -r requirements.txt');
  });

  it('glide: single-quoted exec form is shell form with malformedExec', () => {
    const df = parseDockerfile(readCorpus('GoogleCloudPlatform__cloud-builders-community/glide__examples__build-glide__Dockerfile'));
    expect(df.errors).toEqual([]);
    const ep = df.instructions.find((i) => i.kind === 'ENTRYPOINT');
    expect(ep?.kind).toBe('ENTRYPOINT');
    if (ep?.kind !== 'ENTRYPOINT') return;
    expect(ep.exec).toBeNull();
    expect(ep.shell!.text).toBe("['/bin/glide']");
    expect(txt(df, ep.malformedExec!)).toBe("['/bin/glide']");
    expect(lc(ep.malformedExec!)).toEqual([5, 12, 5, 26]);
  });

  it('mpd: lowercase instruction and legacy LABEL/ENV', () => {
    const df = parseDockerfile(readCorpus('jessfraz__dockerfiles/mpd__Dockerfile'));
    expect(df.errors).toEqual([]);
    const lower = df.instructions.find((i) => df.source.text.slice(i.keywordNode.span.start, i.keywordNode.span.end) === 'run');
    expect(lower?.kind).toBe('RUN');
    expect(lower?.range.start.line).toBe(22);
    const label = df.instructions.find((i) => i.kind === 'LABEL');
    expect(label?.kind === 'LABEL' && label.pairs[0].legacy).toBe(true);
    expect(df.comments[0].text).toBe(' Music player daemon');
    const ep = df.instructions[df.instructions.length - 1];
    expect(ep.kind === 'ENTRYPOINT' && ep.exec!.elements[0].value).toBe('/usr/local/bin/mpd.sh');
  });

  it('parses every corpus Dockerfile without throwing, with consistent ranges', () => {
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else files.push(p);
      }
    };
    walk(CORPUS);
    expect(files.length).toBeGreaterThan(1000);
    const texts = files.map((f) => readCorpus(path.relative(CORPUS, f)));
    const t0 = performance.now();
    const dfs = texts.map((t) => parseDockerfile(t));
    const ms = performance.now() - t0;
    const withErrors: string[] = [];
    const problems: string[] = [];
    dfs.forEach((df, i) => {
      const rel = path.relative(CORPUS, files[i]);
      for (const p of invariantProblems(df)) problems.push(`${rel}: ${p}`);
      if (df.errors.length > 0) withErrors.push(rel);
    });
    expect(problems.slice(0, 20)).toEqual([]);
    console.log(`parsed ${files.length} corpus files in ${ms.toFixed(0)} ms; ${withErrors.length} with syntax errors:\n  ${withErrors.join('\n  ')}`);
    // The files with errors are templates (m4, jq/gawk) and a deliberately broken fixture.
    for (const f of withErrors) expect(f).toMatch(/\.template$|\.m4$|wrong-composefile/);
  });
});
