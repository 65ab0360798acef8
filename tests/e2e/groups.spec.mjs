// End-to-end tests of consumer groups, the partition detail and the
// add-things forms on the cluster screen, against the release bundle in dist/.
//
//   trunk build --release && node tests/e2e/groups.spec.mjs
//
// As a user would: start a consumer group from the console, see the group
// box and the consumer nodes; open a partition's detail and see the LEO, HW,
// position and committed markers, close it with Esc; kill a consumer from
// its menu and see its partitions move to the survivor after the session
// timeout; add a topic with the form and see the console line. No console
// errors, no requests to other origins. Screenshots at 1280x720 and
// 1920x1080 in Korean and English go to tests/e2e/screenshots/.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { serveDist, SHOTS, openCluster, openDetail, type, until } from './harness.mjs';

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
];
const SETUP = [
  'kafka-topics --bootstrap-server localhost:9092 --create --topic orders --partitions 4 --replication-factor 3',
  'sim producer start load --topic orders --rate 20 --keys 8',
  'sim consumer start c1 --group billing --topic orders --consumer-property session.timeout.ms=6000',
  'sim consumer start c2 --group billing --topic orders --consumer-property session.timeout.ms=6000',
  'sim advance 15s',
];

const suite = serveDist();

const open = (path, locale = 'en-US') => openCluster(suite, path, { locale, viewport: SIZES[0] });

const parts = async (page, id) => (await page.getByTestId(`consumer-${id}`).getAttribute('data-partitions')) ?? '';
const count = (s) => (s === '' ? 0 : s.split(', ').length);

async function shoot(page, name) {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.waitForTimeout(200);
    await page.screenshot({ path: new URL(`${name}-${size.width}x${size.height}.png`, SHOTS).pathname });
  }
  await page.setViewportSize(SIZES[0]);
}

/** The blank paused cluster with a topic, a producer and a two-member group. */
async function withGroup(lang, locale) {
  const opened = await open(`./?seed=5&scenario=blank&lang=${lang}`, locale);
  for (const line of SETUP) await type(opened.page, line);
  await opened.page.getByTestId('group-billing').waitFor({ state: 'visible' });
  return opened;
}

test('a consumer group appears; the partition detail shows LEO, HW, position and committed', async () => {
  const { page, context, problems } = await withGroup('en');
  const group = page.getByTestId('group-billing');
  assert.equal(await group.getAttribute('data-state'), 'Stable');
  assert.equal(await page.getByTestId('consumer-c1').getAttribute('data-status'), 'active');
  assert.equal(count(await parts(page, 'c1')) + count(await parts(page, 'c2')), 4, 'every partition is owned');
  assert.ok((await page.locator('line.assignment').count()) >= 4, 'lines to the partition leaders');

  const id = await page.locator('[data-testid^="replica-orders-0-"][data-role="leader"]').getAttribute('data-testid');
  const broker = id.split('-').pop();
  const detail = await openDetail(page, 'orders', 0, broker);
  const strip = page.getByTestId(`strip-${broker}`);
  const leo = Number(await strip.getAttribute('data-leo'));
  const hw = Number(await strip.getAttribute('data-hw'));
  assert.ok(leo > 0 && hw <= leo, `LEO ${leo}, HW ${hw}`);
  for (const m of [`leo-${broker}`, `hw-${broker}`, 'pos-billing', 'commit-billing']) {
    assert.ok(await page.getByTestId(m).isVisible(), `${m} marker`);
  }
  assert.ok((await strip.locator('.cell').count()) > 0, 'record cells');
  await shoot(page, 'detail-en');
  await page.keyboard.press('Escape');
  await detail.waitFor({ state: 'detached' });
  assert.deepEqual(problems, []);
  await context.close();
});

test('kill a consumer from its menu: its partitions move after the session timeout', async () => {
  const { page, context, problems } = await withGroup('en');
  const gen = Number(await page.getByTestId('group-billing').getAttribute('data-generation'));
  await page.getByTestId('consumer-c2').click();
  await page.getByTestId('consumer-menu').waitFor({ state: 'visible' });
  await page.locator('[data-testid="consumer-menu"] [data-action="kill"]').click();
  await until(async () => (await page.getByTestId('console-output').innerText()).includes('$ sim consumer kill c2'), 'the console line');
  await until(async () => (await page.getByTestId('consumer-c2').getAttribute('data-status')) === 'killed', 'c2 marked killed');
  await shoot(page, 'killed-en');
  await type(page, 'sim advance 12s');
  await until(async () => (await page.getByTestId('consumer-c2').count()) === 0, 'c2 removed after the session timeout');
  assert.equal(count(await parts(page, 'c1')), 4, 'c1 owns every partition');
  assert.ok(Number(await page.getByTestId('group-billing').getAttribute('data-generation')) > gen, 'a new generation');
  assert.deepEqual(problems, []);
  await context.close();
});

test('forms run console lines; screenshots with groups in English and Korean', async () => {
  for (const [lang, locale] of [['en', 'en-US'], ['ko', 'ko-KR']]) {
    const { page, context, problems } = await withGroup(lang, locale);
    if (lang === 'en') {
      await page.getByTestId('add-topic').locator('summary').click();
      await page.locator('[data-testid="add-topic"] input[name="name"]').fill('payments');
      await page.locator('[data-testid="add-topic"] input[name="partitions"]').fill('2');
      await page.locator('[data-testid="add-topic"] button[type="submit"]').click();
      await until(async () => (await page.getByTestId('console-output').innerText()).includes('Created topic payments.'), 'the topic');
      // The other fields keep Kafka's defaults: RF 1, min.insync.replicas=1.
      assert.match(await page.getByTestId('console-output').innerText(), /\$ kafka-topics .*--create --topic payments --partitions 2 --replication-factor 1 --config min.insync.replicas=1/);
      assert.equal(await page.locator('[data-testid^="replica-payments-1-"]').count(), 1);
    }
    await page.getByTestId('play-pause').click();
    await page.waitForTimeout(900);
    await shoot(page, `groups-${lang}`);
    assert.deepEqual(problems, []);
    await context.close();
  }
});
