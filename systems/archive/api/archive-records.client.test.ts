import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphQLError } from 'graphql';
import { connectDatabase } from '../../../platform/database';
import { createLogger } from '../../../platform/logger';
import { startArchiveApi } from './start-archive-api';
import { createTestSystems, type TestSystems } from '../../../test/support/backends';
import { ArchiveRecordsClient } from './archive-records.client';

/** A client of a stand-in records API that answers with `handler`, for `run`; both closed after it. */
async function withArchiveAnswering(
  handler: RequestListener,
  run: (client: ArchiveRecordsClient) => Promise<void>,
  basePath = '',
): Promise<void> {
  const other = createServer(handler);
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  const client = new ArchiveRecordsClient(`http://127.0.0.1:${(other.address() as AddressInfo).port}${basePath}`);
  try {
    await run(client);
  } finally {
    client.close();
    await new Promise((resolve) => other.close(resolve));
  }
}

describe('archive records client', () => {
  let systems: TestSystems;
  let api: Awaited<ReturnType<typeof startArchiveApi>>;

  beforeAll(async () => {
    systems = await createTestSystems('sqlite', 20);
    api = await startArchiveApi({ databaseUrl: systems.urls.archive, port: 0, logger: createLogger('archive-api', 'silent') });
  });

  afterAll(async () => {
    await api?.stop();
    await systems?.drop();
  });

  it('returns each requested account with its records', async () => {
    const client = new ArchiveRecordsClient(api.url);
    const results = await client.newestPerAccount('orders', ['RT-0000000000', 'XX-1'], 5);
    expect(results.map((r) => r.accountNumber).sort()).toEqual(['RT-0000000000', 'XX-1']);
    client.close();
  });

  it('resolves a legacy account number to the account it became, and an unknown one to undefined', async () => {
    const client = new ArchiveRecordsClient(api.url);
    const db = connectDatabase(systems.urls.archive);
    try {
      const known = await db('legacy_accounts').orderBy('legacy_account_number').first();
      expect(await client.accountNumberOfLegacy(known.legacy_account_number)).toBe(known.account_number);
      expect(await client.accountNumberOfLegacy('RT/does-not-exist')).toBeUndefined();
    } finally {
      await db.destroy();
      client.close();
    }
  });

  it('reports a request the archive refuses (4xx) as our bug, not as an outage', async () => {
    const client = new ArchiveRecordsClient(api.url);
    const tooMany = Array.from({ length: 1001 }, (_, i) => `A-${i}`);
    const failure = await client.newestPerAccount('orders', tooMany, 5).catch((error: unknown) => error);
    expect(failure).not.toBeInstanceOf(GraphQLError);
    expect((failure as Error).message).toMatch(/status 400/);
    client.close();
  });

  it('takes a 404 that is not the archive saying "no such number" for a failure, never for "nobody"', async () => {
    await withArchiveAnswering(
      (_req, res) => res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"NOT_FOUND"}}'),
      async (client) => {
        await expect(client.accountNumberOfLegacy('RT/0000001')).rejects.toThrow(/status 404/);
      },
    );
  });

  it('follows no redirect and takes an answer that is not JSON for an outage that quotes none of it', async () => {
    const requests: string[] = [];
    await withArchiveAnswering(
      (req, res) => {
        requests.push(req.url ?? '');
        if (req.url?.includes('orders')) return void res.writeHead(302, { location: '/elsewhere' }).end();
        res.writeHead(200, { 'content-type': 'application/json' }).end('<html>SECRET-PAGE</html>');
      },
      async (client) => {
        const redirected = await client.newestPerAccount('orders', ['RT-1'], 5).catch((error: unknown) => error);
        expect((redirected as Error).message).toBe('The records API refused a request: records API status 302');
        const garbled = await client.legacyAccountsOf(['RT-1']).catch((error: unknown) => error);
        expect((garbled as GraphQLError).extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', system: 'records archive' });
        expect(
          JSON.stringify(garbled, Object.getOwnPropertyNames(garbled)) + String((garbled as GraphQLError).originalError?.message),
        ).not.toMatch(/SECRET/);
        // Under the base URL's own path, and never to where the redirect pointed.
        expect(requests).toEqual(['/records/v1/orders/lookup', '/records/v1/legacy-accounts/lookup']);
      },
      '/records/',
    );
  });

  it.each([
    ['null', 'orders', 'null'],
    ['no results', 'orders', '{"accounts":{}}'],
    ['results as a list', 'orders', '{"results":[]}'],
    ['an account without items', 'orders', '{"results":{"RT-1":{"rows":[]}}}'],
    ['items that are not a list', 'orders', '{"results":{"RT-1":{"items":"SECRET"}}}'],
    ['an account entry of null', 'orders', '{"results":{"RT-1":null}}'],
    ['legacy numbers that are not a list', 'legacy', '{"results":{"RT-1":{"legacy":[]}}}'],
    ['a legacy answer of a string', 'legacy', '"SECRET"'],
  ])('takes a 200 answer of %s for an outage, not an internal error', async (_case, kind, body) => {
    await withArchiveAnswering(
      (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body),
      async (client) => {
        const lookup = kind === 'orders' ? client.newestPerAccount('orders', ['RT-1'], 5) : client.legacyAccountsOf(['RT-1']);
        const failure = await lookup.catch((error: unknown) => error);
        expect(failure).toBeInstanceOf(GraphQLError);
        expect((failure as GraphQLError).extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', system: 'records archive' });
        expect(JSON.stringify(failure, Object.getOwnPropertyNames(failure))).not.toMatch(/SECRET/);
      },
    );
  });

  it.each([
    ['null', 'null'],
    ['no account number', '{"legacyAccountNumber":"RT/0000001"}'],
    ['an account number that is not text', '{"accountNumber":["SECRET"]}'],
    ['a string', '"SECRET"'],
  ])('takes a 200 legacy-number answer of %s for an outage, never for "nobody"', async (_case, body) => {
    await withArchiveAnswering(
      (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body),
      async (client) => {
        const failure = await client.accountNumberOfLegacy('RT/0000001').catch((error: unknown) => error);
        expect(failure).toBeInstanceOf(GraphQLError);
        expect((failure as GraphQLError).extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', system: 'records archive' });
        expect(
          JSON.stringify(failure, Object.getOwnPropertyNames(failure)) + String((failure as GraphQLError).originalError?.message),
        ).not.toMatch(/SECRET/);
      },
    );
  });

  it('keeps the search term and the account numbers out of the error it reports', async () => {
    const client = new ArchiveRecordsClient('http://127.0.0.1:1', 1000);
    const failures = await Promise.all([
      client.accountNumberOfLegacy('RT/4711-SECRET').catch((error: unknown) => error),
      client.newestPerAccount('orders', ['RT-SECRET-0042'], 5).catch((error: unknown) => error),
    ]);
    for (const failure of failures) {
      const seen = JSON.stringify(failure, Object.getOwnPropertyNames(failure)) + String((failure as GraphQLError).originalError?.message);
      expect(seen).not.toMatch(/SECRET/);
      expect((failure as GraphQLError).originalError).not.toHaveProperty('config');
    }
    client.close();
  });

  it('reports an unreachable archive as UPSTREAM_UNAVAILABLE, for lookups and legacy numbers alike', async () => {
    const client = new ArchiveRecordsClient('http://127.0.0.1:1', 1000);
    const failures = await Promise.all([
      client.newestPerAccount('orders', ['RT-1'], 5).catch((error: unknown) => error),
      client.accountNumberOfLegacy('RT/0000001').catch((error: unknown) => error),
    ]);
    for (const failure of failures) {
      expect((failure as GraphQLError).extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', system: 'records archive' });
    }
    client.close();
  });
});
