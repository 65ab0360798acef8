// End-to-end test of the console consumer as a foreground process (issue 12, item 4),
// against the release bundle in dist/.
//
//   scripts/release-build.sh && node tests/e2e/console_consumer.spec.mjs
//
// On the lively cluster (a producer writes `orders` at 20 records/s), typing
// kafka-console-consumer prints records as the simulation plays, with a stop
// button beside the input; Esc, then (for a second run) the stop button, end
// it with `Processed a total of N messages`, N being the records it printed.
// No console errors, no request to another origin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, openCluster, type, until, SHOTS } from './harness.mjs';

const CONSUME = 'kafka-console-consumer --bootstrap-server localhost:9092 --topic orders';

const suite = serveDist();

/** The output lines after the last echo of `CONSUME`: [class, text]. */
const after = (page) => page.getByTestId('console-output').evaluate((el, cmd) => {
  const lines = [...el.children].map((d) => [d.className, d.textContent]);
  const start = lines.map(([, t]) => t).lastIndexOf(`$ ${cmd}`);
  return start < 0 ? [] : lines.slice(start + 1);
}, CONSUME);

const records = async (page) => (await after(page)).filter(([c]) => c === 't-out').length;
const total = async (page) => (await after(page)).map(([, t]) => t).find((t) => t.startsWith('Processed a total of'));

async function consumeThenStop(page, stop) {
  await type(page, CONSUME);
  await page.getByTestId('console-stop').waitFor({ state: 'visible' });
  await until(async () => (await records(page)) >= 5, 'records printed as the cluster plays', 20000);
  assert.equal(await total(page), undefined, 'the consumer keeps running');
  await stop();
  await until(async () => (await total(page)) !== undefined, 'Processed a total of N messages');
  const n = await records(page);
  assert.equal(await total(page), `Processed a total of ${n} messages`);
  await page.getByTestId('console-stop').waitFor({ state: 'detached' });
  return n;
}

test('the console consumer prints as the simulation plays; Esc and the stop button end it', async () => {
  const { page, context, problems } = await openCluster(suite, './?lang=en', { viewport: { width: 1280, height: 720 } });
  const viaEsc = await consumeThenStop(page, () => page.getByTestId('console-input').press('Escape'));
  console.log(`# Esc: ${viaEsc} records`);
  await page.screenshot({ path: new URL('console-consumer-en-1280x720.png', SHOTS).pathname });
  const viaButton = await consumeThenStop(page, async () => {
    await page.screenshot({ path: new URL('console-consumer-running-en-1280x720.png', SHOTS).pathname });
    await page.getByTestId('console-stop').click();
  });
  console.log(`# stop button: ${viaButton} records`);
  assert.deepEqual(problems, []);
  await context.close();
});
