import type { Browser } from 'playwright-core';
import { describeInBrowser, launchHeadless } from './support/browser';
import { createTestSystems, type TestSystems } from './support/backends';
import { startTestStack, type TestStack, tokenFor } from './support/test-stack';

const SANDBOX_CDN = 'https://embeddable-sandbox.cdn.apollographql.com/';

/**
 * Stands in for Apollo's CDN script, which this machine cannot reach. It does what the real
 * Sandbox does with the options the gateway's page hands it, and nothing of its own: it asks the
 * endpoint it was given for the schema (with the architect token the header hint names pasted
 * in), then runs the preloaded document (with a data-protection officer's token), and keeps the
 * options and the answers for the test to read.
 */
const sandboxStub = (tokens: { architect: string; dpo: string }) => `window.EmbeddedSandbox = function (options) {
  var tokens = ${JSON.stringify(tokens)};
  var ask = function (token, query) {
    var headers = Object.assign({}, options.initialState.headers, { Authorization: 'Bearer ' + token, 'content-type': 'application/json' });
    return fetch(options.initialEndpoint, {
      method: 'POST',
      headers: headers,
      credentials: options.initialState.includeCookies ? 'include' : 'omit',
      body: JSON.stringify({ query: query }),
    }).then(function (response) {
      return response.json().then(function (body) { return { status: response.status, body: body }; });
    });
  };
  window.__sandbox = {
    options: JSON.parse(JSON.stringify(options)),
    schema: ask(tokens.architect, '{ __schema { queryType { name } types { name } } }'),
    example: ask(tokens.dpo, options.initialState.document),
  };
};`;

describeInBrowser('Apollo Sandbox in a headless browser', () => {
  let systems: TestSystems;
  let stack: TestStack;
  let browser: Browser;

  beforeAll(async () => {
    systems = await createTestSystems('sqlite', 10);
    stack = await startTestStack(systems);
    browser = await launchHeadless();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await systems?.drop();
  });

  it('boots pointed at this gateway with the example operation and the token hint preloaded, and runs them there', async () => {
    const page = await browser.newPage();
    const scriptsFetched: string[] = [];
    await page.route('**/*', async (route) => {
      const url = route.request().url();
      if (url.startsWith(SANDBOX_CDN)) {
        scriptsFetched.push(url);
        const body = sandboxStub({ architect: await tokenFor('architect'), dpo: await tokenFor('dpo') });
        return route.fulfill({ status: 200, contentType: 'application/javascript', body });
      }
      // Nothing else outside this machine is reachable (the page also asks for a web font).
      if (!url.startsWith(new URL(stack.gateway.url).origin)) return route.abort();
      return route.continue();
    });
    const crmCallsBefore = stack.recorded.crm.graphqlRequests;
    const landing = await page.goto(stack.gateway.url);
    try {
      // The gateway answered a browser's GET, without a token, with its landing page.
      expect(landing?.status()).toBe(200);
      expect(landing?.headers()['content-type']).toMatch(/^text\/html/);
      const html = await landing!.text();
      const named = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1].replaceAll('&amp;', '&'));
      expect(named).toHaveLength(1);
      expect(named[0]).toMatch(
        /^https:\/\/embeddable-sandbox\.cdn\.apollographql\.com\/[^/]+\/embeddable-sandbox\.umd\.production\.min\.js/,
      );

      await page.waitForFunction(() => (globalThis as any).__sandbox !== undefined, undefined, { timeout: 10_000 });
      // The browser fetched the script the page names, once.
      expect(scriptsFetched).toEqual([named[0]]);

      const options = await page.evaluate(() => (globalThis as any).__sandbox.options);
      expect(options).toMatchObject({
        target: '#embeddableSandbox',
        initialEndpoint: stack.gateway.url,
        endpointIsEditable: false,
        runTelemetry: false,
        initialState: {
          includeCookies: false,
          headers: { Authorization: 'Bearer <paste the output of: npm run -s token -- --role architect>' },
        },
      });
      expect(options.initialState.document).toMatch(/^query Customer360\(\$id: ID! = "1000002"\) \{$/m);
      expect(options.initialState.document).toMatch(/^#\s+npm run -s token -- --role architect {3}\(schema only\)/m);
      const target = await page.$(options.target);
      expect(target).not.toBeNull();

      // What the Sandbox got from the endpoint the page gave it: the schema, and the example's answer.
      const schema = await page.evaluate(() => (globalThis as any).__sandbox.schema);
      expect(schema.status).toBe(200);
      expect(schema.body.errors).toBeUndefined();
      expect(schema.body.data.__schema.queryType.name).toBe('Query');
      expect(schema.body.data.__schema.types.map((t: { name: string }) => t.name)).toEqual(
        expect.arrayContaining(['Customer', 'Account', 'Order']),
      );
      const example = await page.evaluate(() => (globalThis as any).__sandbox.example);
      expect(example.status).toBe(200);
      expect(example.body.errors).toBeUndefined();
      const customer = example.body.data.customer;
      expect(customer).toMatchObject({ name: expect.stringMatching(/\w+ \w+/), email: expect.stringContaining('@') });
      expect(customer.accounts.length).toBeGreaterThan(0);
      expect(customer.orders).toEqual(expect.any(Array));
      expect(customer.archivedOrders).toEqual(expect.any(Array));
      expect(['GOOD', 'MARGINAL', 'UNPROFITABLE']).toContain(customer.valueTier);
      expect(customer.riskRating).toEqual({ rating: expect.any(String), since: expect.any(String) });
      expect(customer.costToServe.byChannel).toEqual(expect.any(Array));
      // And it was this gateway's stack that answered.
      expect(stack.recorded.crm.graphqlRequests).toBeGreaterThan(crmCallsBefore);
    } finally {
      await page.close();
    }
  });
});
