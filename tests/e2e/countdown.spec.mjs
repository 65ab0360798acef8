// End-to-end tests of the countdown rings against the release bundle in dist/.
//
//   trunk build --release && node tests/e2e/countdown.spec.mjs
//
// A healthy cluster wears no ring. Kill a broker from its menu and play: the
// ring `countdown-broker-<id>` appears on it, its seconds go down, and it is
// gone once the controller fences the broker. A killed consumer and a
// follower cut off from its leader wear theirs on their own nodes. Tooltips
// name the configuration in English and Korean; the arc has no transition
// under reduced motion. Screenshots at 1280x720 go to tests/e2e/screenshots/.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { serveDist, SHOTS, openCluster, type, until } from './harness.mjs';

const VIEWPORT = { width: 1280, height: 720 };

const suite = serveDist();

const open = (path, locale = 'en-US', reducedMotion = 'no-preference') =>
  openCluster(suite, path, { locale, viewport: VIEWPORT, reducedMotion });

const rings = (page) => page.locator('g[data-testid^="countdown-"]');
const seconds = async (page, id) => Number(await page.getByTestId(id).getAttribute('data-seconds'));

const shot = (page, name) => page.screenshot({ path: new URL(`countdown-${name}-1280x720.png`, SHOTS).pathname });

test('a killed broker wears a shrinking ring until the controller fences it', async () => {
  const { page, context, problems } = await open('./?lang=en');
  await page.waitForTimeout(1500);
  assert.equal(await rings(page).count(), 0, 'a healthy cluster wears no ring');

  await page.getByTestId('play-pause').click(); // pause
  await page.getByTestId('broker-2').click({ position: { x: 24, y: 12 } }); // the title band, not a replica chip
  await page.locator('[data-action="kill"]').click();
  const ring = page.getByTestId('countdown-broker-2');
  await ring.waitFor({ state: 'visible' });
  assert.equal(await ring.getAttribute('data-config'), 'broker.session.timeout.ms');
  const title = await ring.locator('title').textContent();
  assert.match(title, /broker\.session\.timeout\.ms.*fences this broker.* s left$/);
  const first = await seconds(page, 'countdown-broker-2');
  assert.ok(first >= 7 && first <= 9, `between 7 and 9 s left, not ${first}`);
  const arc = await ring.locator('path').getAttribute('d');

  await page.getByTestId('play-pause').click(); // play at 1x
  await until(async () => (await seconds(page, 'countdown-broker-2')) <= first - 2, 'the seconds to go down');
  assert.notEqual(await ring.locator('path').getAttribute('d'), arc, 'the arc shrank');
  await shot(page, 'broker-en');

  await until(async () => (await page.getByTestId('broker-2').getAttribute('data-fenced')) === 'true',
    'the controller to fence broker 2', 12000);
  await until(async () => (await rings(page).count()) === 0, 'the ring to go');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a killed consumer and a cut-off follower wear their rings; Korean tooltip; reduced motion', async () => {
  const { page, context, problems } = await open('./?lang=ko', 'ko-KR', 'reduce');
  await page.getByTestId('play-pause').click(); // pause: time moves only by command
  await type(page, 'sim consumer start c1 --group g --topic orders --consumer-property session.timeout.ms=30000');
  await type(page, 'sim consumer start c2 --group g --topic orders --consumer-property session.timeout.ms=30000');
  await type(page, 'sim advance 10s');
  const leader = Number((await page.locator('[data-testid^="replica-orders-0-"][data-role="leader"]')
    .getAttribute('data-testid')).split('-').pop());
  const follower = [1, 2, 3].find((b) => b !== leader);
  await type(page, `sim link cut ${leader} ${follower}`);
  await type(page, 'sim consumer kill c1');
  await type(page, 'sim advance 3s');

  const member = page.getByTestId('countdown-member-c1');
  await member.waitFor({ state: 'visible' });
  assert.match(await member.locator('title').textContent(), /session\.timeout\.ms.*초 남음$/);
  const replica = page.getByTestId(`countdown-replica-orders-0-${follower}`);
  await replica.waitFor({ state: 'visible' });
  assert.match(await replica.locator('title').textContent(), /replica\.lag\.time\.max\.ms.*ISR/);
  const transition = await replica.locator('path').evaluate((el) => getComputedStyle(el).transitionDuration);
  assert.equal(transition, '0s', 'no transition on the arc');
  await shot(page, 'member-replica-ko');

  await type(page, 'sim advance 50s');
  await until(async () => (await rings(page).count()) === 0, 'the member removed and the ISR shrunk');
  assert.deepEqual(problems, []);
  await context.close();
});
