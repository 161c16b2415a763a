// Puts the drydock language server into server/ so the extension is
// self-contained: the project's built dist/, the data files it reads at run
// time (schema/, schemas/, package.json) and its production dependencies,
// installed from the project's lockfile. Run `npm run build` in the project first.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const extension = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const project = path.resolve(extension, '..');
const server = path.join(extension, 'server');

if (!existsSync(path.join(project, 'dist', 'cli', 'main.js'))) {
  console.error('stage-server: the project is not built (run `npm run build` in the project root first)');
  process.exit(1);
}
rmSync(server, { recursive: true, force: true });
mkdirSync(server);
for (const entry of ['dist', 'schema', 'schemas', 'package.json', 'package-lock.json', 'LICENSE']) {
  const from = path.join(project, entry);
  if (existsSync(from)) cpSync(from, path.join(server, entry), { recursive: true, filter: (file) => !file.endsWith('.map') && !file.endsWith('.d.ts') });
}
// --ignore-scripts: `prepare` would rebuild from sources that are not here; no runtime dependency needs its install script.
execFileSync('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: server, stdio: 'inherit' });
console.log(`stage-server: server staged in ${path.relative(process.cwd(), server) || '.'}`);
