// Shared by the e2e specs: how Chromium is launched here, and how a page's
// problems (console errors, page errors, requests to other origins) are collected.
import { chromium } from 'playwright-core';

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
