/**
 * Debian's Chromium for the browser tests (never a downloaded one): where it is not installed, a
 * browser test is skipped and reported as skipped, never counted as a pass.
 */
import { existsSync } from 'node:fs';
import test from 'ava';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** `test` where Chromium is installed (.ci/run installs it), `test.skip` elsewhere. */
export const browserTest = existsSync(CHROMIUM) ? test : test.skip;

/** Headless, no sandbox (root in CI), and no traffic of Chromium's own to muddy a request check. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
