// End-to-end tests of the cluster screen against the release bundle in dist/.
//
//   trunk build --release && node tests/e2e/cluster.spec.mjs
//
// As a user would: open the page and see three running brokers; create a
// replicated topic from the console; click the leader's broker, kill it,
// advance time and see a new leader and a shrunk ISR; rewind with the
// timeline and see the old leader again; step and change speed. A golden
// console script run in the browser gives byte for byte the native
// transcript. No console errors, no request to another origin. Screenshots
// at 1280x720 and 1920x1080 in Korean and English go to tests/e2e/screenshots/.
// The event log shows its lines in Korean in Korean mode (English original as
// the tooltip) and in English otherwise; filter and click-to-jump work in both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { serveDist, SHOTS, openCluster, type, until } from './harness.mjs';

const GOLDEN = new URL('../golden/', import.meta.url);
const SIZES = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
];
const CREATE = 'kafka-topics --bootstrap-server localhost:9092 --create --topic demo --partitions 3 --replication-factor 3';

const suite = serveDist();

const open = (path, locale = 'en-US') => openCluster(suite, path, { locale, viewport: SIZES[0] });

const brokers = (page) => page.locator('g[data-testid^="broker-"]');
const attr = (page, id, name) => page.getByTestId(id).getAttribute(name);
const simMs = async (page) => Number(await attr(page, 'sim-time', 'data-ms'));

/** The broker leading `topic-partition`, from the replica chips. */
async function leaderOf(page, topic, partition) {
  const id = await page.locator(`[data-testid^="replica-${topic}-${partition}-"][data-role="leader"]`).getAttribute('data-testid');
  return Number(id.split('-').pop());
}

async function shoot(page, lang) {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.waitForTimeout(150);
    await page.screenshot({ path: new URL(`cluster-${lang}-${size.width}x${size.height}.png`, SHOTS).pathname });
  }
  await page.setViewportSize(SIZES[0]);
}

test('kill the leader, watch the failover, rewind, step, change speed', async () => {
  const { page, context, problems } = await open('./?lang=en');
  assert.equal(await brokers(page).count(), 3);
  for (const b of [1, 2, 3]) assert.equal(await attr(page, `broker-${b}`, 'data-state'), 'running');
  const t0 = await simMs(page);
  await until(async () => (await simMs(page)) > t0, 'the lively start to play');

  await page.getByTestId('play-pause').click(); // pause: time moves only by command from here
  assert.equal(await attr(page, 'play-pause', 'aria-pressed'), 'false');
  await type(page, CREATE);
  await until(async () => (await page.getByTestId('console-output').innerText()).includes('Created topic demo.'), 'Created topic demo.');
  assert.equal(await page.locator('[data-testid^="replica-demo-0-"]').count(), 3);
  await type(page, 'sim advance 2s');
  const old = await leaderOf(page, 'demo', 0);
  const beforeKill = await simMs(page);

  await page.getByTestId(`broker-${old}`).click();
  await page.locator('[data-action="kill"]').click();
  await until(async () => (await attr(page, `broker-${old}`, 'data-state')) === 'crashed', 'the broker to crash');
  assert.match(await page.getByTestId('console-output').innerText(), new RegExp(`\\$ sim broker kill ${old}`));

  await type(page, 'sim advance 15s');
  await until(async () => (await leaderOf(page, 'demo', 0)) !== old, 'a new leader');
  assert.equal(await attr(page, `replica-demo-0-${old}`, 'data-in-isr'), 'false', 'the ISR shrank');
  assert.equal(await attr(page, `replica-demo-0-${old}`, 'data-role'), 'follower');
  await shoot(page, 'failover-en');

  await page.getByTestId('timeline').fill(String(beforeKill - 500));
  await until(async () => (await attr(page, `broker-${old}`, 'data-state')) === 'running', 'the rewind');
  assert.equal(await leaderOf(page, 'demo', 0), old, 'the old leader again');
  assert.ok(await page.getByTestId('forked').isVisible());

  const events = Number(await attr(page, 'sim-time', 'data-events'));
  await page.getByTestId('step').click();
  await until(async () => Number(await attr(page, 'sim-time', 'data-events')) === events + 1, 'one event');

  await page.getByTestId('speed').selectOption('10');
  await page.getByTestId('play-pause').click();
  const t1 = await simMs(page);
  await page.waitForTimeout(600);
  assert.ok((await simMs(page)) - t1 > 1500, 'time runs faster at 10x');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the same console script gives the native transcript (tests/golden/failover)', async () => {
  const script = await readFile(new URL('failover.script', GOLDEN), 'utf8');
  const want = await readFile(new URL('failover.transcript', GOLDEN), 'utf8');
  const { page, context, problems } = await open('./?seed=3&scenario=blank&lang=en');
  assert.equal(await attr(page, 'play-pause', 'aria-pressed'), 'false', 'the blank scenario starts paused');
  assert.equal(await page.getByTestId('seed').innerText(), '3');
  for (const line of script.split('\n')) {
    if (line.trim() !== '' && !line.startsWith('#')) await type(page, line);
  }
  const got = await page.getByTestId('console-output').evaluate(
    (el) => [...el.children].map((d) => d.textContent + '\n').join(''));
  assert.equal(got, want);
  assert.deepEqual(problems, []);
  await context.close();
});

test('screenshots of the lively cluster in English and Korean; keyboard opens a broker menu', async () => {
  for (const [lang, locale] of [['en', 'en-US'], ['ko', 'ko-KR']]) {
    const { page, context, problems } = await open(`./?lang=${lang}`, locale);
    await page.waitForTimeout(1500);
    await shoot(page, lang);
    assert.deepEqual(problems, []);
    await context.close();
  }
  const { page, context } = await open('./?lang=en');
  await page.getByTestId('broker-2').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('broker-menu').waitFor({ state: 'visible' });
  const ring = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.ok(await page.locator('[data-action="isolate"]').isEnabled());
  assert.ok(ring !== undefined);
  await context.close();
});

test('the event log reads in Korean in Korean mode, English in English; filter and click-to-jump still work', async () => {
  const lines = (page) => page.getByTestId('event-log').locator('.log-text');
  const texts = (page) => lines(page).allInnerTexts();
  for (const [lang, locale, crashed, fenced] of [
    ['ko', 'ko-KR', '브로커 1 장애(크래시)', /^브로커 1: [\d.]+초 동안 하트비트 없음 → 펜스됨$/],
    ['en', 'en-US', 'broker 1 crashed', /^broker 1 missed heartbeats for [\d.]+ s → fenced$/],
  ]) {
    const { page, context, problems } = await open(`./?seed=3&scenario=blank&lang=${lang}`, locale);
    await type(page, CREATE);
    await type(page, 'sim broker kill 1');
    await type(page, 'sim advance 12s');
    await until(async () => (await texts(page)).some((t) => fenced.test(t)), `the fencing line in ${lang}`);
    const shown = await texts(page);
    assert.ok(shown.includes(crashed), `${lang}: ${JSON.stringify(shown)}`);
    const crash = lines(page).filter({ hasText: crashed });
    if (lang === 'ko') {
      assert.ok(shown.every((t) => /[가-힣]/.test(t)), `every line in Korean: ${JSON.stringify(shown)}`);
      assert.equal(await crash.getAttribute('title'), 'broker 1 crashed', 'the English original is the tooltip');
    } else {
      assert.ok(shown.every((t) => !/[가-힣]/.test(t)), `no Korean in English mode: ${JSON.stringify(shown)}`);
      assert.equal(await crash.getAttribute('title'), null);
    }
    const end = await simMs(page);
    await crash.click();
    await until(async () => (await simMs(page)) < end, `${lang}: the click moves the timeline back`);
    await page.getByTestId('filter-broker').click();
    await until(async () => !(await texts(page)).includes(crashed), `${lang}: the broker filter hides the line`);
    assert.deepEqual(problems, []);
    await context.close();
  }
});
