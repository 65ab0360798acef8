// Issue 12, items 5 and 6, against the release bundle in dist/, at 1280x720,
// 1440x900 and 1920x1080 in Korean and English:
//
//   scripts/release-build.sh && node tests/e2e/controls.spec.mjs
//
// - After a rewind the "Rewound: acting now forks a new future" banner shows,
//   and the timeline slider keeps at least 60% of the control bar's width
//   (it had been squeezed to zero width at 1440x900).
// - The page writes no emoji or symbol characters (missing-glyph boxes in a
//   Chromium without an emoji font); icons are SVG.
// - A long group id (kafka-console-consumer's `console-consumer-<n>`) is
//   shown whole in its group box and in the partition detail, not clipped.
// Screenshots go to tests/e2e/screenshots/.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { serveDist, SHOTS, openCluster, openDetail, type, until } from './harness.mjs';

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
  { width: 1920, height: 1080 },
];
const LANGS = [['en', 'en-US'], ['ko', 'ko-KR']];
const GROUP = 'console-consumer-48213';

const suite = serveDist();

async function atEverySize(page, name, check) {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.waitForTimeout(250);
    await check(`${name} ${size.width}x${size.height}`);
    await page.screenshot({ path: new URL(`${name}-${size.width}x${size.height}.png`, SHOTS).pathname });
  }
}

/** The same blocks tests/ui_glyphs.rs bans in the sources. */
const SYMBOLS = /[\u2195-\u21FF\u2205\u2298\u2300-\u23FF\u2460-\u24FF\u25A0-\u27BF\u2900-\u297F\u2B00-\u2BFF\uFE0E\uFE0F\uFF01-\uFF5E]|[\u{1F000}-\u{1FAFF}]/u;

test('item 5: after a rewind the banner leaves the slider at least 60% of the control bar', async () => {
  for (const [lang, locale] of LANGS) {
    const { page, context, problems } = await openCluster(suite, `./?seed=5&scenario=blank&lang=${lang}`, { locale, viewport: SIZES[0] });
    // A command after the instant we rewind to: acting then forks a new future.
    for (const line of ['sim advance 10s', 'sim broker kill 1', 'sim advance 10s']) await type(page, line);
    await until(async () => Number(await page.getByTestId('sim-time').getAttribute('data-ms')) >= 20000, 'time to advance');
    await page.getByTestId('timeline').fill('5000');
    await page.getByTestId('forked').waitFor({ state: 'visible' });
    await atEverySize(page, `rewound-${lang}`, async (where) => {
      const bar = await page.getByTestId('controls').boundingBox();
      const slider = await page.getByTestId('timeline').boundingBox();
      assert.ok(await page.getByTestId('forked').isVisible(), `${where}: the banner shows`);
      assert.ok(await page.getByTestId('timeline').isVisible(), `${where}: the slider is visible`);
      assert.ok(slider.width >= 0.6 * bar.width, `${where}: slider ${slider.width} px of a ${bar.width} px bar`);
    });
    const out = await page.getByTestId('console-output').innerText();
    assert.match(out, /# rewound to 5\.0s/, 'the console notes the rewind in words');
    assert.doesNotMatch(await page.locator('body').innerText(), SYMBOLS, 'no symbol characters on the page');
    assert.deepEqual(problems, []);
    await context.close();
  }
});

/** How far each line of the group title reaches past its box (px, <= 0 when inside), and the text. */
const groupTitle = (page) => page.getByTestId(`group-title-${GROUP}`).evaluate((el) => {
  const box = el.closest('g.group').querySelector('rect').getBoundingClientRect();
  const lines = [...el.querySelectorAll('tspan')].map((t) => t.getBoundingClientRect());
  return {
    text: [...el.querySelectorAll('tspan')].map((t) => t.textContent).join(''),
    over: Math.max(...lines.map((r) => Math.max(r.right - box.right, box.left - r.left))),
    lines: lines.length,
  };
});

test('item 6: a long group id is shown whole in its box and in the partition detail', async () => {
  for (const [lang, locale] of LANGS) {
    const { page, context, problems } = await openCluster(suite, `./?seed=5&scenario=blank&lang=${lang}`, { locale, viewport: SIZES[0] });
    for (const line of [
      'kafka-topics --bootstrap-server localhost:9092 --create --topic orders --partitions 2 --replication-factor 3',
      'sim producer start load --topic orders --rate 10',
      `sim consumer start c1 --group ${GROUP} --topic orders`,
      'sim consumer start billing-1 --group billing --topic orders',
      'sim advance 10s',
    ]) await type(page, line);
    await page.getByTestId(`group-${GROUP}`).waitFor({ state: 'visible' });
    const word = lang === 'ko' ? '그룹' : 'Group';
    await atEverySize(page, `group-name-${lang}`, async (where) => {
      const t = await groupTitle(page);
      assert.equal(t.text.replace(/\s/g, ''), `${word}${GROUP}`, `${where}: the whole id`);
      assert.ok(t.lines >= 2, `${where}: the id wraps (${t.lines} lines)`);
      assert.ok(t.over <= 1, `${where}: the title reaches ${t.over} px past its box`);
    });
    const leader = await page.locator('[data-testid^="replica-orders-0-"][data-role="leader"]').getAttribute('data-testid');
    await openDetail(page, 'orders', 0, leader.split('-').pop());
    const name = page.getByTestId(`marks-${GROUP}`).locator('.strip-name');
    await name.waitFor({ state: 'visible' });
    await atEverySize(page, `group-detail-${lang}`, async (where) => {
      const [scroll, client] = await name.evaluate((el) => [el.scrollWidth, el.clientWidth]);
      assert.ok(scroll <= client, `${where}: detail name ${scroll} px in ${client} px`);
      assert.match((await name.innerText()).replace(/\s/g, ''), new RegExp(`${word}${GROUP}`), `${where}: the whole id`);
    });
    assert.doesNotMatch(await page.locator('body').innerText(), SYMBOLS, 'no symbol characters on the page');
    assert.deepEqual(problems, []);
    await context.close();
  }
});
