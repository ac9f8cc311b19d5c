import { connectDatabase, type Knex } from '../../../platform/database';
import { createLogger } from '../../../platform/logger';
import { type Backend, createTestSystems, type TestSystems, testBackends } from '../../../test/support/backends';
import { startArchiveApi } from './start-archive-api';

describe.each(testBackends())('archive records API on %s', (backend: Backend) => {
  let systems: TestSystems;
  let api: Awaited<ReturnType<typeof startArchiveApi>>;
  let db: Knex;
  let busiest: string[];

  beforeAll(async () => {
    systems = await createTestSystems(backend, 60);
    api = await startArchiveApi({ databaseUrl: systems.urls.archive, port: 0, logger: createLogger('archive-api', 'silent') });
    db = connectDatabase(systems.urls.archive);
    const rows: Array<Record<string, unknown>> = await db('archived_orders')
      .select('account_number')
      .count({ n: '*' })
      .groupBy('account_number')
      .orderBy('n', 'desc')
      .limit(3);
    busiest = rows.map((row) => String(row.account_number));
  });

  afterAll(async () => {
    await db?.destroy();
    await api?.stop();
    await systems?.drop();
  });

  const post = (path: string, body: unknown) =>
    fetch(`${api.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('looks up the newest records of many accounts in one call', async () => {
    const response = await post('/v1/orders/lookup', { accountNumbers: [...busiest, 'XX-0000000000'], limitPerAccount: 2 });
    expect(response.status).toBe(200);
    const { results } = (await response.json()) as any;
    expect(Object.keys(results).sort()).toEqual([...busiest, 'XX-0000000000'].sort());
    for (const account of busiest) {
      const { items, hasMore } = results[account];
      expect(items).toHaveLength(2);
      expect(hasMore).toBe(true);
      expect(items[0].placedAt >= items[1].placedAt).toBe(true);
      for (const item of items)
        expect(item).toMatchObject({ accountNumber: account, total: { amount: expect.stringMatching(/^\d+\.\d\d$/), currency: 'EUR' } });
    }
    expect(results['XX-0000000000']).toEqual({ items: [], hasMore: false });
  });

  it('pages through one account newest first with a cursor, without overlaps', async () => {
    const account = busiest[0];
    const total = Number((await db('archived_orders').where('account_number', account).count({ n: '*' }).first())!.n);
    expect(total).toBeGreaterThan(3);
    const seen: Array<{ id: string; placedAt: string }> = [];
    let cursor: string | null = null;
    let pages = 0;
    // Three a page; a cursor that never runs out stops at twice the pages the account needs.
    do {
      const query: string = `/v1/orders?accountNumber=${account}&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const body = (await (await fetch(`${api.url}${query}`)).json()) as any;
      expect(body.items.length).toBeLessThanOrEqual(3);
      seen.push(...body.items);
      cursor = body.nextCursor;
      pages += 1;
    } while (cursor && pages < 2 * Math.ceil(total / 3));
    // It ended on the last page, which said so, after as many pages as the records fill.
    expect({ pages, cursor }).toEqual({ pages: Math.ceil(total / 3), cursor: null });
    expect(seen).toHaveLength(total);
    expect(new Set(seen.map((item) => item.id)).size).toBe(total);
    const placed = seen.map((item) => item.placedAt);
    expect(placed).toEqual([...placed].sort().reverse());
  });

  it("answers with only the fields asked for, in a whole record's order, each as the whole record has it", async () => {
    const accountNumbers = busiest.slice(0, 2);
    const whole = (await (await post('/v1/orders/lookup', { accountNumbers, limitPerAccount: 3 })).json()) as any;
    const some = await post('/v1/orders/lookup', { accountNumbers, limitPerAccount: 3, fields: ['placedAt', 'orderNumber', 'id', 'id'] });
    expect(some.status).toBe(200);
    const projected = (await some.json()) as any;
    for (const account of accountNumbers) {
      const records = whole.results[account].items;
      expect(Object.keys(records[0])).toEqual(['id', 'accountNumber', 'orderNumber', 'placedAt', 'status', 'total', 'lineCount']);
      expect(projected.results[account]).toEqual({
        items: records.map(({ id, orderNumber, placedAt }: any) => ({ id, orderNumber, placedAt })),
        hasMore: whole.results[account].hasMore,
      });
      expect(Object.keys(projected.results[account].items[0])).toEqual(['id', 'orderNumber', 'placedAt']);
    }
    const asNull = (await (await post('/v1/orders/lookup', { accountNumbers, limitPerAccount: 3, fields: null })).json()) as any;
    expect(asNull).toEqual(whole);
    const account = accountNumbers[0];
    for (const query of ['fields=id,total', 'fields=total&fields=id']) {
      const page = (await (await fetch(`${api.url}/v1/orders?accountNumber=${account}&limit=2&${query}`)).json()) as any;
      expect(page.items).toEqual(whole.results[account].items.slice(0, 2).map(({ id, total }: any) => ({ id, total })));
    }
  });

  it.each([
    ['an empty list of fields', '/v1/orders/lookup', { accountNumbers: ['RT-1'], fields: [] }],
    ['a field the type does not have', '/v1/orders/lookup', { accountNumbers: ['RT-1'], fields: ['id', 'invoiceNumber'] }],
    ['fields that are not a list', '/v1/orders/lookup', { accountNumbers: ['RT-1'], fields: 'id' }],
    ['fields that are not names', '/v1/invoices/lookup', { accountNumbers: ['RT-1'], fields: [{ id: true }] }],
    ['an inherited name', '/v1/interactions/lookup', { accountNumbers: ['RT-1'], fields: ['toString'] }],
  ])('refuses %s with 400 and the fields it has', async (_name, path, body) => {
    const response = await post(path, body);
    expect(response.status).toBe(400);
    expect(((await response.json()) as any).error).toEqual({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/^fields must be a non-empty list of: id, accountNumber, /),
    });
  });

  it.each(['fields=', 'fields=id,,placedAt', 'fields=id,nope', 'fields=__proto__'])('refuses a page of %s with 400', async (query) => {
    const response = await fetch(`${api.url}/v1/orders?accountNumber=${busiest[0]}&${query}`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as any).error.code).toBe('BAD_REQUEST');
  });

  it.each([
    ['too many accounts', '/v1/orders/lookup', { accountNumbers: Array.from({ length: 1001 }, (_, i) => `A-${i}`) }, 400],
    ['accounts that are not a list', '/v1/orders/lookup', { accountNumbers: 'RT-1' }, 400],
    ['a page size out of range', '/v1/orders/lookup', { accountNumbers: ['RT-1'], limitPerAccount: 0 }, 400],
    ['more per account than a lookup takes', '/v1/orders/lookup', { accountNumbers: ['RT-1'], limitPerAccount: 1001 }, 400],
    [
      'more records than a lookup takes (accounts × limitPerAccount)',
      '/v1/orders/lookup',
      { accountNumbers: Array.from({ length: 101 }, (_, i) => `A-${i}`), limitPerAccount: 1000 },
      400,
    ],
    ['an unknown record type', '/v1/contracts/lookup', { accountNumbers: ['RT-1'] }, 404],
    ['malformed JSON', '/v1/orders/lookup', '{"accountNumbers": [', 400],
  ])('refuses %s with a clear error', async (_name, path, body, status) => {
    const response = await post(path, body);
    expect(response.status).toBe(status);
    const json = (await response.json()) as any;
    expect(json.error).toEqual({ code: expect.any(String), message: expect.any(String) });
    expect(JSON.stringify(json)).not.toMatch(/select |archived_orders|\n\s+at /i);
  });

  it('names the account a legacy number became; unknown is 404 LEGACY_ACCOUNT_NOT_FOUND, a missing or overlong one 400', async () => {
    const known = await db('legacy_accounts').orderBy('legacy_account_number').first();
    const find = (body: unknown) => post('/v1/legacy-accounts/find', body);
    const found = await find({ number: known.legacy_account_number });
    expect(found.status).toBe(200);
    expect(await found.json()).toEqual({
      legacyAccountNumber: known.legacy_account_number,
      accountNumber: known.account_number,
      renumberedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    const other = known.legacy_account_number.toLowerCase();
    const bodies = [{ number: 'RT/99999999' }, { number: other }, {}, { number: '' }, { number: '9'.repeat(21) }, { number: ['a', 'b'] }];
    const answers = await Promise.all(bodies.map(find));
    expect(answers.map((answer) => answer.status)).toEqual([404, 404, 400, 400, 400, 400]);
    expect(await answers[0].json()).toEqual({ error: { code: 'LEGACY_ACCOUNT_NOT_FOUND', message: 'No such legacy account number' } });
    // The number travels in the body only: the old query-string form is no resource.
    expect((await fetch(`${api.url}/v1/legacy-accounts?number=${encodeURIComponent(known.legacy_account_number)}`)).status).toBe(404);
  });

  it('names the legacy numbers of many accounts in one call: each account asked for, with none for most', async () => {
    const known = await db('legacy_accounts').orderBy('legacy_account_number').first();
    const response = await post('/v1/legacy-accounts/lookup', { accountNumbers: [known.account_number, 'XX-0000000000'] });
    expect(response.status).toBe(200);
    const { results } = await response.json();
    expect(results['XX-0000000000']).toEqual([]);
    expect(results[known.account_number]).toContainEqual({
      legacyAccountNumber: known.legacy_account_number,
      accountNumber: known.account_number,
      renumberedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    expect((await post('/v1/legacy-accounts/lookup', { accountNumbers: 'RT-1' })).status).toBe(400);
  });

  it('refuses a forged cursor', async () => {
    const response = await fetch(`${api.url}/v1/orders?accountNumber=${busiest[0]}&cursor=bm90LWpzb24`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as any).error.code).toBe('BAD_REQUEST');
  });

  it('reports health', async () => {
    const response = await fetch(`${api.url}/health`);
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});
