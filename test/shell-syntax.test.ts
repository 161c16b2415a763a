/**
 * Our parser for common shell (src/dockerfile/shell-syntax.ts) must build
 * exactly the tree tree-sitter-bash builds, or give up. Checked on hand-picked
 * scripts (including tree-sitter-bash's quirks, which it must copy or leave
 * alone), on every script of the corpus's Dockerfiles, and on random edits of
 * them.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDockerfile } from '../src/dockerfile/parser.js';
import { analyzeShell, effectiveCommands, innerScriptOf, shellFor, shellScriptsOf } from '../src/dockerfile/shell.js';
import { commonShellTree, loadShellParser, syntaxTree, treeSitterTree, type SyntaxNode } from '../src/dockerfile/shell-syntax.js';
import { SourceText } from '../src/core/source.js';
import { corpusFiles, corpusPresent } from './support/corpus.js';

beforeAll(() => loadShellParser());

/** The tree as text, one node per line: differences show where they are. */
function outline(node: SyntaxNode, text: string, depth = 0): string {
  const leaf = node.children.length === 0 ? ` ${JSON.stringify(text.slice(node.startIndex, node.endIndex))}` : '';
  const flags = `${node.isNamed ? '' : ' anonymous'}${node.hasError ? ' error' : ''}${node.isMissing ? ' missing' : ''}${node.field ? ` field=${node.field}` : ''}`;
  return `${'  '.repeat(depth)}${node.type} [${node.startIndex},${node.endIndex}]${flags}${leaf}\n${node.children.map((c) => outline(c, text, depth + 1)).join('')}`;
}

/** Null when our parser gave up; otherwise both trees as outlines. */
function compare(text: string): { ours: string; theirs: string } | null {
  const ours = commonShellTree(text);
  if (!ours) return null;
  return { ours: outline(ours, text), theirs: outline(treeSitterTree(text), text) };
}

const COMMON = [
  'apt-get update && apt-get install -y --no-install-recommends curl ca-certificates && rm -rf /var/lib/apt/lists/*',
  'set -eux; \\\n  savedAptMark="$(apt-mark showmanual)"; \\\n  apt-get update',
  'FOO=bar BAZ="a b" cmd --flag=$X "${Y}" \'raw\' x"$(date)"y 2>&1 | tee /log >> /other',
  'a=1 b=2',
  'x= y',
  'echo "a $b ${c} d $(e) f" " $g" "$h " "$i\t ${j}"',
  'cd /src && make -j"$(nproc)" || { echo failed >&2; exit 1; }',
  'if [ -f /etc/x ]; then rm /etc/x; elif [ "$A" = b ]; then true; else echo "$A" > f; fi',
  'if a; then\n  b\nelif c; then d  \nelse e  \nfi',
  'for key in A B "$C"; do gpg --recv-keys "$key"; done',
  'while read -r line; do echo "$line"; done < file',
  'case "$(dpkg --print-architecture)" in \\\n  amd64) arch=x64 ;; \\\n  arm64|aarch64) arch=arm64 ;; \\\n  \'ppc64el\') arch=ppc ;; \\\n  *) echo "unsupported" >&2; exit 1 ;; \\\nesac',
  'case x in\n a) b\nesac',
  'export PATH="/usr/local/bin:$PATH" GOPATH=/go && local n=1; readonly R',
  '[ ! -d /x ] && [ $# -gt 0 ] && [ "$a" != "b" ] && [ -z "${A:-}" ]',
  'tar -xzf app-${VERSION%%-*}.tgz ${A##*/} ${B:0:7} ${C:-default} ${D-x} ${E:+set}',
  '(cd /opt && ./configure) && find . -name "*.pyc" -exec rm {} + && pip install "a[gcp]" b[x]==1.0',
  'X=`pwd` && echo `date`',
  'a &\nb & c',
  '# a comment\napt-get update\n',
  '',
];

/** Scripts tree-sitter-bash parses in ways our parser leaves alone (it must give up). */
const LEFT_TO_TREE_SITTER = [
  // An unbraced `$NAME` third or later in a word with more word after it: tree-sitter ends the word at a bare `$`.
  'wget https://x/$V/pkg-$V.rpm',
  // A pipeline of three commands before `&&` nests as `a | ((b | c) && d)` after some constructs.
  'a > f && c | d | e | g && h',
  '"a" | b | c && d',
  // `-` before `2>&1` disappears from tree-sitter's tree.
  'apt-key add - 2>&1',
  // Variable-name lookalikes where an assignment may stand.
  '--prefix=/usr',
  'user@host ls',
  // Patterns after `!=` and `==`, heredocs, arithmetic, functions, brace expansion, here-strings.
  '[ "$a" != b ]',
  'cat <<EOF\nx\nEOF',
  'echo $((1 + 2))',
  'f() { a; }',
  'echo {1..3}',
  'grep x <<< "$y"',
  // Comments inside compound commands, and after words.
  'if a; then\n  # c\n  b\nfi',
  'echo a # c',
  // Syntax errors: tree-sitter's ERROR nodes are its business.
  'for key in; do a; done',
  'echo "unterminated',
  'a &&',
];

describe('commonShellTree', () => {
  it.each(COMMON)('builds tree-sitter-bash\'s tree for %j', (text) => {
    const result = compare(text);
    expect(result, 'our parser gave up').not.toBeNull();
    expect(result!.ours).toBe(result!.theirs);
  });

  it.each(LEFT_TO_TREE_SITTER)('leaves %j to tree-sitter-bash', (text) => {
    expect(commonShellTree(text)).toBeNull();
  });

  it('serves syntaxTree for common shell and falls back for the rest', () => {
    const common = 'apt-get install -y curl';
    expect(outline(syntaxTree(common), common)).toBe(outline(treeSitterTree(common), common));
    const heredoc = 'cat <<EOF\nx\nEOF';
    expect(outline(syntaxTree(heredoc), heredoc)).toBe(outline(treeSitterTree(heredoc), heredoc));
  });
});

/** The scripts shell analysis parses in the corpus's Dockerfiles, with the `sh -c` strings inside them. */
function corpusScripts(): string[] {
  const texts = new Set<string>();
  for (const file of corpusFiles()) {
    if (file.language !== 'dockerfile') continue;
    const source = new SourceText(readFileSync(file.absolute, 'utf8'));
    const dockerfile = parseDockerfile(source);
    const instructions = dockerfile.instructions.flatMap((i) => (i.kind === 'ONBUILD' && i.trigger ? [i, i.trigger] : [i]));
    for (const instruction of instructions) {
      if (!('shell' in instruction) || !instruction.shell) continue;
      for (const script of shellScriptsOf(instruction, shellFor(dockerfile, instruction))) {
        const analysed = analyzeShell(script, source);
        texts.add(analysed.text);
        for (const command of effectiveCommands(analysed)) {
          for (const wrapper of command.wrappers) {
            const inner = innerScriptOf(wrapper);
            if (inner) texts.add(inner.text);
          }
        }
      }
    }
  }
  return [...texts];
}

describe.skipIf(!corpusPresent)('commonShellTree on the corpus', () => {
  let scripts: string[] = [];
  beforeAll(() => {
    scripts = corpusScripts();
  });

  it('builds tree-sitter-bash\'s tree for every script it accepts, and accepts most of the text', () => {
    let accepted = 0;
    let total = 0;
    const differing: string[] = [];
    for (const text of scripts) {
      total += text.length;
      const result = compare(text);
      if (!result) continue;
      accepted += text.length;
      if (result.ours !== result.theirs) differing.push(text);
    }
    expect(differing).toEqual([]);
    expect(scripts.length).toBeGreaterThan(1000);
    // The fast path is worth having only if it serves most scripts (86.7% of the text when written).
    expect(accepted / total).toBeGreaterThan(0.8);
  });

  it('builds tree-sitter-bash\'s tree, or gives up, on random edits of corpus scripts', () => {
    const pieces = [' && ', ' || ', ' | ', '; ', '\n', ' > f ', ' 2>&1 ', ' & ', ' \\\n  ', ' $(a) ', ' "$x" ', ' ${y} ', " 'q' ", ' { a; } ',
      ' (b) ', ' if a; then b; fi ', ' x=1 ', ' # c\n', ' - ', ' [ -f x ] ', ' case a in b) c;; esac ', ' for i in 1; do a; done ', ' `a` ',
      ' ! ', ' } ', ' ) ', ' ;; ', ' fi ', ' done ', ' "a $b" ', ' ${a%%-*} ', '=', '"', "'", '$', '{', '['];
    const edit = fc.oneof(
      fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 3 }) }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), piece: fc.constantFrom(...pieces) }),
      fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), piece: fc.constantFrom(...pieces) }),
    );
    fc.assert(
      fc.property(fc.nat(), fc.array(edit, { minLength: 1, maxLength: 3 }), (pick, edits) => {
        const tokens = scripts[pick % scripts.length].split(/(?<=\s)(?=\S)|(?<=\S)(?=\s)/);
        for (const e of edits) {
          const at = e.at % (tokens.length + 1);
          if (e.kind === 'delete') tokens.splice(at, e.length);
          else tokens.splice(at, e.kind === 'replace' ? 1 : 0, e.piece);
        }
        const text = tokens.join('');
        const result = compare(text);
        if (result) expect(result.ours, JSON.stringify(text)).toBe(result.theirs);
      }),
      // A fixed seed by default: CI must not fail on a quirk found by chance. Set FUZZ_SEED to explore.
      { numRuns: Number(process.env.FUZZ_RUNS ?? 2000), seed: Number(process.env.FUZZ_SEED ?? 1) },
    );
  });
});
