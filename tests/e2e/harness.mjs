// Shared by the e2e specs: how Chromium is launched here, and how a page's
// problems (console errors, page errors, requests to other origins) are collected.
import { before, after } from 'node:test';
import { access, mkdir } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/static-server.mjs';

/** Debian's Chromium with the flags this closed-network machine needs (see toolchain.md). */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Records console errors, page errors and requests leaving `base`'s origin into `problems`. */
export function watchProblems(page, context, base, problems) {
  const origin = new URL(base).origin;
  page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  context.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith('data:') && new URL(url).origin !== origin) problems.push(`foreign request: ${url}`);
  });
}

/** Where the specs save their screenshots (git-ignored). */
export const SHOTS = new URL('./screenshots/', import.meta.url);

/**
 * Registers the spec's setup and teardown: serve the release bundle in dist/ on a free
 * loopback port and launch Chromium. Returns an object whose `base` (the page URL) and
 * `browser` are set before the first test runs.
 */
export function serveDist() {
  const suite = { base: undefined, browser: undefined, server: undefined };
  before(async () => {
    await access('dist/index.html').catch(() => {
      throw new Error('no dist/index.html: run scripts/release-build.sh first (from the repository root)');
    });
    ({ server: suite.server, url: suite.base } = await startServer('dist', 0));
    suite.browser = await launchChromium();
    await mkdir(SHOTS, { recursive: true });
  });
  after(async () => {
    await suite.browser?.close();
    await new Promise((done) => (suite.server ? suite.server.close(done) : done()));
  });
  return suite;
}
