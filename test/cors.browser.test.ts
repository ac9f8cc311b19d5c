import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { describeInBrowser, launchHeadless } from './support/browser';
import { createTestSystems, type TestSystems } from './support/backends';
import { startTestStack, type TestStack, tokenFor } from './support/test-stack';

/**
 * A front-end app's page, as a web server of its own serves it: `window.ask(token)` fetches a
 * customer's name from the gateway (cookies included, as an app behind a login may send them)
 * and hands back what the page could read of the answer, or the error fetch() threw.
 */
const appPage = (gatewayUrl: string) => `<!doctype html>
<html><head><meta charset="utf-8"><title>front-line app</title></head><body>
<script>
window.ask = function (token) {
  var headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = 'Bearer ' + token;
  return fetch(${JSON.stringify(gatewayUrl)}, {
    method: 'POST',
    mode: 'cors',
    credentials: 'include',
    headers: headers,
    body: JSON.stringify({ query: '{ customer(id: "1000002") { name } }' }),
  }).then(
    function (response) {
      return response.json().then(function (body) {
        return { status: response.status, requestId: response.headers.get('x-request-id'), body: body };
      });
    },
    function (error) { return { error: error.name + ': ' + error.message }; }
  );
};
</script></body></html>`;

/** A tiny web server for the app's page, on an ephemeral port of its own: another origin than the gateway's. */
async function pageServer(html: () => string): Promise<{ server: Server; origin: string }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describeInBrowser('CORS in a headless browser', () => {
  let systems: TestSystems;
  let stack: TestStack;
  let browser: Browser;
  let allowed: { server: Server; origin: string };
  let other: { server: Server; origin: string };

  beforeAll(async () => {
    allowed = await pageServer(() => appPage(stack.gateway.url));
    other = await pageServer(() => appPage(stack.gateway.url));
    systems = await createTestSystems('sqlite', 10);
    stack = await startTestStack(systems, { gateway: { corsOrigins: [allowed.origin] } });
    browser = await launchHeadless();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await systems?.drop();
    for (const page of [allowed, other]) await new Promise((resolve) => page?.server.close(resolve));
  });

  async function openApp(origin: string) {
    const page = await browser.newPage();
    const opened = await page.goto(`${origin}/`);
    expect(opened?.status()).toBe(200);
    // The page and the gateway are different origins (another port of the same host).
    expect(new URL(origin).origin).not.toBe(new URL(stack.gateway.url).origin);
    return page;
  }

  it("lets a page of an allowed origin read a customer's name with a token, and the 401's code without one", async () => {
    const page = await openApp(allowed.origin);
    try {
      const token = await tokenFor('support_agent');
      const answer = await page.evaluate((t) => (globalThis as any).ask(t), token);
      expect(answer.error).toBeUndefined();
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data.customer.name).toMatch(/\w+ \w+/);
      // An exposed header: the app can quote the request id.
      expect(answer.requestId).toMatch(/^[0-9a-f-]{36}$/);

      const refused = await page.evaluate(() => (globalThis as any).ask(undefined));
      expect(refused.error).toBeUndefined();
      expect(refused.status).toBe(401);
      expect(refused.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    } finally {
      await page.close();
    }
  });

  it('blocks a page of another origin: fetch() throws a TypeError, and the query is never sent', async () => {
    const page = await openApp(other.origin);
    try {
      const crmCallsBefore = stack.recorded.crm.graphqlRequests;
      const answer = await page.evaluate((t) => (globalThis as any).ask(t), await tokenFor('support_agent'));
      expect(answer).toEqual({ error: expect.stringMatching(/^TypeError: /) });
      const refused = await page.evaluate(() => (globalThis as any).ask(undefined));
      expect(refused).toEqual({ error: expect.stringMatching(/^TypeError: /) });
      // The preflight was refused, so the browser never sent the POST: no subgraph was asked.
      expect(stack.recorded.crm.graphqlRequests).toBe(crmCallsBefore);
    } finally {
      await page.close();
    }
  });
});
