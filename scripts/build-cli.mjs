// Bundles the command line into dist/bundle/ with esbuild (run by `npm run build` after tsc):
// - drydock.cjs, the command (src/cli/start.ts): one CommonJS file, because dist/cli/main.js (the
//   `bin`) compiles it with node:vm to use a V8 code cache (Node 20 has none for ES modules). What
//   loads on demand (`await import(…)`: the LSP server, `verify`, the Kubernetes loader, the rules)
//   is still evaluated only when imported. Its first line names a digest of its content: the key of
//   the code cache.
// - worker.js, the --jobs worker thread (an ES module), with chunks for what it loads on demand.
//
// Files found relative to a module (package.json, schema/, schemas/, tree-sitter's wasm through
// createRequire) keep working because every `import.meta.url` in src/ is rewritten to the URL the
// module has in tsc's layout (dist/<path>.js), relative to the bundle's own URL. The exception is
// src/cli/entry-points.ts, which locates sibling entry points (the --jobs worker) and so must see
// the bundle's real URL.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'bundle');

/** The command, bundled as one CommonJS file (dist/bundle/drydock.cjs). */
const COMMAND = 'src/cli/start.ts';
/** Entry points bundled as ES modules: output name (dist/bundle/<name>.js) → source. A missing optional source is skipped. */
const ENTRIES = [
  // The worker thread of --jobs, started by the CLI through src/cli/entry-points.ts.
  { name: 'worker', source: 'src/cli/worker.ts', optional: true },
];
/** The first line of drydock.cjs: the launcher (src/cli/main.ts) reads the digest after it. */
const DIGEST_PREFIX = '// drydock-bundle-digest: ';

/** Modules that must see the real URL of the file they are bundled into. */
const BUNDLE_RELATIVE = new Set(['src/cli/entry-points.ts']);

/** Packages loaded from node_modules at run time rather than bundled. */
const EXTERNAL = [
  // Finds its own web-tree-sitter.wasm next to its module file; loaded only when a RUN needs analysis.
  'web-tree-sitter',
];

const importMetaUrl = {
  name: 'tsc-layout-import-meta-url',
  setup(builder) {
    builder.onLoad({ filter: /\.ts$/ }, (args) => {
      const relative = path.relative(root, args.path).split(path.sep).join('/');
      let contents = readFileSync(args.path, 'utf8');
      if (relative.startsWith('src/') && !BUNDLE_RELATIVE.has(relative) && contents.includes('import.meta.url')) {
        const compiled = path.relative(outdir, path.join(root, 'dist', relative.slice('src/'.length).replace(/\.ts$/, '.js')));
        const url = `new URL(${JSON.stringify(compiled.split(path.sep).join('/'))}, import.meta.url).href`;
        contents = contents.replace(/\bimport\.meta\.url\b/g, url);
      }
      return { contents, loader: 'ts' };
    });
  },
};

const entryPoints = {};
for (const entry of ENTRIES) {
  if (existsSync(path.join(root, entry.source))) entryPoints[entry.name] = path.join(root, entry.source);
  else if (!entry.optional) throw new Error(`build-cli: entry ${entry.source} does not exist`);
}

rmSync(outdir, { recursive: true, force: true });
const command = await build({
  entryPoints: [path.join(root, COMMAND)],
  outfile: path.join(outdir, 'drydock.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  // The launcher runs the file as the body of a function whose parameters include this URL (CommonJS has no import.meta).
  define: { 'import.meta.url': '__drydockBundleUrl' },
  // `import()` in a script compiled by node:vm would need a callback Node 20 marks experimental: load on demand through require().
  supported: { 'dynamic-import': false },
  plugins: [importMetaUrl],
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
  write: false,
});
const commandCode = command.outputFiles[0].text;
const digest = createHash('sha256').update(commandCode).digest('hex').slice(0, 32);
mkdirSync(outdir, { recursive: true });
writeFileSync(path.join(outdir, 'drydock.cjs'), `${DIGEST_PREFIX}${digest}\n${commandCode}`);
// For scripts and people who run the bundle directly (`node dist/bundle/drydock.js`): the same as the bin.
writeFileSync(path.join(outdir, 'drydock.js'), "// The command: dist/cli/main.js runs drydock.cjs with its code cache.\nimport '../cli/main.js';\n");

const result = await build({
  entryPoints,
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outExtension: { '.js': '.js' },
  chunkNames: 'chunk-[hash]',
  external: EXTERNAL,
  // Bundled CommonJS packages (commander, yaml's CJS parts, …) call require() for Node built-ins.
  banner: { js: "import { createRequire as __drydockRequire } from 'node:module'; const require = __drydockRequire(import.meta.url);" },
  plugins: [importMetaUrl],
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
});

// `--metafile FILE`: esbuild's record of inputs and outputs, to see which chunks a run loads (https://esbuild.github.io/analyze/).
const metafileAt = process.argv.indexOf('--metafile');
if (metafileAt >= 0 && process.argv[metafileAt + 1]) {
  const outputs = { ...command.metafile.outputs, ...result.metafile.outputs };
  writeFileSync(process.argv[metafileAt + 1], JSON.stringify({ inputs: { ...command.metafile.inputs, ...result.metafile.inputs }, outputs }));
}

// Silent unless asked: `npm pack` runs this through `prepare`, and pre-commit reads npm pack's stdout as the tarball's name.
if (process.argv.includes('--stats')) {
  const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
  const files = Object.keys(result.metafile.outputs).length;
  console.log(`build-cli: drydock.cjs (${(commandCode.length / 1024).toFixed(0)} KiB); ${Object.keys(entryPoints).join(', ')} → ${path.relative(root, outdir)}/ (${files} files, ${(bytes / 1024).toFixed(0)} KiB)`);
}
