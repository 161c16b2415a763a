// Bundles the command line into dist/bundle/ with esbuild (run by `npm run build` after tsc):
// one file per entry point plus chunks for what loads on demand (the LSP server, `verify`, the
// Kubernetes loader and schema code), so that start-up reads a few files instead of ~300 modules.
// dist/cli/main.js (the `bin`) sets V8 flags and loads dist/bundle/drydock.js.
//
// Files found relative to a module (package.json, schema/, schemas/, tree-sitter's wasm through
// createRequire) keep working because every `import.meta.url` in src/ is rewritten to the URL the
// module has in tsc's layout (dist/<path>.js), relative to the bundle's own URL. The exception is
// src/cli/entry-points.ts, which locates sibling entry points (the --jobs worker) and so must see
// the bundle's real URL.
import { build } from 'esbuild';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'bundle');

/** Entry points: output name (dist/bundle/<name>.js) → source. A missing optional source is skipped. */
const ENTRIES = [
  { name: 'drydock', source: 'src/cli/start.ts' },
  // The worker thread of --jobs, started by the CLI through src/cli/entry-points.ts.
  { name: 'worker', source: 'src/cli/worker.ts', optional: true },
];

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
if (metafileAt >= 0 && process.argv[metafileAt + 1]) writeFileSync(process.argv[metafileAt + 1], JSON.stringify(result.metafile));

// Silent unless asked: `npm pack` runs this through `prepare`, and pre-commit reads npm pack's stdout as the tarball's name.
if (process.argv.includes('--stats')) {
  const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
  const files = Object.keys(result.metafile.outputs).length;
  console.log(`build-cli: ${Object.keys(entryPoints).join(', ')} → ${path.relative(root, outdir)}/ (${files} files, ${(bytes / 1024).toFixed(0)} KiB)`);
}
