// End-to-end test of the app shell against the release bundle in dist/.
//
//   trunk build --release && node tests/e2e/shell.spec.mjs
//
// Serves dist/ on a free loopback port (scripts/static-server.mjs), drives the
// system Chromium through playwright-core, and checks: no console errors, no
// request leaves the page's origin, the header shows, the language follows the
// browser and ?lang=, the switch works by mouse and keyboard. It saves
// screenshots at 1280x720 and 1920x1080 in both languages to
// tests/e2e/screenshots/ for a human to look at.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { watchProblems, serveDist, SHOTS } from './harness.mjs';

const HANGUL = /[\uAC00-\uD7A3]/;
const SIZES = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
];

const suite = serveDist();

/** Opens `path` in a new context with the browser language `locale`, and
 *  records console errors and requests to other origins. */
async function open(path, locale) {
  const context = await suite.browser.newContext({ locale, viewport: SIZES[0] });
  const page = await context.newPage();
  const problems = [];
  watchProblems(page, context, suite.base, problems);
  const started = Date.now();
  await page.goto(new URL(path, suite.base).href);
  await page.getByTestId('app-header').waitFor({ state: 'visible' });
  const readyMs = Date.now() - started;
  return { page, context, problems, readyMs };
}

const htmlLang = (page) => page.evaluate(() => document.documentElement.lang);
const tagline = (page) => page.locator('.tagline').innerText();
const pressed = (page, tag) => page.getByTestId(`lang-${tag}`).getAttribute('aria-pressed');

async function shoot(page, lang) {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.screenshot({ path: new URL(`shell-${lang}-${size.width}x${size.height}.png`, SHOTS).pathname });
  }
  await page.setViewportSize(SIZES[0]);
}

test('English browser: English shell, switch to Korean and back, screenshots', async () => {
  const { page, context, problems, readyMs } = await open('./', 'en-US');
  console.log(`# app header visible ${readyMs} ms after navigation`);
  assert.match(await page.getByTestId('app-header').innerText(), /KafkaSim/);
  assert.ok(await page.getByTestId('stage').isVisible());
  assert.equal(await htmlLang(page), 'en');
  assert.equal(await pressed(page, 'en'), 'true');
  const english = await tagline(page);
  assert.doesNotMatch(english, HANGUL);
  await shoot(page, 'en');

  await page.getByTestId('lang-ko').click();
  assert.equal(await htmlLang(page), 'ko');
  assert.equal(await pressed(page, 'ko'), 'true');
  assert.match(await tagline(page), HANGUL);
  assert.match(await page.getByTestId('stage').innerText(), HANGUL);
  assert.match(await page.title(), HANGUL);
  await shoot(page, 'ko');

  await page.getByTestId('lang-en').click();
  assert.equal(await htmlLang(page), 'en');
  assert.equal(await tagline(page), english);
  assert.deepEqual(problems, []);
  await context.close();
});

test('Korean browser starts in Korean', async () => {
  const { page, context, problems } = await open('./', 'ko-KR');
  assert.equal(await htmlLang(page), 'ko');
  assert.match(await tagline(page), HANGUL);
  assert.deepEqual(problems, []);
  await context.close();
});

test('?lang= overrides the browser language', async () => {
  for (const [locale, param, want] of [['ko-KR', 'en', 'en'], ['en-US', 'ko', 'ko']]) {
    const { page, context, problems } = await open(`./?lang=${param}`, locale);
    assert.equal(await htmlLang(page), want, `${locale} with ?lang=${param}`);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('the language switch works from the keyboard', async () => {
  const { page, context, problems } = await open('./', 'en-US');
  await page.keyboard.press('Tab'); // first focusable element: the 한국어 button
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'lang-ko');
  const ring = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(ring, 'none', 'keyboard focus must be visible');
  await page.keyboard.press('Enter');
  assert.equal(await htmlLang(page), 'ko');
  assert.deepEqual(problems, []);
  await context.close();
});
