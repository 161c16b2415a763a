// Precompiles the Kubernetes schema validators with ajv's standalone mode, so that a run loads
// generated code instead of compiling schemas (about 0.5 s of CPU for one Deployment). Per shipped
// minor version, ajv's module of every served kind's validator is split into segments
// (src/k8s/schema/segments.ts) so that a kind loads only the code it needs; a segment whose code is
// the same in several versions is stored once. Writes to schemas/k8s/validators/:
//   segments.br     each distinct segment's code, Brotli-compressed on its own, one after the other
//   <version>.json  the version's segments (stored segment, imports, exports) and where each ref is
//   index.json      the versions and the kinds each serves (so that a run need not parse the whole
//                   schema data), each stored segment's [offset, length] in segments.br, and the
//                   SHA-256 of the schemas.json.gz it was made from (test/k8s-validators.test.ts fails
//                   when that, the kinds or the code ajv generates now differ).
// Run after scripts/gen-k8s-schemas.mjs, on a built tree: `npm run build && npm run gen:validators`.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const schemaDir = path.join(root, 'dist', 'k8s', 'schema');
if (!existsSync(path.join(schemaDir, 'segments.js'))) {
  console.error('gen-k8s-validators: the project is not built (run `npm run build` first)');
  process.exit(1);
}
const require = createRequire(import.meta.url);
const standaloneCode = require('ajv/dist/standalone').default;
const { versionAjv, precompiledRefs } = await import(pathToFileURL(path.join(schemaDir, 'validator.js')).href);
const { splitStandalone } = await import(pathToFileURL(path.join(schemaDir, 'segments.js')).href);
const { schemaKinds } = await import(pathToFileURL(path.join(schemaDir, 'data.js')).href);

// Removed before anything reads the old index: with none, data.js takes the kinds from schemas.json.gz.
const out = path.join(root, 'schemas', 'k8s', 'validators');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const { versions, kinds } = schemaKinds();

/** Stored segments by the SHA-1 of their code. */
const stored = new Map();
const compressed = [];
let codeBytes = 0;
for (const version of versions) {
  // The same instance and refs as test/k8s-validators.test.ts regenerates to check for staleness.
  const refs = Object.fromEntries(precompiledRefs(version).map((ref) => [ref, ref]));
  const split = splitStandalone(standaloneCode(versionAjv(version, { source: true }), refs));
  const segments = split.segments.map(({ code, imports, exports }) => {
    const key = createHash('sha1').update(code).digest('hex');
    let blob = stored.get(key);
    if (blob === undefined) {
      blob = compressed.length;
      stored.set(key, blob);
      // Quality 11 with a 16 MiB window: segments are small, and this is written once.
      compressed.push(brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24, [constants.BROTLI_PARAM_SIZE_HINT]: code.length } }));
      codeBytes += code.length;
    }
    return { blob, imports, exports };
  });
  writeFileSync(path.join(out, `${version}.json`), `${JSON.stringify({ segments, refs: split.refs })}\n`);
  console.log(`gen-k8s-validators: ${version}: ${segments.length} segments`);
}
const blobs = [];
let offset = 0;
for (const bytes of compressed) {
  blobs.push([offset, bytes.length]);
  offset += bytes.length;
}
writeFileSync(path.join(out, 'segments.br'), Buffer.concat(compressed));
const schemas = createHash('sha256').update(readFileSync(path.join(root, 'schemas', 'k8s', 'schemas.json.gz'))).digest('hex');
writeFileSync(path.join(out, 'index.json'), `${JSON.stringify({ schemas, versions, kinds, blobs })}\n`);
console.log(`gen-k8s-validators: ${versions.length} versions, ${compressed.length} distinct segments, ${(codeBytes / 1024).toFixed(0)} KiB of code, ${(offset / 1024).toFixed(0)} KiB compressed in ${path.relative(root, out)}/`);
