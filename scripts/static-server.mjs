// A tiny static file server for the release bundle, on loopback unless told otherwise.
//
//   node scripts/static-server.mjs [dir] [port] [host]   (defaults: dist, 8080, 127.0.0.1; port 0 = any free port)
//
// Used by `make serve` and imported by the e2e tests (startServer), so the
// tests exercise exactly what users are served. No dependencies.
//
// Compressed: the first visit is about 1 MB uncompressed (the wasm), about
// 450 KB with gzip and less with brotli. A file is sent brotli- or
// gzip-encoded when the browser's Accept-Encoding allows it (brotli first;
// `q=0` refuses), from a precompressed sibling (`app.wasm.br`, `app.wasm.gz`,
// written by scripts/precompress.mjs in the release build) or else
// compressed here with node's zlib and kept in memory until the file
// changes. Every compressible response says `Vary: Accept-Encoding`.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** Types worth compressing (PNG is compressed already). */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.wasm', '.json', '.svg', '.txt', '.ico']);

/** Encodings in order of preference, with their file suffix and compressor. */
const ENCODINGS = [
  { name: 'br', suffix: '.br',
    compress: (b) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: b.length } }) },
  { name: 'gzip', suffix: '.gz', compress: (b) => gzipSync(b, { level: 9 }) },
];

/** The encodings `header` (an Accept-Encoding value) accepts, by name (`q=0` refuses; `*` stands for the rest). */
export function accepted(header = '') {
  const q = new Map();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';').map((s) => s.trim());
    const weight = params.find((p) => p.startsWith('q='));
    if (name) q.set(name, weight === undefined ? 1 : Number(weight.slice(2)));
  }
  return (name) => (q.has(name) ? q.get(name) > 0 : (q.get('*') ?? 0) > 0);
}

/** Compressed bodies made here, by path: { mtimeMs, size, body }. */
const made = new Map();

/** The body of `file` in the best encoding `accepts` allows: { body, encoding }. */
async function encoded(file, info, accepts) {
  for (const enc of ENCODINGS.filter((e) => accepts(e.name))) {
    // A precompressed sibling older than the file is stale: ignored.
    const preInfo = await stat(file + enc.suffix).catch(() => null);
    if (preInfo && preInfo.mtimeMs >= info.mtimeMs) return { body: await readFile(file + enc.suffix), encoding: enc.name };
    const key = `${file}\0${enc.name}`;
    const hit = made.get(key);
    if (hit && hit.mtimeMs === info.mtimeMs && hit.size === info.size) return { body: hit.body, encoding: enc.name };
    const body = enc.compress(await readFile(file));
    made.set(key, { mtimeMs: info.mtimeMs, size: info.size, body });
    return { body, encoding: enc.name };
  }
  return { body: await readFile(file), encoding: undefined };
}

/** Starts serving `dir` on `host`:`port`; resolves to { server, url }. */
export function startServer(dir = 'dist', port = 0, host = '127.0.0.1') {
  const root = resolve(dir);
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      let file = normalize(join(root, path));
      if (file !== root && !file.startsWith(root + sep)) {
        res.writeHead(403).end('forbidden');
        return;
      }
      let info = await stat(file).catch(() => null);
      if (info?.isDirectory()) {
        file = join(file, 'index.html');
        info = await stat(file);
      }
      const type = extname(file);
      const headers = { 'content-type': TYPES[type] ?? 'application/octet-stream', 'cache-control': 'no-cache' };
      let body;
      if (COMPRESSIBLE.has(type)) {
        const out = await encoded(file, info, accepted(req.headers['accept-encoding']));
        body = out.body;
        headers.vary = 'Accept-Encoding';
        if (out.encoding) headers['content-encoding'] = out.encoding;
      } else {
        body = await readFile(file);
      }
      headers['content-length'] = body.length;
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
      ok({ server, url: `http://${shown}:${server.address().port}/` });
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [dir = 'dist', port = '8080', host = '127.0.0.1'] = process.argv.slice(2);
  const { server, url } = await startServer(dir, Number(port), host);
  console.log(`KafkaSim is being served at ${url}  (Ctrl+C to stop)`);
  if (host !== '127.0.0.1') console.log(`Listening on ${host}: other machines reach it at this machine's address, port ${port}.`);
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
