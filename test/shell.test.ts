/**
 * Shell analysis of RUN scripts: commands, words, connectors, pipelines,
 * unwrapping and flags, with exact file ranges across line continuations.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { SourceText, type Span } from '../src/core/source.js';
import type { Heredoc, Instruction, RunInstruction, ShellInstruction, ShellSource } from '../src/dockerfile/ast.js';
import {
  activeShell,
  analyzeShell,
  effectiveCommands,
  findCommands,
  findFlags,
  flagValue,
  hasFlag,
  innerScriptOf,
  loadShellParser,
  nonPosixShellReason,
  parseArgs,
  positionalArgs,
  shellParserReady,
  shellFor,
  shellScriptsOf,
  subcommand,
  type ShellCommand,
  type ShellScript,
} from '../src/dockerfile/shell.js';

// ---------------------------------------------------------------------------
// Helpers

/**
 * The ShellSource of the shell-form instruction starting at `from` in `text`
 * (after its keyword and a space), as the Dockerfile parser makes it: escape +
 * newline continuations removed, comment lines inside continuations dropped.
 */
function shellSourceAt(text: string, from: number, escape = '\\'): ShellSource {
  let out = '';
  const segments: ShellSource['segments'] = [];
  let segStart = from;
  let segText = 0;
  let i = from;
  const close = (end: number) => {
    if (end > segStart) segments.push({ textStart: segText, fileStart: segStart, length: end - segStart });
    out += text.slice(segStart, end);
    segText = out.length;
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '\n' || c === '\r') break;
    if (c === escape) {
      const m = /^[ \t]*(\r?\n)/.exec(text.slice(i + 1));
      if (m) {
        close(i);
        i += 1 + m[0].length;
        // Skip comment lines and empty lines inside the continuation.
        for (;;) {
          const line = /^([^\n]*)(\n|$)/.exec(text.slice(i))!;
          if (/^\s*#/.test(line[1]) || (line[1].trim() === '' && line[2] === '\n')) i += line[0].length;
          else break;
        }
        segStart = i;
        continue;
      }
      i += 2;
      continue;
    }
    i++;
  }
  close(i);
  return { text: out, segments };
}

interface Analysed {
  file: SourceText;
  script: ShellScript;
  /** The file text of a span. */
  at: (node: { span: Span }) => string;
}

/** Analyses the first RUN of a Dockerfile snippet. */
function run(dockerfile: string, escape = '\\'): Analysed {
  const file = new SourceText(dockerfile);
  const start = dockerfile.indexOf('RUN ') + 4;
  const script = analyzeShell(shellSourceAt(dockerfile, start, escape), file);
  return { file, script, at: (node) => dockerfile.slice(node.span.start, node.span.end) };
}

function names(commands: ShellCommand[]): (string | null)[] {
  return commands.map((c) => c.name);
}

function lineCol(file: SourceText, offset: number): string {
  const p = file.position(offset);
  return `${p.line}:${p.column}`;
}

function fakeRun(fields: Partial<RunInstruction>): RunInstruction {
  return {
    kind: 'RUN',
    span: { start: 0, end: 0 },
    range: { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } },
    heredocs: [],
    exec: null,
    shell: null,
    ...fields,
  } as unknown as RunInstruction;
}

// ---------------------------------------------------------------------------

describe('loading', () => {
  it('loads nothing at import time; before loading, analyses common shell only', () => {
    expect(shellParserReady()).toBe(false);
    const file = new SourceText('RUN true && echo $((1 + 2))');
    const common = analyzeShell({ text: 'true', segments: [{ textStart: 0, fileStart: 4, length: 4 }] }, file);
    expect(common.commands.map((c) => c.name)).toEqual(['true']);
    const text = 'true && echo $((1 + 2))';
    expect(() => analyzeShell({ text, segments: [{ textStart: 0, fileStart: 4, length: text.length }] }, file)).toThrow(/loadShellParser/);
  });

  it('loads once, concurrent calls sharing the load', async () => {
    const a = loadShellParser();
    const b = loadShellParser();
    expect(a).toBe(b);
    await Promise.all([a, b]);
    expect(shellParserReady()).toBe(true);
    await loadShellParser();
  });
});

describe('analyzeShell', () => {
  beforeAll(() => loadShellParser());

  it('maps commands and words back to the file across continuations', () => {
    const df = 'FROM debian\nRUN apt-get update \\\n    && apt-get install -y \\\n      curl \\\n      git\n';
    const { script, at, file } = run(df);
    expect(names(script.commands)).toEqual(['apt-get', 'apt-get']);
    const [update, install] = script.commands;
    expect(at(update)).toBe('apt-get update');
    expect(lineCol(file, update.span.start)).toBe('2:5');
    // The install command spans three continuations: start and end map separately.
    expect(at(install)).toBe('apt-get install -y \\\n      curl \\\n      git');
    expect(install.raw).toBe('apt-get install -y       curl       git');
    expect(install.range.start).toMatchObject({ line: 3, column: 8 });
    expect(install.range.end).toMatchObject({ line: 5, column: 10 });
    const git = install.args[3];
    expect(git.value).toBe('git');
    expect(at(git)).toBe('git');
    expect(git.range.start).toMatchObject({ line: 5, column: 7 });
    // The whole script's range covers the instruction's arguments.
    expect(at(script)).toBe(df.slice(df.indexOf('apt-get'), df.length - 1));
  });

  it('maps a word split by a continuation to both of its pieces', () => {
    const df = 'RUN apt-get ins\\\ntall -y x\n';
    const { script, at } = run(df);
    const word = script.commands[0].args[0];
    expect(word.value).toBe('install');
    expect(word.raw).toBe('install');
    expect(at(word)).toBe('ins\\\ntall');
    expect(word.range.start).toMatchObject({ line: 1, column: 13 });
    expect(word.range.end).toMatchObject({ line: 2, column: 5 });
  });

  it('skips comment lines inside continuations', () => {
    const df = 'RUN set -eux; \\\n# install things\n    apk add --no-cache bash \\\n  # trailing comment\n  && echo done\n';
    const { script, at } = run(df);
    expect(names(script.commands)).toEqual(['set', 'apk', 'echo']);
    expect(at(script.commands[1])).toBe('apk add --no-cache bash');
    expect(script.commands[1].range.start.line).toBe(3);
    expect(at(script.commands[2])).toBe('echo done');
    expect(script.commands[2].range.start.line).toBe(5);
  });

  it('handles the backtick escape character', () => {
    const df = '# escape=`\nFROM alpine\nRUN echo a `\n    && echo b\n';
    const { script, at } = run(df, '`');
    expect(names(script.commands)).toEqual(['echo', 'echo']);
    expect(at(script.commands[1])).toBe('echo b');
    expect(script.commands[1].range.start).toMatchObject({ line: 4, column: 8 });
    expect(script.commands[1].connectorBefore).toBe('&&');
  });

  it('counts columns in UTF-16 code units', () => {
    const df = 'RUN echo "😀 é" && touch /x\n';
    const { script, at } = run(df);
    const touch = script.commands[1];
    expect(at(touch)).toBe('touch /x');
    expect(touch.range.start.column).toBe(df.indexOf('touch') + 1);
    expect(script.commands[0].args[0].value).toBe('😀 é');
  });

  it('records connectors in && / || / ; / & chains and flattens them into lists', () => {
    const { script } = run('RUN a && b || c; d & e\n');
    expect(script.commands.map((c) => [c.name, c.connectorBefore, c.connectorAfter])).toEqual([
      ['a', null, '&&'],
      ['b', '&&', '||'],
      ['c', '||', ';'],
      ['d', ';', '&'],
      ['e', '&', null],
    ]);
    expect(script.lists).toHaveLength(1);
    expect(script.lists[0].operators).toEqual(['&&', '||', ';', '&']);
    expect(script.lists[0].items.map((i) => i.command?.name)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('treats a newline between statements as a connector', () => {
    const file = new SourceText('a\nb;\n');
    const script = analyzeShell({ text: 'a\nb;\n', segments: [{ textStart: 0, fileStart: 0, length: 5 }] }, file);
    expect(script.commands.map((c) => [c.name, c.connectorBefore, c.connectorAfter])).toEqual([
      ['a', null, '\n'],
      ['b', '\n', ';'],
    ]);
    expect(script.lists[0].terminator).toBe(';');
  });

  it('describes pipelines, with stage positions and negation', () => {
    const { script, at } = run('RUN ! curl -fsSL https://x/install.sh | sudo bash -s -- --yes && ls |& grep x\n');
    expect(script.pipelines).toHaveLength(2);
    const [first, second] = script.pipelines;
    expect(first.negated).toBe(true);
    expect(first.stages.map((s) => s.command?.name)).toEqual(['curl', 'sudo']);
    expect(at(first)).toBe('! curl -fsSL https://x/install.sh | sudo bash -s -- --yes');
    expect(second.operators).toEqual(['|&']);
    const curl = script.commands[0];
    expect(curl.negated).toBe(true);
    expect(curl.pipeline).toMatchObject({ index: 0, length: 2 });
    expect(curl.pipeline.pipeline).toBe(first);
    const sudo = script.commands[1];
    expect(sudo.pipeline).toMatchObject({ index: 1, length: 2 });
    expect([sudo.connectorBefore, sudo.connectorAfter]).toEqual(['|', '&&']);
    // Through sudo, the pipeline's last stage runs bash.
    const bash = findCommands(script, 'bash')[0];
    expect(bash.pipeline).toMatchObject({ index: 1, length: 2 });
    expect(bash.wrappers.map((w) => w.name)).toEqual(['sudo']);
  });

  it('attaches a redirect after `a && b` to b, as the shell does', () => {
    const { script } = run('RUN a && b > /f 2>&1\n');
    const [a, b] = script.commands;
    expect(a.redirects).toEqual([]);
    expect(b.redirects.map((r) => [r.operator, r.fd, r.target?.value])).toEqual([
      ['>', null, '/f'],
      ['>&', 2, '1'],
    ]);
  });

  it('finds commands in subshells, substitutions, control flow and functions', () => {
    const df =
      'RUN (cd /src && make) && echo "$(git rev-parse HEAD)" `date` \\\n' +
      ' && for f in $(ls /etc); do rm -f "$f"; done \\\n' +
      ' && if [ -f /x ]; then touch /y; else exit 1; fi \\\n' +
      ' && while read l; do echo "$l"; done < /list \\\n' +
      ' && case "$A" in a) echo a;; esac \\\n' +
      ' && f() { useradd app; } && f\n';
    const { script, at } = run(df);
    const byName = (n: string) => script.commands.find((c) => c.name === n)!;
    expect(names(script.commands)).toEqual([
      'cd', 'make', 'echo', 'git', 'date', 'ls', 'rm', '[', 'touch', 'exit', 'read', 'echo', 'echo', 'useradd', 'f',
    ]);
    expect(byName('cd').inSubshell).toBe(true);
    expect(byName('cd').connectorAfter).toBe('&&');
    expect(byName('make').connectorAfter).toBe('&&'); // the subshell's connector, seen from its last command
    expect(byName('git').inCommandSubstitution).toBe(true);
    expect(at(byName('git'))).toBe('git rev-parse HEAD');
    expect(byName('date').inCommandSubstitution).toBe(true);
    expect(byName('ls').inCommandSubstitution).toBe(true);
    expect(byName('rm').inLoop).toBe(true);
    expect(byName('[').kind).toBe('test');
    expect(byName('[').args.map((a) => a.value)).toEqual(['-f', '/x']);
    expect(byName('[').conditional).toBe(true);
    expect(byName('touch').conditional).toBe(true);
    expect(byName('read').inLoop).toBe(true);
    expect(byName('useradd').inFunction).toBe(true);
    expect(script.functions.map((f) => f.name)).toEqual(['f']);
    expect(byName('echo').inLoop).toBe(false);
    expect(script.hasParseError).toBe(false);
  });

  it('keeps prefix assignments, standalone assignments and declarations apart', () => {
    const { script } = run('RUN DEBIAN_FRONTEND=noninteractive apt-get install -y x; X=1; export PATH=/opt/bin:$PATH A\n');
    const apt = script.commands[0];
    expect(apt.name).toBe('apt-get');
    expect(apt.assignments.map((a) => [a.name, a.value?.value])).toEqual([['DEBIAN_FRONTEND', 'noninteractive']]);
    expect(script.assignments.map((a) => [a.name, a.value?.value])).toEqual([['X', '1']]);
    const exp = script.commands[1];
    expect([exp.kind, exp.name]).toEqual(['declaration', 'export']);
    expect(exp.args.map((a) => [a.raw, a.value])).toEqual([
      ['PATH=/opt/bin:$PATH', null],
      ['A', 'A'],
    ]);
  });

  it('gives literal values with quotes removed, and null when expansions make them dynamic', () => {
    const { script } = run(`RUN echo plain 'single q' "double \\"q\\"" $'a\\tb' a\\ b pre"mid"'x' "$VAR" $VAR "\${A:-d}x" ~/x\n`);
    const words = script.commands[0].args;
    expect(words.map((w) => w.value)).toEqual(['plain', 'single q', 'double "q"', 'a\tb', 'a b', 'premidx', null, null, null, '~/x']);
    expect(words.map((w) => w.quoted)).toEqual([false, true, true, true, true, true, true, false, true, false]);
    expect(words[6].expansions).toMatchObject([{ kind: 'parameter', name: 'VAR', quoted: true }]);
    expect(words[7].expansions).toMatchObject([{ kind: 'parameter', name: 'VAR', quoted: false }]);
    expect(words[8].expansions).toMatchObject([{ kind: 'parameter', name: 'A', quoted: true, raw: '${A:-d}' }]);
    expect(words[6].raw).toBe('"$VAR"');
  });

  it('gives a dynamic command name as null', () => {
    const { script } = run('RUN $CC -o x x.c && "${PKG}" install\n');
    expect(names(script.commands)).toEqual([null, null]);
    expect(script.commands[0].nameWord?.raw).toBe('$CC');
  });

  it('keeps heredoc bodies as data when they feed a command (RUN cat <<EOF > /f)', () => {
    const text = 'cat <<EOF > /etc/app.conf\napt-get install -y nothing\nEOF';
    const file = new SourceText('RUN ' + text + '\n');
    const script = analyzeShell({ text, segments: [{ textStart: 0, fileStart: 4, length: text.length }] }, file);
    expect(names(script.commands)).toEqual(['cat']);
    const cat = script.commands[0];
    expect(cat.redirects.map((r) => r.operator)).toEqual(['<<', '>']);
    expect(cat.redirects[0].heredoc).toMatchObject({ delimiter: 'EOF', quoted: false, stripTabs: false });
    expect(cat.redirects[0].heredoc?.body.text).toBe('apt-get install -y nothing\n');
    expect(cat.redirects[1].target?.value).toBe('/etc/app.conf');
    expect(script.hasParseError).toBe(false);
  });

  it('continues the chain after a heredoc marker (cat <<EOF | sh && x)', () => {
    const text = 'cat <<EOF | grep -v x && touch /done\nbody\nEOF';
    const file = new SourceText(text);
    const script = analyzeShell({ text, segments: [{ textStart: 0, fileStart: 0, length: text.length }] }, file);
    expect(script.commands.map((c) => [c.name, c.connectorBefore, c.connectorAfter, c.pipeline.index, c.pipeline.length])).toEqual([
      ['cat', null, '|', 0, 2],
      ['grep', '|', '&&', 1, 2],
      ['touch', '&&', null, 0, 1],
    ]);
  });

  it('does not throw on parse errors and reports their ranges', () => {
    const df = 'RUN apt-get install -y x && ) ; (\n';
    const { script, at } = run(df);
    expect(script.hasParseError).toBe(true);
    expect(script.errors.length).toBeGreaterThan(0);
    for (const error of script.errors) {
      expect(error.span.start).toBeGreaterThanOrEqual(4);
      expect(error.span.end).toBeLessThanOrEqual(df.length - 1);
    }
    expect(at(script.errors[0])).toContain(')');
    expect(script.commands[0].name).toBe('apt-get');
    for (const bad of ['if then fi', 'echo "unterminated', 'a |', '$(', 'case x in', '((', '}', 'for', "'", '<<EOF']) {
      const file = new SourceText(bad);
      const s = analyzeShell({ text: bad, segments: [{ textStart: 0, fileStart: 0, length: bad.length }] }, file);
      for (const c of s.commands) expect(c.span.end).toBeLessThanOrEqual(bad.length);
    }
  });

  it('analyses an empty script', () => {
    const file = new SourceText('RUN ');
    const script = analyzeShell({ text: '', segments: [] }, file);
    expect(script.commands).toEqual([]);
    expect(script.hasParseError).toBe(false);
  });

  it('treats CRLF line ends inside a script as plain line breaks', () => {
    const text = 'apt-get update\r\napt-get install -y x\r\n';
    const file = new SourceText(text);
    const script = analyzeShell({ text, segments: [{ textStart: 0, fileStart: 0, length: text.length }] }, file);
    expect(script.commands.map((c) => c.args.map((a) => a.value))).toEqual([['update'], ['install', '-y', 'x']]);
  });

  it('caches the analysis of a source object', () => {
    const file = new SourceText('RUN true');
    const source: ShellSource = { text: 'true', segments: [{ textStart: 0, fileStart: 4, length: 4 }] };
    expect(analyzeShell(source, file)).toBe(analyzeShell(source, file));
  });
});

describe('cd', () => {
  beforeAll(() => loadShellParser());

  it('tells a cd followed by && from one followed by ; or a newline', () => {
    const df = 'RUN cd /a && make; cd /b; make \\\n && cd /c\n';
    const { script, at } = run(df);
    expect(script.cdCommands.map((c) => [c.target?.value, c.followedByAnd, c.connectorAfter, c.isLast])).toEqual([
      ['/a', true, '&&', false],
      ['/b', false, ';', false],
      ['/c', false, null, true],
    ]);
    expect(at(script.cdCommands[1].command)).toBe('cd /b');
    expect(at(script.cdCommands[2].target!)).toBe('/c');
  });
});

describe('unwrapping', () => {
  beforeAll(() => loadShellParser());

  it('sees apt-get through sudo, env and time, keeping the wrapper', () => {
    const { script, at } = run('RUN sudo -E -u root env DEBIAN_FRONTEND=noninteractive time apt-get install -y curl\n');
    const [apt] = findCommands(script, 'apt-get');
    expect(apt.name).toBe('apt-get');
    expect(apt.wrappers.map((w) => w.name)).toEqual(['sudo', 'env', 'time']);
    // `env X=1 cmd` is `X=1 cmd`.
    expect(apt.assignments.map((a) => [a.name, a.value?.value])).toEqual([['DEBIAN_FRONTEND', 'noninteractive']]);
    expect(at(apt)).toBe('apt-get install -y curl');
    expect(positionalArgs(apt).map((w) => w.value)).toEqual(['install', 'curl']);
    // Wrappers are still found by name; effective commands are the leaves only.
    expect(findCommands(script, 'sudo')).toHaveLength(1);
    expect(findCommands(script, 'apt-get', { unwrap: false })).toHaveLength(0);
    expect(names(effectiveCommands(script))).toEqual(['apt-get']);
  });

  it('parses sh -c / bash -c strings with ranges in the file', () => {
    const df = `RUN bash -ec 'apt-get update && \\\n  apt-get install -y git' && sh -c "echo \\"hi\\" > /x"\n`;
    const { script, at, file } = run(df);
    const apts = findCommands(script, 'apt-get');
    expect(apts.map((c) => at(c))).toEqual(['apt-get update', 'apt-get install -y git']);
    expect(apts[1].range.start).toMatchObject({ line: 2, column: 3 });
    expect(apts[0].connectorAfter).toBe('&&');
    expect(apts[0].inSubshell).toBe(true);
    expect(apts[0].wrappers.map((w) => w.name)).toEqual(['bash']);
    const git = positionalArgs(apts[1])[1];
    expect(at(git)).toBe('git');
    expect(lineCol(file, git.span.start)).toBe('2:22');
    const echo = findCommands(script, 'echo')[0];
    expect(echo.args[0].value).toBe('hi');
    // Each character maps to where it is written: the word starts at the escaped quote.
    expect(at(echo.args[0])).toBe('"hi\\"');
    expect(echo.redirects[0].target?.value).toBe('/x');
    expect(innerScriptOf(script.commands[0])?.origin).toBe('inline');
  });

  it('parses a double-quoted sh -c string with its $VARs left in place', () => {
    const { script } = run('RUN su app -c "pip install --user $PKG"\n');
    const pip = findCommands(script, 'pip')[0];
    expect(pip.args.map((a) => a.value)).toEqual(['install', '--user', null]);
    expect(pip.wrappers.map((w) => w.name)).toEqual(['su']);
  });

  it('does not unwrap what it cannot see', () => {
    const { script } = run('RUN sh -c "$CMD" && sh ./install.sh && command -v curl && exec "$@" && xargs\n');
    expect(names(effectiveCommands(script))).toEqual(['sh', 'sh', 'command', null, 'xargs']);
  });

  it('unwraps xargs, nohup, exec, command, nested sudo sh -c and find -exec', () => {
    const df =
      "RUN ls | xargs -n1 -I{} rm -rf {} && nohup exec command sudo sh -c 'cd /x && make install' && find / -name '*.pyc' -exec rm -f {} +\n";
    const { script } = run(df);
    const leaves = effectiveCommands(script);
    expect(names(leaves)).toEqual(['ls', 'rm', 'cd', 'make', 'rm']);
    expect(leaves[1].pipeline).toMatchObject({ index: 1, length: 2 });
    expect(leaves[2].wrappers.map((w) => w.name)).toEqual(['nohup', 'exec', 'command', 'sudo', 'sh']);
    expect(leaves[4].args.map((a) => a.value)).toEqual(['-f', '{}']);
    expect(script.cdCommands).toEqual([]); // the cd is inside sh -c
    const cd = findCommands(script, 'cd')[0];
    expect(cd.connectorAfter).toBe('&&');
  });

  it('reads a heredoc fed to a shell as its script', () => {
    const text = 'bash -e <<EOF\napt-get install -y vim\nEOF';
    const file = new SourceText(text);
    const script = analyzeShell({ text, segments: [{ textStart: 0, fileStart: 0, length: text.length }] }, file);
    const [apt] = findCommands(script, 'apt-get');
    expect(apt.wrappers.map((w) => w.name)).toEqual(['bash']);
    expect(text.slice(apt.span.start, apt.span.end)).toBe('apt-get install -y vim');
    expect(apt.range.start).toMatchObject({ line: 2, column: 1 });
  });
});

describe('flags and positional arguments', () => {
  beforeAll(() => loadShellParser());

  it('understands combined short flags, long flags and --flag=value', () => {
    const { script } = run('RUN apt-get -qy install --no-install-recommends -o Dpkg::Options::=--force-confnew --target-release=bookworm pkg1 "pkg2=1.0" \\\n  pkg3\n');
    const apt = script.commands[0];
    expect(hasFlag(apt, '-y', '--yes', '--assume-yes')).toBe(true);
    expect(hasFlag(apt, '-q')).toBe(true);
    expect(hasFlag(apt, '--no-install-recommends')).toBe(true);
    expect(hasFlag(apt, '--force-confnew')).toBe(false); // a value of -o, not a flag
    expect(flagValue(apt, '-o', '--option')).toBe('Dpkg::Options::=--force-confnew');
    expect(flagValue(apt, '-t', '--target-release')).toBe('bookworm');
    expect(flagValue(apt, '--purge')).toBeUndefined();
    expect(subcommand(apt)?.value).toBe('install');
    expect(positionalArgs(apt).slice(1).map((w) => w.value)).toEqual(['pkg1', 'pkg2=1.0', 'pkg3']);
  });

  it('gives exact file ranges for apt-get install packages', () => {
    const df = 'FROM debian\nRUN apt-get update && apt-get install -y \\\n    curl \\\n    "ca-certificates" \\\n && rm -rf /var/lib/apt/lists/*\n';
    const { script, at } = run(df);
    const [install] = findCommands(script, 'apt-get').filter((c) => subcommand(c)?.value === 'install');
    const packages = positionalArgs(install).slice(1);
    expect(packages.map((p) => p.value)).toEqual(['curl', 'ca-certificates']);
    expect(packages.map((p) => at(p))).toEqual(['curl', '"ca-certificates"']);
    expect(packages.map((p) => `${p.range.start.line}:${p.range.start.column}-${p.range.end.line}:${p.range.end.column}`)).toEqual([
      '3:5-3:9',
      '4:5-4:22',
    ]);
    // A fix inserting a flag after `install` would use the subcommand's end.
    expect(subcommand(install)!.span.end).toBe(df.indexOf('install') + 'install'.length);
  });

  it('stops at --, takes value flags from a spec, and treats non-literal words as positional', () => {
    const { script } = run('RUN mytool -x VAL --out=/o -- -y $FILE\n');
    const cmd = script.commands[0];
    expect(hasFlag(cmd, '-y')).toBe(false);
    expect(positionalArgs(cmd).map((w) => w.raw)).toEqual(['VAL', '-y', '$FILE']);
    const parsed = parseArgs(cmd, { flagsWithValue: ['-x'] });
    expect(findFlags(parsed, '-x')[0].value).toBe('VAL');
    expect(parsed.positionals.map((w) => w.raw)).toEqual(['-y', '$FILE']);
    expect(flagValue(parsed, '--out')).toBe('/o');
  });

  it('knows tar-style groups whose last flag takes the next word', () => {
    const { script } = run('RUN tar -xzf /tmp/a.tgz -C /opt && pip install --no-cache-dir -r req.txt flask\n');
    const [tar, pip] = script.commands;
    expect(flagValue(tar, '-f')).toBe('/tmp/a.tgz');
    expect(flagValue(tar, '-C')).toBe('/opt');
    expect(positionalArgs(tar)).toEqual([]);
    expect(hasFlag(pip, '--no-cache-dir')).toBe(true);
    expect(positionalArgs(pip).map((w) => w.value)).toEqual(['install', 'flask']);
  });
});

describe('shellScriptsOf and activeShell', () => {
  beforeAll(() => loadShellParser());

  function heredocRun(dockerfile: string): { instruction: RunInstruction; file: SourceText } {
    // RUN <command line>\n<body>\n<DELIM>\n
    const file = new SourceText(dockerfile);
    const lineEnd = dockerfile.indexOf('\n');
    const commandLine = dockerfile.slice(4, lineEnd);
    const delimiter = /<<-?\s*['"]?(\w+)/.exec(commandLine)![1];
    const bodyStart = lineEnd + 1;
    const terminator = dockerfile.indexOf(`\n${delimiter}\n`, lineEnd) + 1;
    const bodyEnd = terminator;
    const shellEnd = terminator + delimiter.length;
    const heredoc = {
      delimiter,
      quoted: false,
      stripTabs: false,
      bodyText: dockerfile.slice(bodyStart, bodyEnd),
      body: { span: { start: bodyStart, end: bodyEnd }, range: file.range(bodyStart, bodyEnd) },
      span: { start: 4, end: shellEnd },
      range: file.range(4, shellEnd),
    } as unknown as Heredoc;
    const instruction = fakeRun({
      span: { start: 0, end: shellEnd },
      heredocs: [heredoc],
      shell: { text: dockerfile.slice(4, shellEnd), segments: [{ textStart: 0, fileStart: 4, length: shellEnd - 4 }] },
    });
    return { instruction, file };
  }

  it('returns the shell-form text of a RUN and nothing for exec form', () => {
    const source: ShellSource = { text: 'echo hi', segments: [{ textStart: 0, fileStart: 4, length: 7 }] };
    const scripts = shellScriptsOf(fakeRun({ shell: source }), ['/bin/sh', '-c']);
    expect([...scripts]).toEqual([source]);
    expect(scripts.skipped).toEqual([]);
    expect(shellScriptsOf(fakeRun({ shell: null }), ['/bin/sh', '-c'])).toHaveLength(0);
  });

  it('runs a lone heredoc body as the script, with ranges in the file', () => {
    const df = 'RUN <<EOF\nset -e\napt-get update\napt-get install -y curl\nEOF\n';
    const { instruction, file } = heredocRun(df);
    const scripts = shellScriptsOf(instruction, ['/bin/sh', '-c']);
    expect(scripts).toHaveLength(1);
    expect(scripts[0].origin).toBe('heredoc');
    expect(shellScriptsOf(instruction, ['/bin/sh', '-c'])[0]).toBe(scripts[0]); // same object: one parse
    const script = analyzeShell(scripts[0], file);
    expect(script.origin).toBe('heredoc');
    expect(script.heredoc).toBe(instruction.heredocs[0]);
    expect(names(script.commands)).toEqual(['set', 'apt-get', 'apt-get']);
    expect(script.commands.map((c) => c.connectorAfter)).toEqual(['\n', '\n', null]);
    const curl = positionalArgs(script.commands[2])[1];
    expect(df.slice(curl.span.start, curl.span.end)).toBe('curl');
    expect(curl.range.start).toMatchObject({ line: 4, column: 20 });
  });

  it('skips a heredoc with a non-shell shebang and keeps a shell one', () => {
    const py = heredocRun('RUN <<EOF\n#!/usr/bin/env python3\nprint("hi")\nEOF\n');
    const skipped = shellScriptsOf(py.instruction, ['/bin/sh', '-c']);
    expect(skipped).toHaveLength(0);
    expect(skipped.skipped[0].reason).toMatch(/python3/);
    const bash = heredocRun('RUN <<EOF\n#!/bin/bash -e\necho hi\nEOF\n');
    // A shebang runs the file directly, whatever SHELL says.
    const scripts = shellScriptsOf(bash.instruction, ['powershell', '-Command']);
    expect(scripts).toHaveLength(1);
    expect(scripts[0].shebang).toBe('#!/bin/bash -e');
    expect(names(analyzeShell(scripts[0], bash.file).commands)).toEqual(['echo']);
  });

  it('uses the full text when the heredoc is stdin of a command', () => {
    const df = 'RUN cat <<EOF > /etc/x.conf\nkey=value\nEOF\n';
    const { instruction, file } = heredocRun(df);
    const scripts = shellScriptsOf(instruction, ['/bin/sh', '-c']);
    expect([...scripts]).toEqual([instruction.shell]);
    const script = analyzeShell(scripts[0], file);
    expect(names(script.commands)).toEqual(['cat']);
    expect(script.heredocs[0].body.text).toBe('key=value\n');
    expect(df.slice(script.heredocs[0].body.span.start, script.heredocs[0].body.span.end)).toBe('key=value\n');
  });

  it('reads RUN <<EOT bash (a heredoc marker before the command) as bash <<EOT', () => {
    const df = 'RUN <<EOT bash -e\nset -ex\napt-get install -y git\nEOT\n';
    const { instruction, file } = heredocRun(df);
    const scripts = shellScriptsOf(instruction, ['/bin/sh', '-c']);
    expect(scripts).toHaveLength(1);
    expect(scripts[0].text.split('\n')[0]).toBe('bash -e <<EOT');
    const script = analyzeShell(scripts[0], file);
    expect(script.hasParseError).toBe(false);
    expect(df.slice(script.commands[0].span.start, script.commands[0].span.end)).toBe('bash -e');
    const [apt] = findCommands(script, 'apt-get');
    expect(apt.wrappers.map((w) => w.name)).toEqual(['bash']);
    expect(df.slice(apt.span.start, apt.span.end)).toBe('apt-get install -y git');
    expect(apt.range.start).toMatchObject({ line: 3, column: 1 });
  });

  it('skips scripts under a non-POSIX SHELL, with a reason', () => {
    const shellInstr = {
      kind: 'SHELL',
      span: { start: 0, end: 10 },
      exec: { elements: [{ value: 'powershell' }, { value: '-Command' }] },
    } as unknown as ShellInstruction;
    const runInstr = fakeRun({ span: { start: 20, end: 30 }, shell: { text: 'Write-Host hi', segments: [] } });
    const stage: Instruction[] = [shellInstr, runInstr];
    expect(activeShell(stage, runInstr)).toEqual(['powershell', '-Command']);
    expect(activeShell([runInstr, shellInstr], runInstr)).toEqual(['/bin/sh', '-c']);
    const scripts = shellScriptsOf(runInstr, activeShell(stage, runInstr));
    expect(scripts).toHaveLength(0);
    expect(scripts.skipped[0].reason).toMatch(/not a POSIX shell/);
    expect(nonPosixShellReason(['cmd', '/S', '/C'])).toMatch(/not a POSIX shell/);
    expect(nonPosixShellReason(['C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', '-Command'])).toMatch(/POSIX/);
    expect(nonPosixShellReason(['pwsh', '-c'])).not.toBeNull();
    expect(nonPosixShellReason(['/bin/bash', '-o', 'pipefail', '-c'])).toBeNull();
    expect(nonPosixShellReason(['conda', 'run', '-n', 'env', '/bin/bash', '-c'])).toBeNull();
    expect(nonPosixShellReason(['/usr/bin/env', 'bash', '-c'])).toBeNull();
  });
});

// ---------------------------------------------------------------------------
// Through the Dockerfile parser, once it exists.

type ParseDockerfile = (text: string) => import('../src/dockerfile/ast.js').Dockerfile;
const here = path.dirname(fileURLToPath(import.meta.url));
const parserPresent = existsSync(path.join(here, '..', 'src', 'dockerfile', 'parser.ts'));

async function loadParser(): Promise<ParseDockerfile | null> {
  if (!parserPresent) return null;
  try {
    const mod = (await import('../src/dockerfile/parser.js')) as { parseDockerfile?: ParseDockerfile };
    return mod.parseDockerfile ?? null;
  } catch {
    return null;
  }
}

function runsOf(dockerfile: import('../src/dockerfile/ast.js').Dockerfile): { instruction: Instruction; shell: string[] }[] {
  const out: { instruction: Instruction; shell: string[] }[] = [];
  for (const instruction of dockerfile.instructions) {
    const target = instruction.kind === 'ONBUILD' ? instruction.trigger : instruction;
    if (!target || target.kind !== 'RUN') continue;
    out.push({ instruction: target, shell: shellFor(dockerfile, instruction) });
  }
  return out;
}

describe.skipIf(!parserPresent)('through parseDockerfile', () => {
  let parse: ParseDockerfile | null = null;
  beforeAll(async () => {
    await loadShellParser();
    parse = await loadParser();
  });

  it('analyses RUN instructions with continuations and heredocs', (ctx) => {
    if (!parse) return ctx.skip();
    const text =
      'FROM debian:12\n' +
      'RUN apt-get update \\\n' +
      '    # comment inside\n' +
      '    && apt-get install -y --no-install-recommends curl \\\n' +
      '    && rm -rf /var/lib/apt/lists/*\n' +
      'RUN <<EOF\n' +
      'set -eux\n' +
      'apk add --no-cache git\n' +
      'EOF\n' +
      'RUN cat <<EOF > /etc/motd\n' +
      'hello $USER\n' +
      'EOF\n' +
      'SHELL ["powershell", "-Command"]\n' +
      'RUN Write-Host hi\n';
    const dockerfile = parse(text);
    const file = dockerfile.source;
    const runs = runsOf(dockerfile);
    expect(runs).toHaveLength(4);
    const scriptsOf = (i: number) => shellScriptsOf(runs[i].instruction, runs[i].shell).map((s) => analyzeShell(s, file));

    const [first] = scriptsOf(0);
    expect(names(first.commands)).toEqual(['apt-get', 'apt-get', 'rm']);
    const curl = positionalArgs(first.commands[1])[1];
    expect(text.slice(curl.span.start, curl.span.end)).toBe('curl');
    expect(curl.range.start.line).toBe(4);

    const [heredoc] = scriptsOf(1);
    expect(heredoc.origin).toBe('heredoc');
    expect(names(heredoc.commands)).toEqual(['set', 'apk']);
    expect(text.slice(heredoc.commands[1].span.start, heredoc.commands[1].span.end)).toBe('apk add --no-cache git');
    expect(heredoc.commands[1].range.start).toMatchObject({ line: 8, column: 1 });

    const [cat] = scriptsOf(2);
    expect(cat.origin).toBe('shell-form');
    expect(names(cat.commands)).toEqual(['cat']);
    expect(cat.hasParseError).toBe(false);

    expect(runs[3].shell).toEqual(['powershell', '-Command']);
    const skipped = shellScriptsOf(runs[3].instruction, runs[3].shell);
    expect(skipped).toHaveLength(0);
    expect(skipped.skipped).toHaveLength(1);
  });

  it('inherits SHELL from an earlier stage and guesses Windows base images', (ctx) => {
    if (!parse) return ctx.skip();
    const text =
      'FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS win\n' +
      'RUN mkdir C:\\tmp\n' +
      'FROM debian AS base\n' +
      'SHELL ["/bin/bash", "-o", "pipefail", "-c"]\n' +
      'FROM base\n' +
      'RUN curl -fsSL https://x | bash\n' +
      'ONBUILD RUN echo later\n';
    const dockerfile = parse(text);
    const runs = runsOf(dockerfile);
    expect(runs.map((r) => r.shell)).toEqual([
      ['cmd', '/S', '/C'],
      ['/bin/bash', '-o', 'pipefail', '-c'],
      ['/bin/bash', '-o', 'pipefail', '-c'],
    ]);
    expect(shellScriptsOf(runs[0].instruction, runs[0].shell)).toHaveLength(0);
    const [onbuild] = shellScriptsOf(runs[2].instruction, runs[2].shell).map((s) => analyzeShell(s, dockerfile.source));
    expect(names(onbuild.commands)).toEqual(['echo']);
    expect(text.slice(onbuild.commands[0].span.start, onbuild.commands[0].span.end)).toBe('echo later');
  });

  it('maps a <<- heredoc script and a CRLF file', (ctx) => {
    if (!parse) return ctx.skip();
    const text = 'FROM alpine\r\nRUN <<-EOT\r\n\tapk add \\\r\n\t  curl\r\n\tEOT\r\nRUN echo a \\\r\n  && echo b\r\n';
    const dockerfile = parse(text);
    const runs = runsOf(dockerfile);
    const [heredoc] = shellScriptsOf(runs[0].instruction, runs[0].shell).map((s) => analyzeShell(s, dockerfile.source));
    expect(heredoc.origin).toBe('heredoc');
    expect(heredoc.commands.map((c) => [c.name, c.args.map((a) => a.value)])).toEqual([['apk', ['add', 'curl']]]);
    const curl = heredoc.commands[0].args[1];
    expect(text.slice(curl.span.start, curl.span.end)).toBe('curl');
    const [plain] = shellScriptsOf(runs[1].instruction, runs[1].shell).map((s) => analyzeShell(s, dockerfile.source));
    expect(plain.commands.map((c) => text.slice(c.span.start, c.span.end))).toEqual(['echo a', 'echo b']);
    expect(plain.commands[1].range.start).toMatchObject({ line: 7, column: 6 });
  });
});

// ---------------------------------------------------------------------------
// Corpus: every RUN of every Dockerfile analyses without throwing, in range.

const corpus = path.resolve(here, '..', '..', 'shared', 'corpus', 'dockerfiles');
const corpusPresent = existsSync(corpus) && parserPresent;

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listFiles(full));
    else out.push(full);
  }
  return out;
}

describe.skipIf(!corpusPresent)('corpus', () => {
  it('analyses every RUN without throwing, with every range inside its instruction', async (ctx) => {
    await loadShellParser();
    const parse = await loadParser();
    if (!parse) return ctx.skip();
    const problems: string[] = [];
    let runs = 0;
    let scripts = 0;
    let withErrors = 0;
    let commands = 0;
    let effective = 0;
    let skipped = 0;
    const errorSamples: string[] = [];
    let analysisMs = 0;
    for (const full of listFiles(corpus)) {
      let text: string;
      try {
        text = readFileSync(full, 'utf8');
      } catch {
        continue;
      }
      if (text.includes('\u0000')) continue;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      let dockerfile;
      try {
        dockerfile = parse(text);
      } catch {
        continue; // the parser's own tests cover it
      }
      const file = dockerfile.source;
      for (const { instruction, shell } of runsOf(dockerfile)) {
        runs++;
        const t0 = performance.now();
        try {
          const list = shellScriptsOf(instruction, shell);
          skipped += list.skipped.length;
          for (const source of list) {
            const script = analyzeShell(source, file);
            const leaves = effectiveCommands(script);
            for (const c of script.commands) parseArgs(c);
            analysisMs += performance.now() - t0;
            scripts++;
            commands += script.commands.length;
            effective += leaves.length;
            if (script.hasParseError) {
              withErrors++;
              if (errorSamples.length < 12) {
                const e = script.errors[0];
                errorSamples.push(`${path.basename(full)}:${e?.range.start.line}: ${e?.message}`);
              }
            }
            const { start, end } = instruction.span;
            for (const node of [...script.commands, ...leaves, ...script.commands.flatMap((c) => c.args)]) {
              if (node.span.start < start || node.span.end > end || node.span.start > node.span.end) {
                problems.push(`${full}:${node.range.start.line}: range ${node.span.start}-${node.span.end} outside ${start}-${end}`);
              }
            }
          }
        } catch (error) {
          problems.push(`${full}: threw ${(error as Error).stack}`);
        }
      }
    }
    console.log(
      `shell corpus: ${runs} RUNs, ${scripts} scripts analysed (${skipped} skipped), ${commands} commands (${effective} effective), ` +
        `${withErrors} with parse errors, ${analysisMs.toFixed(0)} ms total (${((analysisMs * 1000) / Math.max(scripts, 1)).toFixed(0)} µs/script)`,
    );
    if (errorSamples.length) console.log('parse error samples:\n  ' + errorSamples.join('\n  '));
    expect(problems.slice(0, 20)).toEqual([]);
    expect(runs).toBeGreaterThan(1000);
  });
});
