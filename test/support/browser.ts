import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's chromium, which CI installs. */
const CHROMIUM = '/usr/bin/chromium';

/** `describe` for a headless-browser suite: it runs where chromium is, and always under CI; elsewhere it says plainly it did not run. */
export const describeInBrowser: jest.Describe = existsSync(CHROMIUM) || process.env.CI === 'true' ? describe : describe.skip;

export function launchHeadless(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}
