// Writes `<file>.br` (brotli, quality 11) and `<file>.gz` (gzip -9) beside every
// compressible file of the release bundle, for scripts/static-server.mjs and any
// web server that serves precompressed files (see README.md, "Hosting the bundle").
//
//   node scripts/precompress.mjs [dir]     (default: dist)
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.wasm', '.json', '.svg', '.txt', '.ico']);

async function* files(dir) {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) yield* files(path);
    else if (COMPRESSIBLE.has(extname(e.name))) yield path;
  }
}

const dir = process.argv[2] ?? 'dist';
let plain = 0, br = 0, gz = 0;
for await (const path of files(dir)) {
  const body = await readFile(path);
  const b = brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } });
  const g = gzipSync(body, { level: 9 });
  await writeFile(`${path}.br`, b);
  await writeFile(`${path}.gz`, g);
  plain += body.length; br += b.length; gz += g.length;
}
console.log(`precompressed ${dir}: ${plain} B -> ${gz} B gzip, ${br} B brotli`);
