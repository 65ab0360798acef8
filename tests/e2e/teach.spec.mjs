// End-to-end test of lessons, presenter keys, embed mode, the slide-deck API
// and share links / files against the release bundle in dist/.
//
//   trunk build --release && node tests/e2e/teach.spec.mjs
//
// Saves a 960x540 Korean embed screenshot to tests/e2e/screenshots/.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { serveDist, SHOTS } from './harness.mjs';

const HANGUL = /[\uAC00-\uD7A3]/;
const suite = serveDist();

async function open(path, { viewport = { width: 1280, height: 720 }, ready = 'stage', onRequest } = {}) {
  const context = await suite.browser.newContext({ locale: 'en-US', viewport });
  const page = await context.newPage();
  if (onRequest) page.on('request', (r) => onRequest(r.url()));
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
  await page.goto(new URL(path, suite.base).href);
  await page.getByTestId(ready).first().waitFor({ state: 'visible' });
  return { page, context, problems };
}

const step = async (page) => Number(await page.getByTestId('lesson-step').getAttribute('data-step'));
const simMs = (page) => page.getByTestId('sim-time').getAttribute('data-ms');
const brokerStates = (page) =>
  page.$$eval('[data-testid^="broker-"]', (els) => els.map((e) => `${e.dataset.testid}=${e.dataset.state}`).join(','));
async function waitStep(page, n) {
  await page.waitForFunction((n) => document.querySelector('[data-testid="lesson-step"]')?.dataset.step === String(n), n);
}

test('the start page shows the catalog beside the lively cluster', async () => {
  const fetched = [];
  const { page, context, problems } = await open('./', { onRequest: (url) => fetched.push(url) });
  const ids = await page.$$eval('[data-testid="lesson-list"] [data-lesson-id]', (els) => els.map((e) => e.dataset.lessonId));
  assert.ok(ids.length >= 7, `lessons: ${ids}`);
  assert.ok(ids.includes('the-log') && ids.includes('broker-failure'));
  assert.ok(await page.getByTestId('app-header').isVisible());
  // Lesson files are not part of the first visit: one is fetched when it opens.
  assert.deepEqual(fetched.filter((u) => u.includes('/lessons/')), []);
  await page.locator('[data-lesson-id="the-log"] button').click();
  await waitStep(page, 0);
  assert.deepEqual(fetched.filter((u) => u.includes('/lessons/')).map((u) => u.replace(/^.*\/lessons\//, '')),
    ['01-the-log.json']);
  await page.getByTestId('lesson-next').click();
  await waitStep(page, 1);
  await page.getByTestId('lesson-toc').click();
  await page.locator('[data-testid="lesson-toc-item"][data-step="3"]').click();
  await waitStep(page, 3);
  assert.deepEqual(problems, []);
  await context.close();
});

for (const lang of ['ko', 'en']) {
  test(`a lesson runs start to end in embed mode by keyboard (${lang}); back restores the state`, async () => {
    const viewport = { width: 960, height: 540 };
    const { page, context, problems } = await open(`./?embed=1&lesson=broker-failure&lang=${lang}`, { viewport, ready: 'lesson-text' });
    assert.equal(await page.getByTestId('app-header').count(), 0, 'no app header in embed mode');
    const steps = Number(await page.getByTestId('lesson-step').getAttribute('data-steps'));
    assert.ok(steps >= 3);
    const seen = [];
    for (let n = 1; n <= steps; n++) {
      await page.keyboard.press(n % 2 ? 'ArrowRight' : 'PageDown');
      await waitStep(page, n);
      // A step's wait plays in real time (issue 20 item 2): record the state where it ends.
      await page.getByTestId('lesson-waiting').waitFor({ state: 'detached', timeout: 30000 });
      const text = await page.getByTestId('lesson-text').innerText();
      if (lang === 'ko') assert.match(text, HANGUL);
      else assert.doesNotMatch(text, HANGUL);
      seen.push({ ms: await simMs(page), brokers: await brokerStates(page), text });
      if (lang === 'ko' && n === 2) {
        await page.screenshot({ path: new URL('teach-embed-ko-960x540.png', SHOTS).pathname });
      }
    }
    assert.equal(await page.getByTestId('lesson-next').isDisabled(), true);
    // Back two steps, one at a time: the state is the one first reached there.
    for (const n of [steps - 1, steps - 2]) {
      await page.keyboard.press(n === steps - 1 ? 'ArrowLeft' : 'PageUp');
      await waitStep(page, n);
      assert.equal(await simMs(page), seen[n - 1].ms, `sim time at step ${n}`);
      assert.equal(await brokerStates(page), seen[n - 1].brokers, `brokers at step ${n}`);
      assert.equal(await page.getByTestId('lesson-text').innerText(), seen[n - 1].text);
    }
    await page.keyboard.press('Home');
    await waitStep(page, 1);
    await page.keyboard.press('End');
    await waitStep(page, steps);
    await page.keyboard.press('?');
    await page.getByTestId('keymap').waitFor();
    await page.keyboard.press('Escape');
    // Space plays, '.' pauses.
    await page.keyboard.press(' ');
    await page.waitForFunction(() => document.querySelector('[data-testid="play-pause"]').getAttribute('aria-pressed') === 'true');
    await page.keyboard.press('.');
    await page.waitForFunction(() => document.querySelector('[data-testid="play-pause"]').getAttribute('aria-pressed') === 'false');
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('a page embeds the app in an iframe and drives it with postMessage', async () => {
  const { page, context, problems } = await open('./embed-example.html', { ready: 'parent-state' });
  await page.waitForFunction(() => window.received.length > 0);
  const frame = page.frameLocator('#sim');
  await frame.getByTestId('lesson-text').waitFor();
  assert.equal(await frame.getByTestId('app-header').count(), 0);
  const post = (msg) => page.evaluate((msg) => document.getElementById('sim').contentWindow.postMessage(msg, '*'), msg);
  const last = () => page.evaluate(() => window.received.at(-1));
  await post({ type: 'kafkasim:next' });
  await page.waitForFunction(() => window.received.at(-1)?.step === 1);
  await post({ type: 'kafkasim:goto', step: 3 });
  await page.waitForFunction(() => window.received.at(-1)?.step === 3);
  const s = await last();
  assert.equal(s.lesson, 'broker-failure');
  assert.ok(s.steps >= 3 && s.simTimeMs > 0, JSON.stringify(s));
  await post({ type: 'kafkasim:prev' });
  await page.waitForFunction(() => window.received.at(-1)?.step === 2);
  await post({ type: 'kafkasim:play' });
  await page.waitForFunction(() => window.received.at(-1)?.playing === true);
  await post({ type: 'kafkasim:pause' });
  await page.waitForFunction(() => window.received.at(-1)?.playing === false);
  await post({ type: 'kafkasim:command', line: 'sim broker kill 3' });
  await page.waitForFunction(() => document.getElementById('sim').contentDocument
    .querySelector('[data-testid="broker-3"]')?.dataset.state !== 'running');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a share link reproduces the run at the same simulated time', async () => {
  const { page, context, problems } = await open('./?scenario=blank&seed=3');
  const input = page.getByTestId('console-input');
  await input.fill('kafka-topics --bootstrap-server localhost:9092 --create --topic t --partitions 2 --replication-factor 3');
  await input.press('Enter');
  for (let i = 0; i < 25; i++) await page.getByTestId('step').click();
  await input.fill('sim broker kill 2');
  await input.press('Enter');
  for (let i = 0; i < 10; i++) await page.getByTestId('step').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="share-link"]').dataset.ready === 'true');
  const link = await page.getByTestId('share-link').inputValue();
  assert.match(link, /#run=1\./);
  const want = { ms: await simMs(page), brokers: await brokerStates(page), transcript: await page.getByTestId('console-output').innerText() };
  const second = await context.newPage();
  await second.goto(link);
  await second.getByTestId('stage').waitFor();
  assert.equal(await second.getByTestId('load-error').count(), 0);
  assert.equal(await simMs(second), want.ms);
  assert.equal(await brokerStates(second), want.brokers);
  assert.equal(await second.getByTestId('console-output').innerText(), want.transcript);
  // The QR code of the link.
  await page.getByTestId('share-qr-button').click();
  const qr = page.getByTestId('share-qr').locator('svg');
  await qr.waitFor();
  const box = await qr.boundingBox();
  assert.ok(box.width >= 400, `QR ${box.width}px wide`);
  // The same run as a file, imported into a fresh page.
  const third = await context.newPage();
  await third.goto(new URL('./', suite.base).href);
  await third.getByTestId('stage').waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), page.evaluate(() => document.querySelector('[data-testid="export-file"]').click())]);
  const path = await download.path();
  await third.getByTestId('import-file').setInputFiles(path);
  await third.waitForFunction((ms) => document.querySelector('[data-testid="sim-time"]').dataset.ms === ms, want.ms);
  assert.equal(await brokerStates(third), want.brokers);
  assert.deepEqual(problems, []);
  await context.close();
});

test('broken links, files and parameters open the default page with a clear message', async () => {
  const { page: p0, context: c0 } = await open('./?scenario=blank&seed=5');
  await p0.waitForFunction(() => document.querySelector('[data-testid="share-link"]').dataset.ready === 'true');
  const good = await p0.getByTestId('share-link').inputValue();
  await c0.close();
  const frag = good.split('#')[1];
  const tampered = frag.slice(0, 20) + (frag[20] === 'A' ? 'B' : 'A') + frag.slice(21);
  for (const path of [`./#run=1.AAAA`, `./#run=7.abc`, `./#${frag.slice(0, frag.length - 6)}`, `./#${tampered}`, './?lesson=nope&speed=abc&step=x']) {
    const { page, context } = await open(path);
    await page.getByTestId('load-error').waitFor();
    assert.ok((await page.getByTestId('load-error').innerText()).length > 10);
    assert.ok(await page.getByTestId('lesson-list').isVisible(), `default page for ${path}`);
    await context.close();
  }
  const { page, context } = await open('./');
  await page.getByTestId('import-file').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"kafkasim-run","version":1,"sce') });
  await page.getByTestId('load-error').waitFor();
  await page.getByTestId('import-file').setInputFiles({ name: 'other.json', mimeType: 'application/json', buffer: Buffer.from('{"hello":1}') });
  await page.getByTestId('load-error').waitFor();
  assert.ok(await page.getByTestId('lesson-list').isVisible());
  await context.close();
});

// Every built-in lesson, start to end, in Korean and English, in embed mode, by keyboard.
test('every lesson runs start to end by keyboard in both languages', async () => {
  const first = await open('./?lang=en', { ready: 'lesson-list' });
  const ids = await first.page.locator('[data-lesson-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-lesson-id')));
  await first.context.close();
  assert.ok(ids.length >= 12, `12 lessons in the catalog, found ${ids.length}`);
  for (const id of ids) {
    for (const lang of ['ko', 'en']) {
      const viewport = { width: 960, height: 540 };
      const { page, context, problems } = await open(`./?embed=1&lesson=${id}&lang=${lang}`, { viewport, ready: 'lesson-text' });
      const steps = Number(await page.getByTestId('lesson-step').getAttribute('data-steps'));
      assert.ok(steps >= 3 && steps <= 12, `${id}: ${steps} steps`);
      for (let n = 1; n <= steps; n++) {
        await page.keyboard.press('ArrowRight');
        await waitStep(page, n);
        const text = await page.getByTestId('lesson-text').innerText();
        assert.ok(text.trim().length > 0, `${id} ${lang} step ${n} has narration`);
        if (lang === 'ko') assert.match(text, HANGUL, `${id} step ${n} in Korean`);
      }
      assert.deepEqual(problems, [], `${id} ${lang}`);
      await context.close();
    }
  }
});
