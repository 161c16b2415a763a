#!/usr/bin/env node
/**
 * Writes docs/rules/<rule-id>.md for every rule and docs/rules/README.md, from
 * the rules' metadata (src/docs/rule-docs.ts), and removes pages of rules that
 * no longer exist. Run after `npm run build`; `--check` only reports stale files
 * and exits 1 when there are any.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderAllRuleDocs } from '../dist/docs/rule-docs.js';
import { allRules } from '../dist/rules/index.js';

const docsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'rules');
const check = process.argv.includes('--check');
const wanted = renderAllRuleDocs(allRules);

function existing(dir, prefix = '') {
  let files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const relative = prefix + entry.name;
    if (entry.isDirectory()) files = files.concat(existing(path.join(dir, entry.name), `${relative}/`));
    else if (entry.name.endsWith('.md')) files.push(relative);
  }
  return files;
}

mkdirSync(docsDir, { recursive: true });
const stale = [];
for (const [relative, content] of wanted) {
  const file = path.join(docsDir, relative);
  let current = null;
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    // a new rule: no page yet
  }
  if (current === content) continue;
  stale.push(relative);
  if (!check) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}
for (const relative of existing(docsDir)) {
  if (wanted.has(relative)) continue;
  stale.push(relative);
  if (!check) rmSync(path.join(docsDir, relative));
}
if (check) {
  if (stale.length > 0) {
    console.error(`docs/rules is stale (${stale.join(', ')}): run \`npm run docs\`.`);
    process.exitCode = 1;
  }
} else {
  console.log(`docs/rules: ${wanted.size} pages, ${stale.length} written or removed.`);
}
