// Issue 20 (classroom defects), items 1, 5, 6, 7 and 9, against the release
// bundle in dist/, as an instructor would use the page:
//
//   scripts/release-build.sh && node tests/e2e/classroom.spec.mjs
//
// 1. Every add form succeeds with the values it opens with (Kafka's defaults:
//    acks=all with idempotence, the default assignor list, 1 partition, RF 1,
//    min.insync.replicas=1); no form offers `__consumer_offsets`.
// 5. A click anywhere on a broker (its chips included) opens its menu beside
//    it and pauses the cluster; closing plays on; the menu opens the detail.
// 6. A crashed broker keeps its greyed log: "LEO n (offline)", n its last LEO.
// 7. Loss explanations read in Korean on the Korean page (ledger and detail).
// 9. An ended console consumer leaves no empty group box.
// Screenshots at 1280x720, 1440x900 and 1920x1080 in Korean and English go to
// tests/e2e/screenshots/classroom-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { serveDist, SHOTS, openCluster, openDetail, type, until } from './harness.mjs';

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
  { width: 1920, height: 1080 },
];
const LANGS = [['en', 'en-US'], ['ko', 'ko-KR']];
const TOPIC1 = 'kafka-topics --bootstrap-server localhost:9092 --create --topic orders --partitions 1 --replication-factor 3';

const suite = serveDist();

const attr = (page, id, name) => page.getByTestId(id).getAttribute(name);
const simMs = async (page) => Number(await attr(page, 'sim-time', 'data-ms'));
const playing = async (page) => (await attr(page, 'play-pause', 'aria-pressed')) === 'true';

async function shoot(page, name) {
  const size = page.viewportSize();
  for (const s of SIZES) {
    await page.setViewportSize(s);
    await page.waitForTimeout(200);
    await page.screenshot({ path: new URL(`classroom-${name}-${s.width}x${s.height}.png`, SHOTS).pathname });
  }
  await page.setViewportSize(size);
}

/** The console lines after the last echo starting with `$ <prefix>`: [class, text]. */
const linesAfter = (page, prefix) => page.getByTestId('console-output').evaluate((el, p) => {
  const lines = [...el.children].map((d) => [d.className, d.textContent]);
  const at = lines.map(([, t]) => t.startsWith(`$ ${p}`)).lastIndexOf(true);
  return at < 0 ? [] : lines.slice(at);
}, prefix);

/** Submits form `testid` unchanged and returns the console lines it produced (echo first). */
async function submitUnchanged(page, testid, prefix) {
  await page.getByTestId(testid).locator('summary').click();
  await page.locator(`[data-testid="${testid}"] button[type="submit"]`).click();
  await until(async () => (await linesAfter(page, prefix)).length > 0, `the ${testid} line`);
  await page.waitForTimeout(100);
  return linesAfter(page, prefix);
}

const errors = (lines) => lines.filter(([c]) => c === 't-err').map(([, t]) => t);

test('item 1: every add form works with the values it opens with', async () => {
  for (const [lang, locale] of LANGS) {
    const { page, context, problems } = await openCluster(suite, `./?lang=${lang}`, { locale, viewport: SIZES[0] });
    await page.getByTestId('group-orders-app').waitFor({ state: 'visible' });
    const wrong = []; // every form is tried; the failures are reported together
    const check = (ok, what) => ok || wrong.push(what);
    for (const form of ['add-producer', 'add-consumer', 'alter-config']) {
      const topics = await page.locator(`[data-testid="${form}"] select[name="topic"] option`).allTextContents();
      check(topics.join() === 'orders', `${form} offers topics ${JSON.stringify(topics)}`);
    }
    await page.getByTestId('add-producer').locator('summary').click();
    const acks = await page.locator('[data-testid="add-producer"] select[name="acks"]').inputValue();
    check(acks === 'all', `the producer form opens on acks=${acks}`);
    await page.getByTestId('add-producer').locator('summary').click();

    const forms = [
      ['add-topic', 'kafka-topics', /--create --topic topic-1 --partitions 1 --replication-factor 1 --config min.insync.replicas=1$/, 'Created topic topic-1.'],
      ['add-producer', 'sim producer start', /--topic orders .*acks=all .*enable.idempotence=true$/, null],
      ['add-consumer', 'sim consumer start', /^\$ sim consumer start consumer-1 --group orders-app --topic orders --consumer-property/, null],
      ['alter-config', 'kafka-configs', /--entity-name orders --alter --add-config min.insync.replicas=2$/, null],
    ];
    for (const [form, prefix, line, out] of forms) {
      const lines = await submitUnchanged(page, form, prefix);
      const said = lines.map(([, t]) => t).join(' | ');
      check(errors(lines).length === 0, `${form} submitted unchanged fails: ${said}`);
      check(line.test(lines[0][1]), `${form} runs ${lines[0][1]}`);
      if (out) check(lines.some(([, t]) => t === out), `${form}: no "${out}" in ${said}`);
    }
    await page.waitForTimeout(300);
    check(await page.getByTestId('producer-producer-1').isVisible(), 'no producer-1 in the picture');
    check(await page.getByTestId('consumer-consumer-1').isVisible(), 'no consumer-1 in the picture');
    assert.deepEqual(wrong, [], `${lang}: the forms with their defaults`);

    await page.getByTestId('add-consumer').locator('summary').click();
    await shoot(page, `forms-${lang}`);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

/** Points inside broker `id`'s box: corners, centre, and the middle of each of its chips. */
async function pointsOn(page, id) {
  const box = await page.getByTestId(`broker-${id}`).locator('.broker-box').boundingBox();
  const points = [
    [box.x + 12, box.y + 12], [box.x + box.width / 2, box.y + box.height / 2],
    [box.x + box.width - 12, box.y + box.height - 12], [box.x + 12, box.y + box.height - 12],
  ];
  for (const chip of await page.getByTestId(`broker-${id}`).locator('[data-testid^="replica-"]').all()) {
    const c = await chip.boundingBox();
    points.push([c.x + c.width / 2, c.y + c.height / 2]);
  }
  return { box, points };
}

/** Clicks (x, y) on broker `id` and checks: its menu opens beside it, the cluster is paused, time stands still. */
async function menuAt(page, id, box, [x, y], where) {
  await page.mouse.click(x, y);
  await page.getByTestId('broker-menu').waitFor({ state: 'visible', timeout: 2000 }).catch(async () => {
    const instead = (await page.getByTestId('partition-detail').count()) > 0 ? 'the partition detail opened instead' : 'nothing opened';
    assert.fail(`${where}: no broker menu; ${instead}`);
  });
  assert.equal(await page.getByTestId('partition-detail').count(), 0, `${where}: no detail`);
  const menu = await page.getByTestId('broker-menu').boundingBox();
  const beside = menu.x >= box.x + box.width - 1 || menu.x + menu.width <= box.x + 1;
  assert.ok(beside, `${where}: menu x ${menu.x}..${menu.x + menu.width} beside the box ${box.x}..${box.x + box.width}`);
  assert.ok(menu.y < box.y + box.height && menu.y + menu.height > box.y, `${where}: menu level with the broker`);
  assert.equal(await playing(page), false, `${where}: the cluster is paused`);
  const t = await simMs(page);
  await page.waitForTimeout(300);
  assert.equal(await simMs(page), t, `${where}: time stands still`);
}

/** Closes the menu with its button, or with Escape (the menu has the focus when it opens). */
async function closeMenu(page, where, how = 'button') {
  if (how === 'Escape') await page.keyboard.press('Escape');
  else await page.getByTestId('menu-close').click();
  await page.getByTestId('broker-menu').waitFor({ state: 'detached' });
  assert.equal(await playing(page), true, `${where}: closing plays on`);
}

test('item 5: a click anywhere on a broker opens its menu beside it, paused; the menu opens the detail', async () => {
  for (const [lang, locale] of LANGS) {
    const { page, context, problems } = await openCluster(suite, `./?lang=${lang}`, { locale, viewport: SIZES[0] });
    await until(() => playing(page), 'the lively start plays');
    for (const id of [1, 3]) {
      const { box, points } = await pointsOn(page, id);
      assert.ok(points.length >= 6, 'corners, centre and chips');
      for (const p of points) {
        const where = `${lang} broker ${id} at (${Math.round(p[0] - box.x)}, ${Math.round(p[1] - box.y)})`;
        await menuAt(page, id, box, p, where);
        await closeMenu(page, where);
      }
    }
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.waitForTimeout(250);
      for (const id of [1, 3]) {
        const { box, points } = await pointsOn(page, id);
        const where = `${lang} ${size.width}x${size.height} broker ${id}`;
        await menuAt(page, id, box, points[points.length - 1], where);
        await page.screenshot({ path: new URL(`classroom-menu${id}-${lang}-${size.width}x${size.height}.png`, SHOTS).pathname });
        await closeMenu(page, where, 'Escape');
      }
    }
    await page.setViewportSize(SIZES[0]);
    await page.waitForTimeout(250);
    await page.getByTestId('replica-orders-0-2').click();
    await page.getByTestId('menu-log-orders-0').click();
    await page.getByTestId('partition-detail').waitFor({ state: 'visible' });
    assert.match(await page.getByTestId('partition-detail').locator('h2').innerText(), /^orders-0 /);
    await shoot(page, `detail-${lang}`);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('item 6: a crashed broker keeps its greyed log and shows "LEO n (offline)"', async () => {
  for (const [lang, locale] of LANGS) {
    const { page, context, problems } = await openCluster(suite, `./?seed=5&scenario=blank&lang=${lang}`, { locale, viewport: SIZES[0] });
    for (const line of [TOPIC1, 'sim producer start load --topic orders --rate 20', 'sim advance 5s']) await type(page, line);
    const chip = page.getByTestId('replica-orders-0-2');
    const leo = Number((await chip.locator('title').textContent()).match(/LEO (\d+)/)[1]);
    assert.ok(leo > 40, `broker 2's LEO ${leo}`);
    await type(page, 'sim broker kill 2');
    await type(page, 'sim advance 3s');
    await until(async () => (await attr(page, 'broker-2', 'data-state')) === 'crashed', 'broker 2 down');
    const offline = lang === 'ko' ? '오프라인' : 'offline';
    const chipText = (await chip.locator('text').allTextContents()).join(' ');
    assert.ok(chipText.includes(`LEO ${leo} (${offline})`), `the chip reads "${chipText}"`);
    assert.doesNotMatch(chipText, /LEO 0\b/);
    await shoot(page, `crashed-${lang}`);
    const detail = await openDetail(page, 'orders', 0, 1);
    const strip = detail.getByTestId('strip-2');
    assert.equal(await strip.getAttribute('data-leo'), String(leo), 'the detail keeps broker 2\'s LEO');
    assert.ok((await strip.locator('.cell').count()) > 0, 'and its records, greyed');
    assert.equal(await strip.getAttribute('data-online'), 'false');
    assert.equal((await detail.getByTestId('offline-2').innerText()).trim(), `F · ${offline}`, 'the strip says the broker is down');
    assert.equal((await detail.getByTestId('leo-2').innerText()).trim(), `LEO ${leo}`);
    await shoot(page, `crashed-detail-${lang}`);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('item 7: loss explanations are written in the page\'s language', async () => {
  const { page, context, problems } = await openCluster(suite, './?seed=5&scenario=blank&lang=ko', { locale: 'ko-KR', viewport: SIZES[0] });
  for (const line of [
    TOPIC1, 'sim advance 2s',
    'sim producer start p --topic orders --rate 10 --producer-property acks=0 --producer-property enable.idempotence=false',
    'sim advance 2s', 'sim broker kill 1', 'sim advance 3s',
  ]) await type(page, line);
  const ledger = page.getByTestId('loss-explanation');
  await ledger.waitFor({ state: 'visible' });
  const acks0 = await ledger.innerText();
  assert.match(acks0, /기록되지 않음/, `the acks=0 loss in Korean: ${acks0}`);
  assert.doesNotMatch(acks0, /sent at|never written|offset/, `no English: ${acks0}`);
  await page.getByTestId('ledger').scrollIntoViewIfNeeded();
  await shoot(page, 'ledger-ko');
  const detail = await openDetail(page, 'orders', 0, 2);
  const losses = await detail.locator('.losses li').allInnerTexts();
  assert.ok(losses.length > 0, 'the detail lists the losses');
  for (const l of losses) {
    assert.match(l.trim(), /^오프셋 -?\d+: /, `Korean: ${l}`);
    assert.doesNotMatch(l, /sent at|never written|acked at|became leader|does not have/, `no English: ${l}`);
  }
  await shoot(page, 'detail-losses-ko');
  assert.deepEqual(problems, []);
  await context.close();
});

test('item 9: an ended console consumer leaves no empty group box', async () => {
  for (const [lang, locale] of LANGS) {
    const { page, context, problems } = await openCluster(suite, `./?seed=5&scenario=blank&lang=${lang}`, { locale, viewport: SIZES[0] });
    for (const line of [
      TOPIC1, 'sim producer start load --topic orders --rate 20', 'sim advance 5s',
      'sim consumer start c1 --group billing --topic orders', 'sim advance 5s', 'sim consumer stop c1', 'sim advance 2s',
      'kafka-console-consumer --bootstrap-server localhost:9092 --topic orders --from-beginning --max-messages 5',
    ]) await type(page, line);
    if (!(await playing(page))) await page.getByTestId('play-pause').click();
    await until(async () => (await page.getByTestId('console-output').innerText()).includes('Processed a total of 5 messages'), 'the console consumer ends', 20000);
    await page.getByTestId('group-billing').waitFor({ state: 'visible' });
    const boxes = () => page.locator('g.group').evaluateAll((gs) => gs.map((g) => g.dataset.testid));
    const t = await simMs(page);
    await until(async () => (await simMs(page)) > t + 3000, 'three more seconds for the LeaveGroup', 20000);
    await page.getByTestId('play-pause').click();
    assert.deepEqual(await boxes(), ['group-billing'], 'billing (committed offsets) stays; no console-consumer box');
    await shoot(page, `groups-${lang}`);
    assert.deepEqual(problems, []);
    await context.close();
  }
});
