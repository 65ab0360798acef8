// `make serve`'s server (scripts/static-server.mjs) sends the bundle brotli-
// or gzip-encoded as the browser's Accept-Encoding allows, with the right
// Content-Encoding and Vary headers, and the page still works that way.
//
//   scripts/release-build.sh && node tests/e2e/serve.spec.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

import { serveDist, openCluster } from './harness.mjs';

const suite = serveDist();

/** GET `path` with `acceptEncoding`; resolves to { status, headers, body } (body as received). */
function get(path, acceptEncoding) {
  return new Promise((ok, fail) => {
    const headers = acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding };
    request(new URL(path, suite.base), { headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', fail).end();
  });
}

const decode = { br: brotliDecompressSync, gzip: gunzipSync, undefined: (b) => b };

test('the wasm, the JS, the CSS and the page come compressed as Accept-Encoding allows', async () => {
  const files = (await readdir('dist')).filter((f) => /\.(wasm|js|css|html)$/.test(f));
  assert.ok(files.some((f) => f.endsWith('.wasm')), `a wasm file in dist: ${files}`);
  for (const file of files) {
    const plain = await readFile(`dist/${file}`);
    for (const [accept, want] of [['gzip, deflate, br, zstd', 'br'], ['gzip', 'gzip'], ['br;q=0, gzip;q=0.5', 'gzip'],
      ['identity', undefined], [undefined, undefined], ['*', 'br'], ['gzip;q=0, br;q=0', undefined]]) {
      const r = await get(`/${file}`, accept);
      assert.equal(r.status, 200, file);
      assert.equal(r.headers['content-encoding'], want, `${file} with Accept-Encoding: ${accept}`);
      assert.match(r.headers.vary ?? '', /accept-encoding/i, `${file}: Vary: Accept-Encoding`);
      assert.equal(Number(r.headers['content-length']), r.body.length, `${file}: Content-Length`);
      assert.ok(decode[want](r.body).equals(plain), `${file} (${want}) decodes to the file`);
      if (want && file.endsWith('.wasm')) assert.ok(r.body.length < plain.length / 2, `${file} ${want}: ${r.body.length} of ${plain.length} B`);
    }
  }
  // PNG screenshots are compressed already: sent as they are. A missing file is a 404.
  assert.equal((await get('/no-such-file.js', 'gzip')).status, 404);
});

test('the page loads and plays from the compressed bundle', async () => {
  const encodings = [];
  const { page, context, problems } = await openCluster(suite, './?lang=en', { viewport: { width: 1280, height: 720 } });
  page.on('response', async (r) => encodings.push([r.url(), (await r.allHeaders())['content-encoding']]));
  await page.reload();
  await page.getByTestId('broker-1').waitFor({ state: 'visible' });
  const wasm = encodings.find(([u]) => u.endsWith('.wasm'));
  assert.ok(wasm, `the wasm was fetched: ${JSON.stringify(encodings)}`);
  assert.equal(wasm[1], 'br', 'Chromium gets brotli');
  const t0 = Number(await page.getByTestId('sim-time').getAttribute('data-ms'));
  await page.waitForFunction((t0) => Number(document.querySelector('[data-testid="sim-time"]').dataset.ms) > t0 + 500, t0);
  assert.deepEqual(problems, []);
  await context.close();
});
