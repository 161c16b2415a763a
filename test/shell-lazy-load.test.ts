/**
 * tree-sitter-bash is loaded only when a Dockerfile has a script that is not
 * common shell (src/dockerfile/shell-syntax.ts), counting the `sh -c` strings
 * inside scripts. Its own file: the parser, once loaded, stays loaded for the
 * rest of the process.
 */
import { describe, expect, it } from 'vitest';
import { shellParserReady } from '../src/dockerfile/shell.js';
import { lintSnippet } from './support/lint.js';

const COMMON = [
  'FROM debian:12',
  'RUN apt-get update && apt-get install curl',
  'RUN sh -c "apt-get install -y wget"',
  'CMD ["nginx"]',
  '',
].join('\n');

const NEEDS_TREE_SITTER = [
  'FROM debian:12',
  'RUN apt-get update && apt-get install curl',
  "RUN sh -c 'echo $((1 + 2)) && apt-get install -y wget'",
  '',
].join('\n');

describe('loading tree-sitter-bash', () => {
  it('lints common shell without it, the scripts inside `sh -c` included, and loads it when a script needs it', async () => {
    expect(shellParserReady()).toBe(false);
    const common = await lintSnippet(COMMON);
    expect(shellParserReady()).toBe(false);
    const rules = common.findings.map((finding) => `${finding.ruleId}@${finding.range.start.line}`);
    // Found in the outer script and in the one `sh -c` runs.
    expect(rules).toContain('dockerfile/apt-get-yes@2');
    expect(rules).toContain('dockerfile/apt-no-install-recommends@3');

    const needing = await lintSnippet(NEEDS_TREE_SITTER);
    expect(shellParserReady()).toBe(true);
    expect(needing.findings.map((finding) => `${finding.ruleId}@${finding.range.start.line}`)).toContain('dockerfile/apt-no-install-recommends@3');

    // With the parser loaded, the same findings as without it.
    const again = await lintSnippet(COMMON);
    expect(again.findings).toEqual(common.findings);
  });
});
