import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import type { Stack } from '../scripts/start-stack';
import { createTestSystems, type TestSystems } from './support/backends';
import { startTestStack } from './support/test-stack';

const CHROMIUM = '/usr/bin/chromium';

/**
 * Stands in for Apollo's CDN script, which this machine cannot reach: it records
 * how the page boots the embedded Sandbox.
 */
const SANDBOX_STUB = `window.EmbeddedSandbox = function (options) {
  window.__sandboxOptions = { initialEndpoint: options.initialEndpoint, initialState: options.initialState, target: options.target };
  document.querySelector(options.target).textContent = 'sandbox booted';
};`;

// CI installs Debian's chromium; elsewhere the test says plainly that it did not run.
(existsSync(CHROMIUM) || process.env.CI === 'true' ? describe : describe.skip)('Apollo Sandbox in a headless browser', () => {
  let systems: TestSystems;
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    systems = await createTestSystems('sqlite', 10);
    stack = await startTestStack(systems);
    browser = await chromium.launch({
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
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await systems?.drop();
  });

  it('boots pointed at this gateway with the example operation and the token hint preloaded', async () => {
    const page = await browser.newPage();
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('https://embeddable-sandbox.cdn.apollographql.com/')) {
        return route.fulfill({ status: 200, contentType: 'application/javascript', body: SANDBOX_STUB });
      }
      // Nothing else outside this machine is reachable (the page also asks for a web font).
      if (!url.startsWith(new URL(stack.gateway.url).origin)) return route.abort();
      return route.continue();
    });
    await page.goto(stack.gateway.url);
    await page.waitForFunction(() => (globalThis as any).__sandboxOptions !== undefined, undefined, { timeout: 10_000 });
    const options = await page.evaluate(() => (globalThis as any).__sandboxOptions);
    expect(options.initialEndpoint).toBe(stack.gateway.url);
    expect(options.initialState.document).toContain('query Customer360');
    expect(options.initialState.headers.Authorization).toMatch(/npm run -s token -- --role architect/);
    expect(await page.textContent(options.target)).toBe('sandbox booted');
    await page.close();
  });
});
