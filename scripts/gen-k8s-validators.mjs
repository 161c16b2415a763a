// Precompiles the Kubernetes schema validators with ajv's standalone mode, so that a run loads
// generated code instead of compiling schemas (about 0.5 s of CPU for one Deployment): per shipped
// minor version, schemas/k8s/validators/<version>.js.br holds CommonJS code exporting one validate
// function per served kind's definition (shared sub-definitions once), Brotli-compressed; index.json
// records the SHA-256 of the schemas.json.gz it was made from (other data: the runtime compiles
// instead, and test/k8s-validators.test.ts fails). Run after scripts/gen-k8s-schemas.mjs, on a built
// tree: `npm run build && npm run gen:validators`.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = path.join(root, 'dist', 'k8s', 'schema', 'validator.js');
if (!existsSync(built)) {
  console.error('gen-k8s-validators: the project is not built (run `npm run build` first)');
  process.exit(1);
}
const require = createRequire(import.meta.url);
const standaloneCode = require('ajv/dist/standalone').default;
const { versionAjv, precompiledRefs, precompiledFile } = await import(pathToFileURL(built).href);
const { schemaVersions } = await import(pathToFileURL(path.join(root, 'dist', 'k8s', 'schema', 'data.js')).href);

const out = path.join(root, 'schemas', 'k8s', 'validators');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const versions = schemaVersions();
let total = 0;
for (const version of versions) {
  // The same instance and refs as test/k8s-validators.test.ts regenerates to check for staleness.
  const refs = Object.fromEntries(precompiledRefs(version).map((ref) => [ref, ref]));
  const code = standaloneCode(versionAjv(version, { source: true }), refs);
  // Quality 10 with a 16 MiB window: about half of gzip's size, a few seconds per version to write.
  const compressed = brotliCompressSync(code, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 10, [constants.BROTLI_PARAM_LGWIN]: 24, [constants.BROTLI_PARAM_SIZE_HINT]: code.length },
  });
  writeFileSync(fileURLToPath(precompiledFile(version)), compressed);
  total += compressed.length;
  console.log(`gen-k8s-validators: ${version}: ${(code.length / 1024).toFixed(0)} KiB of code, ${(compressed.length / 1024).toFixed(0)} KiB compressed`);
}
const schemas = createHash('sha256').update(readFileSync(path.join(root, 'schemas', 'k8s', 'schemas.json.gz'))).digest('hex');
writeFileSync(path.join(out, 'index.json'), `${JSON.stringify({ schemas, versions }, null, 2)}\n`);
console.log(`gen-k8s-validators: ${versions.length} versions, ${(total / 1024).toFixed(0)} KiB in ${path.relative(root, out)}/`);
