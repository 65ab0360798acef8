// Frame benchmark (not a test: it reports, it asserts nothing about speed).
//
//   trunk build --release && node tests/e2e/bench-frames.mjs     (or: make bench-frames)
//
// Plays the busy workload (?scenario=busy: W1's shape, 5 brokers, 30
// partitions, 2 producers, 2 groups of 4) in headless Chromium at 1280x720
// for BENCH_SECONDS (default 30) of wall time at 1x and again at 10x, with
// ?perf=1 so the page records each frame (src/ui/perf.rs). Prints per speed
// the frame-interval percentiles and the time spent per frame in the
// simulation, in building the snapshot and in Yew's render.
// Then it plays the lively start to 30 simulated minutes at 100x and times
// seeks on the timeline (BENCH_REWIND_MINUTES to change the length).
// Targets (issue "The animated cluster"): p95 frame <= 16.7 ms at 1x and
// <= 33 ms at 10x; simulation <= 4 ms per frame; a seek <= 100 ms.
import { launchChromium } from './harness.mjs';
import { startServer } from '../../scripts/static-server.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const WARMUP_MS = 3000;
// The page language (BENCH_LANG=ko measures the Korean event log too).
const LANG = process.env.BENCH_LANG ?? 'en';

const pct = (xs, p) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const f = (x) => x.toFixed(2);

async function run(browser, base, speed) {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${base}?scenario=busy&perf=1&lang=${LANG}&speed=${speed}`);
  await page.getByTestId('stage').first().waitFor({ state: 'visible' });
  await page.waitForTimeout(WARMUP_MS);
  await page.evaluate(() => { if (window.__kafkasimFrames) window.__kafkasimFrames.length = 0; });
  const simStart = Number(await page.getByTestId('sim-time').getAttribute('data-ms'));
  await page.waitForTimeout(SECONDS * 1000);
  const rows = await page.evaluate(() => (window.__kafkasimFrames ?? []).slice());
  const simEnd = Number(await page.getByTestId('sim-time').getAttribute('data-ms'));
  await context.close();
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
  if (rows.length === 0) throw new Error('no frames recorded: is ?perf=1 wired (src/ui/perf.rs)?');
  const col = (i) => rows.map((r) => r[i]);
  const [interval, sim, snap, render, events] = [0, 1, 2, 3, 4].map(col);
  const work = rows.map((r) => r[1] + r[2] + r[3]);
  console.log(`speed ${speed}x: ${rows.length} frames in ${SECONDS} s (${f(rows.length / SECONDS)} fps), ` +
    `simulated ${f((simEnd - simStart) / 1000)} s (${f((simEnd - simStart) / 1000 / SECONDS)}x achieved)`);
  console.log(`  frame interval ms: p50 ${f(pct(interval, 50))}, p95 ${f(pct(interval, 95))}, p99 ${f(pct(interval, 99))}, max ${f(Math.max(...interval))}`);
  console.log(`  simulation ms/frame: mean ${f(mean(sim))}, p95 ${f(pct(sim, 95))}, max ${f(Math.max(...sim))}; events/frame mean ${f(mean(events))}, max ${Math.max(...events)}`);
  console.log(`  snapshot ms/frame: mean ${f(mean(snap))}, p95 ${f(pct(snap, 95))}; render (Yew) ms/frame: mean ${f(mean(render))}, p95 ${f(pct(render, 95))}`);
  console.log(`  our work ms/frame (sim + snapshot + render): mean ${f(mean(work))}, p95 ${f(pct(work, 95))}`);
}

// Rewind in the browser: play the lively start at 100x until MINUTES simulated
// minutes, pause, then move the timeline to several instants and time each
// seek from the input event until the page shows the new simulated time.
async function rewind(browser, base, minutes) {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  await page.goto(`${base}?lang=en&speed=100`);
  await page.getByTestId('stage').first().waitFor({ state: 'visible' });
  const end = minutes * 60_000;
  const started = Date.now();
  await page.waitForFunction((end) => Number(document.querySelector('[data-testid="sim-time"]').dataset.ms) >= end,
    end, { timeout: 600_000, polling: 200 });
  await page.getByTestId('play-pause').click();
  const playedS = (Date.now() - started) / 1000;
  const now = Number(await page.getByTestId('sim-time').getAttribute('data-ms'));
  const times = [];
  for (const target of [5_000, 60_000, Math.round(now / 2), now - 1_000, now]) {
    const ms = await page.evaluate(async (target) => {
      const input = document.querySelector('[data-testid="timeline"]');
      const shown = () => Number(document.querySelector('[data-testid="sim-time"]').dataset.ms);
      const t0 = performance.now();
      input.value = String(target);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
      while (Math.abs(shown() - target) > 1) await new Promise((r) => requestAnimationFrame(r));
      return performance.now() - t0;
    }, target);
    times.push(`${(target / 1000).toFixed(0)} s: ${ms.toFixed(1)} ms`);
  }
  await context.close();
  console.log(`rewind after ${minutes} simulated minutes (played in ${playedS.toFixed(0)} s at 100x): ` +
    `seek, including the frame that shows it: ${times.join(', ')}`);
}

const { server, url } = await startServer('dist', 0);
const browser = await launchChromium();
try {
  for (const speed of [1, 10]) await run(browser, url, speed);
  await rewind(browser, url, Number(process.env.BENCH_REWIND_MINUTES ?? 30));
} finally {
  await browser.close();
  server.close();
}
