import { createTestSystems, type TestSystems } from './support/backends';
import { startTestStack, type TestStack, tokenFor } from './support/test-stack';

const APP = 'http://app.example.test:5173';
const OTHER = 'http://other.example.test:5173';
const QUERY = '{ customer(id: "1000002") { name } }';

/** What a browser's preflight for a GraphQL POST with a token sends. */
const preflight = (origin: string, method = 'POST', headers = 'authorization,content-type,x-purpose') => ({
  method: 'OPTIONS',
  headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': headers },
});

/** What every answer to the allowed origin carries. */
const ANSWER_HEADERS = {
  'access-control-allow-origin': APP,
  'access-control-allow-credentials': 'true',
  'access-control-expose-headers': 'x-request-id,retry-after',
};

function headersOf(response: Response, names: string[]): Record<string, string | null> {
  return Object.fromEntries(names.map((name) => [name, response.headers.get(name)]));
}

const CORS_HEADERS = [
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'access-control-allow-methods',
  'access-control-allow-headers',
  'access-control-expose-headers',
  'access-control-max-age',
];

function expectNoCorsHeaders(response: Response): void {
  for (const name of CORS_HEADERS) expect([name, response.headers.get(name)]).toEqual([name, null]);
}

function expectAnswerHeaders(response: Response): void {
  expect(headersOf(response, Object.keys(ANSWER_HEADERS))).toEqual(ANSWER_HEADERS);
  expect(response.headers.get('vary')).toMatch(/(^|,\s*)Origin(\s*,|$)/);
  // Only a preflight's answer says which methods and headers are allowed.
  expect(response.headers.get('access-control-allow-methods')).toBeNull();
}

describe('CORS for browser applications', () => {
  let systems: TestSystems;
  let stack: TestStack;
  let url: string;

  beforeAll(async () => {
    systems = await createTestSystems('sqlite', 10);
    stack = await startTestStack(systems, {
      gateway: { corsOrigins: [APP, 'https://another-app.example.test'], rateLimits: { perClientPerMinute: 0, perSubjectPerMinute: 2 } },
    });
    url = stack.gateway.url;
  });

  afterAll(async () => {
    await stack?.stop();
    await systems?.drop();
  });

  /** Requests refused for want of a token so far (identity counts each one). */
  async function unauthenticatedCount(): Promise<number> {
    const text = await (await fetch(new URL('/metrics', url))).text();
    return [...text.matchAll(/^gateway_unauthenticated_total\{[^}]*\} (\d+)$/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
  }

  const post = (origin: string | undefined, token: string | undefined, body: unknown = { query: QUERY }, headers = {}) =>
    fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(origin ? { origin } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: JSON.stringify(body),
    });

  it("answers an allowed origin's preflight, 204 without a token, with exactly the browser's needs; identity never sees it", async () => {
    const refusedBefore = await unauthenticatedCount();
    const response = await fetch(url, preflight(APP));
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
    expect(headersOf(response, [...CORS_HEADERS, 'vary'])).toEqual({
      'access-control-allow-origin': APP,
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'GET,POST',
      'access-control-allow-headers':
        'authorization,content-type,x-purpose,x-request-id,apollo-require-preflight,x-apollo-operation-name,' +
        'apollographql-client-name,apollographql-client-version',
      'access-control-expose-headers': 'x-request-id,retry-after',
      'access-control-max-age': '600',
      vary: 'Origin',
    });
    expect(await unauthenticatedCount()).toBe(refusedBefore);
  });

  it("gives another origin's preflight no CORS header: it goes on as any OPTIONS request without a token does (401)", async () => {
    for (const origin of [OTHER, 'http://app.example.test:5174', 'https://app.example.test:5173', 'null']) {
      const response = await fetch(url, preflight(origin));
      expect([origin, response.status]).toEqual([origin, 401]);
      expectNoCorsHeaders(response);
    }
  });

  it('answers an allowed origin with a token, 200, with the origin echoed and the request id readable', async () => {
    const response = await post(APP, await tokenFor('support_agent', { subject: 'cors-200@example.com' }));
    expect(response.status).toBe(200);
    expectAnswerHeaders(response);
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect((await response.json()).data.customer.name).toMatch(/\w+ \w+/);
  });

  it('puts the CORS headers on the refusal without a token too, so the app can read UNAUTHENTICATED', async () => {
    const refusedBefore = await unauthenticatedCount();
    const response = await post(APP, undefined);
    expect(response.status).toBe(401);
    expect(await unauthenticatedCount()).toBe(refusedBefore + 1);
    expectAnswerHeaders(response);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({
      errors: [{ message: 'An Authorization: Bearer token is required', extensions: { code: 'UNAUTHENTICATED' } }],
    });
  });

  it("and on the gateway's other refusals: 403 for a purpose not held, 413 for a body over 1 MB, a refused persisted query", async () => {
    const token = await tokenFor('support_agent', { subject: 'cors-refusals@example.com' });
    const purpose = await post(APP, token, undefined, { 'x-purpose': 'marketing' });
    expect(purpose.status).toBe(403);
    expectAnswerHeaders(purpose);
    expect((await purpose.json()).errors[0].extensions.code).toBe('PURPOSE_NOT_ALLOWED');

    const large = await post(APP, await tokenFor('support_agent', { subject: 'cors-413@example.com' }), {
      query: `{ __typename }${' '.repeat(1_100_000)}`,
    });
    expect(large.status).toBe(413);
    expectAnswerHeaders(large);
    expect((await large.json()).errors[0].extensions.code).toBe('BAD_REQUEST');

    const hash = await post(APP, await tokenFor('support_agent', { subject: 'cors-pq@example.com' }), {
      extensions: { persistedQuery: { version: 1, sha256Hash: 'not-a-hash' } },
    });
    expect(hash.status).toBe(400);
    expectAnswerHeaders(hash);
    expect((await hash.json()).errors[0].extensions.code).toBe('PERSISTED_QUERY_HASH_INVALID');
  });

  it('puts them on a 429, with Retry-After exposed to the app', async () => {
    const token = await tokenFor('support_agent', { subject: 'cors-429@example.com' });
    for (let i = 0; i < 2; i++) expect((await post(APP, token)).status).toBe(200);
    const limited = await post(APP, token);
    expect(limited.status).toBe(429);
    expectAnswerHeaders(limited);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await limited.json()).errors[0].extensions.code).toBe('RATE_LIMITED');
  });

  it('changes nothing for another origin but the missing CORS headers, and nothing at all for a request without an Origin', async () => {
    const other = await post(OTHER, await tokenFor('support_agent', { subject: 'cors-other@example.com' }));
    expect(other.status).toBe(200);
    expectNoCorsHeaders(other);
    expect((await other.json()).data.customer.name).toMatch(/\w+ \w+/);
    const otherRefused = await post(OTHER, undefined);
    expect(otherRefused.status).toBe(401);
    expectNoCorsHeaders(otherRefused);

    const server = await post(undefined, await tokenFor('support_agent', { subject: 'cors-server@example.com' }));
    expect(server.status).toBe(200);
    expectNoCorsHeaders(server);
    expect(server.headers.get('vary')).toBeNull();
  });

  it("keeps Apollo Server's CSRF prevention: a GET from an allowed origin needs a preflight header, and gets one through", async () => {
    const token = await tokenFor('support_agent', { subject: 'cors-get@example.com' });
    const get = (headers: Record<string, string>) =>
      fetch(`${url}?query=${encodeURIComponent(QUERY)}`, { headers: { origin: APP, authorization: `Bearer ${token}`, ...headers } });
    const simple = await get({});
    expect(simple.status).toBe(400);
    expectAnswerHeaders(simple);
    const preflighted = await fetch(url, preflight(APP, 'GET', 'authorization,apollo-require-preflight'));
    expect(preflighted.status).toBe(204);
    expect(preflighted.headers.get('access-control-allow-methods')).toBe('GET,POST');
    const withHeader = await get({ 'apollo-require-preflight': 'true' });
    expect(withHeader.status).toBe(200);
    expectAnswerHeaders(withHeader);
    expect((await withHeader.json()).data.customer.name).toMatch(/\w+ \w+/);
  });

  it('takes an OPTIONS request without Access-Control-Request-Method for no preflight: it goes on, with the headers', async () => {
    const response = await fetch(url, { method: 'OPTIONS', headers: { origin: APP } });
    expect(response.status).toBe(401);
    expect(response.headers.get('access-control-allow-origin')).toBe(APP);
  });
});
