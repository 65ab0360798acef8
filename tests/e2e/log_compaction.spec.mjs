// End-to-end test of the log picture (issue 14) against the release bundle in dist/.
//
//   scripts/release-build.sh && node tests/e2e/log_compaction.spec.mjs
//
// As an instructor would, in English and in Korean: on the blank paused
// cluster, create a compacted topic that rolls a segment every 5 s, let a
// producer of 3 keys write for 73 s while the cleaner runs, then write a
// tombstone and a new value with kafka-console-producer (^C to end it). Open
// the partition's detail and see its segments (base offsets, the active one,
// clean and dirty), the dirty ratio and the cleaner's checkpoint, the gaps
// compaction left (survivors keep their offsets), the tombstone, the log
// start offset, and beside them the table view (latest value per key, the
// tombstone's key gone). The ledger counts the cleaner's removals apart from
// "lost". Then the cleaner runs again with the detail open: the removed
// records fade out where they stood, and are gone a moment later.
// Screenshots at 1280x720, 1440x900 and 1920x1080 in both languages go to
// tests/e2e/screenshots/log-compaction-<lang>-<size>.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { serveDist, SHOTS, openCluster, openDetail, type, until } from './harness.mjs';

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
  { width: 1920, height: 1080 },
];
const BOOT = '--bootstrap-server localhost:9092';
const SETUP = [
  `kafka-topics ${BOOT} --create --topic prices --partitions 1 --replication-factor 1 --config cleanup.policy=compact --config segment.ms=5000 --config min.cleanable.dirty.ratio=0.5`,
  'sim producer start p --topic prices --rate 1 --keys 3',
  'sim advance 73s',
  'sim producer stop p',
];
const PRODUCER = `kafka-console-producer ${BOOT} --topic prices --property parse.key=true --property key.separator=: --property null.marker=NULL`;

const TEXT = {
  en: { dirty: /^dirty \d+%$/, table: 'table view (latest value per key)', removed: 'removed as configured, not lost', active: 'active', clean: 'clean' },
  ko: { dirty: /^더티 \d+%$/, table: '테이블 뷰 (키별 최신 값)', removed: '설정대로 삭제됨 (유실 아님)', active: '활성', clean: '클린' },
};

const suite = serveDist();

async function shoot(page, lang) {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.waitForTimeout(250);
    const detail = await page.getByTestId('partition-detail').boundingBox();
    assert.ok(detail.width > 0.45 * size.width, `${lang} ${size.width}x${size.height}: the detail is ${detail.width} px wide`);
    const table = await page.getByTestId('table-view').boundingBox();
    assert.ok(table && table.x + table.width <= detail.x + detail.width + 1, `${lang} ${size.width}: the table view fits beside the log`);
    await page.screenshot({ path: new URL(`log-compaction-${lang}-${size.width}x${size.height}.png`, SHOTS).pathname });
  }
  await page.setViewportSize(SIZES[0]);
}

/** The broker holding the one replica of prices-0. */
async function replicaBroker(page) {
  const id = await page.locator('[data-testid^="replica-prices-0-"]').first().getAttribute('data-testid');
  return Number(id.split('-').pop());
}

const ints = (xs) => xs.map(Number);

for (const lang of ['en', 'ko']) {
  test(`${lang}: a compacted topic's segments, cleaner, gaps, tombstone and table view`, async () => {
    const words = TEXT[lang];
    const { page, context, problems } = await openCluster(suite, `./?seed=7&scenario=blank&lang=${lang}`, {
      locale: lang === 'ko' ? 'ko-KR' : 'en-US',
      viewport: SIZES[0],
    });
    assert.equal(await page.getByTestId('play-pause').getAttribute('aria-pressed'), 'false', 'the blank cluster starts paused');
    for (const line of SETUP) await type(page, line);
    await type(page, PRODUCER);
    await type(page, 'user-1:NULL');
    await type(page, 'user-2:sold-out');
    await page.getByTestId('console-input').press('Control+C');
    await type(page, 'sim advance 1s');
    await until(async () => (await page.getByTestId('console-output').innerText()).includes('$ sim advance 1s'), 'the last line');

    const b = await replicaBroker(page);
    const detail = await openDetail(page, 'prices', 0, b);
    const segs = detail.getByTestId(`segments-${b}`);

    // Segments: base offsets in order, exactly one active (the last), clean ones below the checkpoint.
    const bases = ints(await segs.locator('.seg').evaluateAll((els) => els.map((e) => e.dataset.base)));
    assert.ok(bases.length >= 3, `several segments: ${bases}`);
    assert.deepEqual(bases, [...bases].sort((x, y) => x - y), 'oldest first');
    assert.equal(await segs.locator('.seg.active').count(), 1);
    assert.equal(Number(await segs.locator('.seg.active').getAttribute('data-base')), bases.at(-1), 'the last is active');
    assert.match(await segs.locator('.seg.active').innerText(), new RegExp(`· ${words.active}$`));
    const firstDirty = Number(await segs.locator('.seg.dirty').first().getAttribute('data-base'));
    const clean = ints(await segs.locator('.seg.clean').evaluateAll((els) => els.map((e) => e.dataset.base)));
    const dirty = ints(await segs.locator('.seg.dirty:not(.active)').evaluateAll((els) => els.map((e) => e.dataset.base)));
    assert.ok(clean.length > 0 && clean.every((x) => x < firstDirty), `clean segments ${clean} below the dirty part at ${firstDirty}`);
    assert.ok(dirty.length > 0 && dirty[0] === firstDirty, `a dirty segment waits for the cleaner: ${dirty}`);
    assert.ok((await segs.locator('.seg.clean').first().innerText()).includes(words.clean));
    assert.match((await segs.locator('.strip-name').innerText()).trim(), words.dirty, 'the dirty ratio');

    // Gaps: survivors keep their offsets, the emptied runs show as dotted holes under ranged heads.
    const strip = detail.getByTestId(`strip-${b}`);
    assert.ok((await strip.locator('.hole').count()) > 0, 'holes where the cleaner removed records');
    const gapHeads = await detail.locator('.offset-head.gap').allInnerTexts();
    assert.ok(gapHeads.length > 0 && gapHeads.every((h) => /^\d+\s*–\d+$/.test(h.trim())), `gap heads: ${gapHeads}`);
    const offsets = ints(await strip.locator('.cell').evaluateAll((els) => els.map((e) => e.dataset.offset)));
    const first = Number(gapHeads[0].trim().split('–')[1]) + 1;
    assert.equal(offsets[0], first, `the first survivor keeps its offset ${offsets[0]}, after the gap ${gapHeads[0]}`);
    assert.equal(await strip.locator('.cell.tomb').count(), 1, 'one tombstone');
    assert.match(await strip.locator('.cell.tomb').getAttribute('title'), lang === 'ko' ? /툼스톤/ : /tombstone/);
    assert.equal((await detail.getByTestId(`start-${b}`).innerText()).trim(), 'log start 0');

    // The table view beside the log: latest value per key, user-1 deleted by its tombstone.
    const table = detail.getByTestId('table-view');
    assert.equal((await table.locator('h3').innerText()).trim(), words.table);
    const rows = await table.locator('tr').evaluateAll((trs) => trs.slice(1).map((tr) => [...tr.children].map((c) => c.textContent)));
    assert.deepEqual(rows.map((r) => r[0]), ['user-0', 'user-2'], 'user-1 was deleted');
    assert.equal(rows[1][1], 'sold-out');
    const strips = await detail.locator('.strips').boundingBox();
    const box = await table.boundingBox();
    assert.ok(box.x >= strips.x + strips.width - 1, 'the table view stands beside the log');

    // The ledger counts the cleaner's removals apart from "lost".
    const removed = await page.getByTestId('ledger-removed').innerText();
    assert.ok(removed.startsWith(words.removed), removed);
    assert.match(removed, /retention 0 · DeleteRecords 0 · compaction [1-9]\d*/);
    assert.equal(await page.getByTestId('ledger-lost').innerText(), '0');
    await page.getByTestId('ledger').screenshot({ path: new URL(`log-compaction-ledger-${lang}.png`, SHOTS).pathname });

    await shoot(page, lang);

    // The cleaner runs again with the detail open: what it removes fades out in place, then leaves.
    const before = new Map(await strip.locator('.cell').evaluateAll((els) => els.map((e) => [e.dataset.offset, e.title])));
    await type(page, 'sim producer start q --topic prices --rate 1 --keys 3');
    await type(page, 'sim advance 15s');
    await until(async () => (await strip.locator('.cell.gone').count()) > 0, 'removed records fading out');
    const fading = await strip.locator('.cell.gone').evaluateAll((els) => els.map((e) => [e.dataset.offset, e.title]));
    for (const [offset, title] of fading) assert.equal(before.get(offset), title, `record ${offset} fades where it stood`);
    await until(
      async () => (await strip.locator('.cell.gone').evaluateAll((els) => els.every((e) => getComputedStyle(e).opacity === '0'))),
      'the fade to finish',
    );
    await type(page, 'sim advance 1s');
    await until(async () => (await strip.locator('.cell.gone').count()) === 0, 'the faded records to leave');

    assert.deepEqual(problems, []);
    await context.close();
  });
}
