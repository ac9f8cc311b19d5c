import { type FieldNode, GraphQLError, type OperationDefinitionNode, parse } from 'graphql';
import { createLogger } from '../../platform/logger';
import { migrateArchive } from '../../systems/archive/schema';
import { startArchiveApi } from '../../systems/archive/api/start-archive-api';
import { storeBackends } from '../../test/support/mysql';
import { freshStoreDatabase } from '../../test/support/store-database';
import { ArchiveRecordsClient } from '../../systems/archive/api/archive-records.client';
import type { ArchivedOrder } from './archived-records.types';
import { newestAcrossAccounts } from './customer-archive.resolver';
import { ArchiveLoaders } from './loaders';

/** Customer A's five orders over two accounts, interleaved in time (merged: 11, 21, 12, 22, 13); customer B's five on one account. */
const ORDERS: Array<[id: number, account: string, placedAt: string]> = [
  [11, 'RA-1', '2019-01-05 10:00:00'],
  [12, 'RA-1', '2019-01-03 10:00:00'],
  [13, 'RA-1', '2019-01-01 10:00:00'],
  [21, 'RA-2', '2019-01-04 10:00:00'],
  [22, 'RA-2', '2019-01-02 10:00:00'],
  ...[31, 32, 33, 34, 35].map((id): [number, string, string] => [id, 'RB-1', `2018-06-0${id - 30} 10:00:00`]),
];

/** What a resolver is told of the field it resolves, as selected by `query` (its first field). */
function selection(query: string) {
  const document = parse(query);
  const [operation] = document.definitions as OperationDefinitionNode[];
  const fragments = Object.fromEntries(
    document.definitions.flatMap((definition) => (definition.kind === 'FragmentDefinition' ? [[definition.name.value, definition]] : [])),
  );
  return { fieldNodes: [operation.selectionSet.selections[0] as FieldNode], fragments };
}

const IDS = selection('{ archivedOrders { id } }');

const customerA = { accounts: [{ accountNumber: 'RA-1' }, { accountNumber: 'RA-2' }] };
const customerB = { accounts: [{ accountNumber: 'RB-1' }] };

describe.each(storeBackends())('archived lists merged across accounts, a page at a time, on %s', (backend) => {
  const fresh = freshStoreDatabase(backend, 'archive_pages');
  let api: Awaited<ReturnType<typeof startArchiveApi>>;
  let client: ArchiveRecordsClient;

  beforeEach(async () => {
    await migrateArchive(fresh.db);
    await fresh.db('archived_orders').insert(
      ORDERS.map(([id, account, placedAt]) => ({
        id,
        account_number: account,
        order_number: `AO-${id}`,
        placed_at: placedAt,
        status: 'delivered',
        total_amount: '5.00',
        currency: 'EUR',
        line_count: 1,
      })),
    );
    api = await startArchiveApi({ databaseUrl: fresh.url, port: 0, logger: createLogger('archive-api', 'silent') });
    client = new ArchiveRecordsClient(api.url);
  });

  afterEach(async () => {
    client?.close();
    await api?.stop();
  });

  /** One request's loaders, and the lookups they sent to the records API. */
  function request() {
    const lookups: Array<{ accounts: number; limitPerAccount: number; fields?: readonly string[] }> = [];
    const recording = Object.create(client) as ArchiveRecordsClient;
    recording.newestPerAccount = (kind, accountNumbers, limitPerAccount, fields) => {
      lookups.push({ accounts: accountNumbers.length, limitPerAccount, fields });
      return client.newestPerAccount(kind, accountNumbers, limitPerAccount, fields);
    };
    return { ctx: { loaders: new ArchiveLoaders(recording, () => undefined) }, lookups };
  }

  it('pages [2, 0], [2, 2], [2, 4] of two customers with one lookup each: every order once, newest first across accounts', async () => {
    const pages: string[][][] = [];
    for (const offset of [0, 2, 4]) {
      const { ctx, lookups } = request();
      const page = (customer: typeof customerA) =>
        newestAcrossAccounts<ArchivedOrder>(customer, 'orders', { first: 2, offset }, 'placedAt', ctx, IDS);
      const [a, b] = await Promise.all([page(customerA), page(customerB)]);
      pages.push([a.map((r) => r.id), b.map((r) => r.id)]);
      // Each account's newest offset + first, all three accounts in one call.
      expect(lookups).toEqual([{ accounts: 3, limitPerAccount: offset + 2, fields: ['id', 'placedAt'] }]);
    }
    expect(pages).toEqual([
      [
        ['11', '21'],
        ['35', '34'],
      ],
      [
        ['12', '22'],
        ['33', '32'],
      ],
      [['13'], ['31']],
    ]);
    const { ctx } = request();
    expect(await newestAcrossAccounts<ArchivedOrder>(customerA, 'orders', { first: 2, offset: 6 }, 'placedAt', ctx, IDS)).toEqual([]);
  });

  it('asks for the fields selected, through fragments, with the id and date it merges by: one lookup per distinct selection', async () => {
    const { ctx, lookups } = request();
    const numbers = selection('{ archivedOrders { __typename orderNumber ... on ArchivedOrder { orderNumber } } }');
    const totals = selection(
      'query { archivedOrders { ...Totals @include(if: false) } } fragment Totals on ArchivedOrder { total { amount } status }',
    );
    const [a, b, again] = await Promise.all([
      newestAcrossAccounts<ArchivedOrder>(customerA, 'orders', { first: 2, offset: 0 }, 'placedAt', ctx, numbers),
      newestAcrossAccounts<ArchivedOrder>(customerB, 'orders', { first: 1, offset: 0 }, 'placedAt', ctx, totals),
      newestAcrossAccounts<ArchivedOrder>(customerB, 'orders', { first: 2, offset: 0 }, 'placedAt', ctx, numbers),
    ]);
    expect(a).toEqual([
      { id: '11', orderNumber: 'AO-11', placedAt: '2019-01-05T10:00:00.000Z' },
      { id: '21', orderNumber: 'AO-21', placedAt: '2019-01-04T10:00:00.000Z' },
    ]);
    expect(b).toEqual([
      { id: '35', placedAt: '2018-06-05T10:00:00.000Z', status: 'delivered', total: { amount: '5.00', currency: 'EUR' } },
    ]);
    expect(again.map((r) => r.id)).toEqual(['35', '34']);
    expect(lookups).toEqual([
      { accounts: 3, limitPerAccount: 2, fields: ['id', 'orderNumber', 'placedAt'] },
      { accounts: 1, limitPerAccount: 1, fields: ['id', 'placedAt', 'status', 'total'] },
    ]);
  });

  it('asks for the deepest page (offset 900, first 100) in lookups the records API accepts', async () => {
    const { ctx, lookups } = request();
    const many = { accounts: Array.from({ length: 150 }, (_, i) => ({ accountNumber: `RX-${i}` })) };
    const page = await newestAcrossAccounts<ArchivedOrder>(many, 'orders', { first: 100, offset: 900 }, 'placedAt', ctx, IDS);
    expect(page).toEqual([]);
    // 1,000 records per account: at most 100 accounts a call (100,000 records).
    expect(lookups).toEqual([
      { accounts: 100, limitPerAccount: 1000, fields: ['id', 'placedAt'] },
      { accounts: 50, limitPerAccount: 1000, fields: ['id', 'placedAt'] },
    ]);
  });

  it.each([
    [{ first: 2, offset: -1 }, 'offset must be between 0 and 900'],
    [{ first: 2, offset: 901 }, 'offset must be between 0 and 900'],
    [{ first: 2, offset: 1.5 }, 'offset must be between 0 and 900'],
    [{ first: 0, offset: 0 }, 'first must be between 1 and 100'],
  ])('refuses the page %j with BAD_USER_INPUT', async (page, message) => {
    const { ctx, lookups } = request();
    const failure = await newestAcrossAccounts<ArchivedOrder>(customerA, 'orders', page, 'placedAt', ctx, IDS).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(GraphQLError);
    expect(failure).toMatchObject({ message, extensions: { code: 'BAD_USER_INPUT' } });
    expect(lookups).toEqual([]);
  });

  it('the records API takes up to 1,000 per account and 100,000 records a lookup, and answers 400 beyond', async () => {
    const lookup = (accounts: number, limitPerAccount: number) =>
      fetch(`${api.url}/v1/orders/lookup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ accountNumbers: Array.from({ length: accounts }, (_, i) => `RX-${i}`), limitPerAccount }),
      });
    expect((await lookup(100, 1000)).status).toBe(200);
    expect((await lookup(1000, 100)).status).toBe(200);
    const overTotal = await lookup(101, 1000);
    expect(overTotal.status).toBe(400);
    expect(await overTotal.json()).toEqual({
      error: { code: 'BAD_REQUEST', message: 'At most 100000 records per lookup (accounts × limitPerAccount)' },
    });
    const overLimit = await lookup(1, 1001);
    expect(overLimit.status).toBe(400);
    expect(await overLimit.json()).toEqual({
      error: { code: 'BAD_REQUEST', message: 'limitPerAccount must be an integer from 1 to 1000' },
    });
  });
});
