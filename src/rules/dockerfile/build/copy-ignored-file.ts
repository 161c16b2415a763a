import path from 'node:path';
import { defineDockerfileRule } from '../../../core/rule.js';
import { eachInstruction } from './util.js';
import { isUrl, pathSources } from './copy-util.js';

interface Options {
  /** Patterns to use when the `.dockerignore` is not beside the Dockerfile (a build context elsewhere); added after the file's. */
  patterns: string[];
}

export default defineDockerfileRule<Options>({
  meta: {
    id: 'dockerfile/copy-ignored-file',
    title: 'COPY/ADD of a path that .dockerignore excludes',
    severity: 'warning',
    category: 'correctness',
    rationale:
      'Files that `.dockerignore` excludes are not sent to the builder, so `COPY` of them fails ("not found") or silently copies less than the line says. Either copy something else or add a `!path` exception to `.dockerignore`. The rule reads the `.dockerignore` beside the Dockerfile (or `<Dockerfile>.dockerignore`), which the command line passes in; the Dockerfile\'s folder is taken as the build context.',
    aliases: { buildkit: ['CopyIgnoredFile'] },
    fixable: false,
    defaultOptions: { patterns: [] },
    examples: {
      bad: [
        { code: 'FROM node:22-slim\nWORKDIR /app\nCOPY node_modules ./node_modules\n', options: { patterns: ['node_modules'] } },
        { code: 'FROM node:22-slim\nWORKDIR /app\nCOPY config/secrets.json ./\n', options: { patterns: ['**/*.json', '!package.json'] } },
      ],
      good: [
        { code: 'FROM node:22-slim\nWORKDIR /app\nCOPY package.json ./\n', options: { patterns: ['**/*.json', '!package.json'] } },
        { code: 'FROM node:22-slim\nWORKDIR /app\nCOPY . .\n', options: { patterns: ['node_modules'] } },
      ],
    },
  },
  check(context) {
    const patterns = [...(context.buildContext?.dockerignore ?? []), ...context.options.patterns];
    if (patterns.length === 0) return;
    const matcher = compile(patterns);
    for (const instruction of eachInstruction(context.dockerfile)) {
      if ((instruction.kind !== 'COPY' && instruction.kind !== 'ADD') || instruction.flags.some((flag) => flag.name === 'from')) continue;
      for (const source of pathSources(instruction)) {
        const value = source.value;
        if (source.variables.length > 0 || isUrl(value) || /[*?[\\]/.test(value)) continue;
        const relative = path.posix.normalize(value).replace(/^(\.\/|\/)+/, '').replace(/\/$/, '');
        if (relative === '' || relative === '.' || relative.startsWith('..')) continue;
        const pattern = matcher(relative);
        if (pattern === null) continue;
        context.report({
          message: `"${value}" is excluded by the .dockerignore pattern "${pattern}", so the builder does not see it: remove it from ${instruction.kind} or add "!${relative}" to .dockerignore.`,
          range: source.range,
        });
      }
    }
  },
});

/** .dockerignore matching as moby/patternmatcher does it: last matching pattern wins; a pattern also matches everything under a matching folder. */
function compile(patterns: readonly string[]): (file: string) => string | null {
  const rules = patterns.map((line) => {
    const negate = line.startsWith('!');
    const body = path.posix.normalize((negate ? line.slice(1) : line).trim()).replace(/^\/+/, '').replace(/\/$/, '');
    return { line, negate, regex: new RegExp(`^${globToRegex(body)}$`) };
  });
  return (file) => {
    const parts = file.split('/');
    const prefixes = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
    let excludedBy: string | null = null;
    for (const rule of rules) {
      if (prefixes.some((prefix) => rule.regex.test(prefix))) excludedBy = rule.negate ? null : rule.line;
    }
    return excludedBy;
  };
}

function globToRegex(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        i++;
        if (glob[i + 1] === '/') {
          i++;
          out += '(?:.*/)?';
        } else out += '.*';
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close < 0) out += '\\[';
      else {
        out += `[${glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else if (c === '\\' && i + 1 < glob.length) {
      i++;
      out += glob[i].replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    } else out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return out;
}
