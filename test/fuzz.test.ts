/**
 * Property-based tests: the parsers never throw, every range lies inside the
 * document, and nothing of the input is lost. Runs FUZZ_RUNS cases per
 * property (default 2,000 in CI; set it higher locally for longer runs).
 * A counterexample fast-check finds becomes a regular test in the suite of the
 * module at fault.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dockerfile, Node } from '../src/dockerfile/ast.js';
import { parseDockerfile } from '../src/dockerfile/parser.js';
import { analyzeShell, loadShellParser, shellFor, shellScriptsOf } from '../src/dockerfile/shell.js';
import { loadK8sFile } from '../src/k8s/loader.js';
import type { YamlNode } from '../src/k8s/model.js';
import { SourceText, type Range } from '../src/core/source.js';
import { corpusFiles, corpusPresent } from './support/corpus.js';

const runs = Number(process.env.FUZZ_RUNS ?? 2000);
const params = { numRuns: runs, seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined };

function rangeInside(range: Range, length: number): boolean {
  return range.start.offset >= 0 && range.start.offset <= range.end.offset && range.end.offset <= length;
}

function consistent(range: Range, source: SourceText): boolean {
  const start = source.position(range.start.offset);
  const end = source.position(range.end.offset);
  return start.line === range.start.line && start.column === range.start.column && end.line === range.end.line && end.column === range.end.column;
}

/** Every node the parser hands out for a file, nested ones included. */
function dockerfileNodes(df: Dockerfile): Node[] {
  const nodes: Node[] = [...df.directives, ...df.comments, ...df.errors];
  const visit = (value: unknown, depth: number) => {
    if (!value || typeof value !== 'object' || depth > 6) return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
      return;
    }
    const record = value as Record<string, unknown>;
    if (record.span && record.range) nodes.push(record as unknown as Node);
    for (const [key, child] of Object.entries(record)) if (key !== 'range' && key !== 'span' && key !== 'segments') visit(child, depth + 1);
  };
  visit(df.instructions, 0);
  return nodes;
}

const instructionWords = ['FROM', 'from', 'RUN', 'CMD', 'ENTRYPOINT', 'COPY', 'ADD', 'ENV', 'ARG', 'LABEL', 'USER', 'WORKDIR', 'EXPOSE', 'VOLUME', 'SHELL', 'HEALTHCHECK', 'ONBUILD', 'STOPSIGNAL', 'MAINTAINER', 'FORM'];
const fragments = [
  ' ', '  ', '\t', '\\\n', '`\n', '\n', '\r\n', '\r', '#', '# syntax=docker/dockerfile:1\n', '# escape=`\n', '<<EOF', '<<-EOT', "<<'X'", '\nEOF\n', 'EOF', '--mount=type=cache,target=/var/cache/apt', '--from=build', '--platform=$BUILDPLATFORM',
  '["a", "b c"]', "['a']", '[', ']', '"', "'", '$X', '${X:-d}', '${', '}', 'AS', 'as', 'ubuntu:24.04', 'alpine', 'a=b', 'a="b c"', 'apt-get install -y curl', '&&', '||', '|', ';', '$(', ')', 'sh -c', 'NONE', 'CMD', '--interval=30s', '0', 'root', '8080/tcp', 'é', '😀', '\u0000', '\ufeff',
];
const dockerfileText = fc
  .array(fc.oneof(fc.constantFrom(...instructionWords), fc.constantFrom(...fragments), fc.string({ maxLength: 6 })), { maxLength: 60 })
  .map((parts) => parts.join(''));

describe('Dockerfile parser (property-based)', () => {
  const check = (text: string) => {
    const df = parseDockerfile(text);
    const source = df.source;
    for (const node of dockerfileNodes(df)) {
      if (!rangeInside(node.range, text.length)) throw new Error(`range outside the document: ${JSON.stringify(node.range)}`);
      if (node.span.start !== node.range.start.offset || node.span.end !== node.range.end.offset) throw new Error('span and range disagree');
      if (!consistent(node.range, source)) throw new Error('line/column do not match the offset');
    }
    // Nothing is lost: every non-blank character belongs to a directive, comment, instruction or error.
    const covered = new Uint8Array(text.length);
    for (const node of [...df.directives, ...df.comments, ...df.instructions, ...df.errors]) covered.fill(1, node.span.start, node.span.end);
    for (let i = 0; i < text.length; i++) {
      if (!covered[i] && !/\s/.test(text[i]) && text[i] !== df.escapeChar) throw new Error(`character ${JSON.stringify(text[i])} at ${i} belongs to no node`);
    }
    let previous = -1;
    for (const instruction of df.instructions) {
      if (instruction.span.start < previous) throw new Error('instructions overlap or are out of order');
      previous = instruction.span.end;
    }
  };

  it('never throws, keeps ranges inside the text and loses nothing, on grammar-shaped input', () => {
    fc.assert(fc.property(dockerfileText, (text) => check(text)), params);
  });

  it('never throws on arbitrary Unicode text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => check(text)), params);
  });

  it.skipIf(!corpusPresent)('never throws on mutated corpus Dockerfiles', () => {
    const samples = corpusFiles()
      .filter((f) => f.language === 'dockerfile')
      .filter((_, i) => i % 40 === 0)
      .map((f) => readFileSync(f.absolute, 'utf8'));
    const mutated = fc
      .tuple(fc.constantFrom(...samples), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 20 }), fc.constantFrom(...fragments, '')), { maxLength: 8 }))
      .map(([text, edits]) => edits.reduce((t, [at, remove, insert]) => t.slice(0, at % (t.length + 1)) + insert + t.slice((at % (t.length + 1)) + remove), text));
    fc.assert(fc.property(mutated, (text) => check(text)), { ...params, numRuns: Math.max(100, Math.floor(runs / 4)) });
  });
});

describe('Shell analysis (property-based)', () => {
  beforeAll(() => loadShellParser());
  const shellText = fc
    .array(fc.oneof(fc.constantFrom('apt-get', 'install', '-y', 'cd', '/tmp', '&&', '||', '|', ';', '\\\n', '"', "'", '$(', ')', '`', '$X', '${X}', 'if', 'then', 'fi', 'for', 'do', 'done', '<<EOF', '\nEOF', ' ', '\n', 'sudo', 'sh -c', '#', '{', '}', '(', '((', '[[', ']]', '*', '>', '2>&1'), fc.string({ maxLength: 4 })), { maxLength: 40 })
    .map((parts) => parts.join(' '));

  it('never throws and keeps every command inside its instruction', () => {
    fc.assert(
      fc.property(shellText, (script) => {
        const text = `FROM a:1\nRUN ${script}\n`;
        const df = parseDockerfile(text);
        for (const instruction of df.instructions) {
          for (const source of shellScriptsOf(instruction, shellFor(df, instruction))) {
            const analysed = analyzeShell(source, df.source);
            for (const command of analysed.commands) {
              if (command.span.start < instruction.span.start || command.span.end > instruction.span.end || command.span.start > command.span.end) {
                throw new Error(`command ${JSON.stringify(command.raw)} lies outside its instruction`);
              }
            }
          }
        }
      }),
      { ...params, numRuns: Math.max(200, Math.floor(runs / 2)) },
    );
  });
});

describe('YAML loader (property-based)', () => {
  const checkYaml = (text: string) => {
    const file = loadK8sFile('fuzz.yaml', text);
    const source = new SourceText(text);
    for (const issue of file.issues) if (!rangeInside(issue.range, text.length) || !consistent(issue.range, source)) throw new Error(`issue range outside: ${issue.code}`);
    for (const object of file.objects) {
      const walk = (node: YamlNode | null, depth: number): void => {
        if (!node || depth > 50) return;
        if (!rangeInside(node.range, text.length)) throw new Error('node range outside the document');
        if (node.kind === 'map') for (const pair of node.pairs) walk(pair.value, depth + 1);
        if (node.kind === 'seq') for (const item of node.items) walk(item, depth + 1);
      };
      walk(object.node, 0);
      for (const path of ['metadata.name', 'spec.template.spec.containers[0].image', 'spec.containers[3]', 'a.b.c', 'metadata.annotations["x.y/z"]']) {
        const location = object.locate(path);
        if (!rangeInside(location.range, text.length)) throw new Error(`locate(${path}) outside the document`);
      }
    }
  };
  const yamlFragments = ['apiVersion: v1\n', 'kind: Pod\n', 'kind: List\nitems:\n', 'metadata:\n', '  name: x\n', 'spec:\n', '  containers:\n', '    - name: a\n', '      image: b\n', '- ', '---\n', '...\n', '&a ', '*a', '<<: *a\n', '{', '}', '[', ']', ', ', ': ', '"', "'", '|\n', '>-\n', '#c\n', '\t', '  ', '\n', '\r\n', '? ', '!!str ', '%YAML 1.2\n', '{{ .Values.x }}', 'on: yes\n', '0755', '\ufeff'];
  const yamlText = fc.array(fc.oneof(fc.constantFrom(...yamlFragments), fc.string({ maxLength: 5 })), { maxLength: 50 }).map((parts) => parts.join(''));

  it('never throws and keeps ranges inside the document on YAML-shaped input', () => {
    fc.assert(fc.property(yamlText, (text) => checkYaml(text)), params);
  });

  it('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => checkYaml(text)), params);
  });

  it('loads any JSON-shaped manifest whatever its values', () => {
    const manifest = fc.record({ apiVersion: fc.constant('v1'), kind: fc.constantFrom('Pod', 'Service', 'ConfigMap'), metadata: fc.record({ name: fc.string() }), spec: fc.jsonValue({ maxDepth: 4 }) });
    fc.assert(
      fc.property(manifest, (object) => {
        const text = JSON.stringify(object, null, 2);
        const file = loadK8sFile('m.yaml', text);
        expect(file.objects).toHaveLength(1);
        expect(file.objects[0].value).toEqual(JSON.parse(text));
        checkYaml(text);
      }),
      { ...params, numRuns: Math.max(200, Math.floor(runs / 4)) },
    );
  });
});
