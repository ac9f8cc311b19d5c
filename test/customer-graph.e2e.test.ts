import { connectDatabase, StatementCounter } from '../platform/database';
import { type Backend, createTestSystems, type TestSystems, testBackends } from './support/backends';
import { CUSTOMER_PAGE_QUERY, CUSTOMER_QUERY } from './support/customer-360';
import { postGraphQL, startTestStack, type TestStack, tokenFor } from './support/test-stack';

const CUSTOMERS = 300;

describe.each(testBackends())('customer graph on %s', (backend: Backend) => {
  let systems: TestSystems;
  let stack: TestStack;
  let crmStatements: StatementCounter;
  let warehouseStatements: StatementCounter;

  beforeAll(async () => {
    systems = await createTestSystems(backend, CUSTOMERS);
    stack = await startTestStack(systems);
    crmStatements = new StatementCounter(stack.crm.db);
    warehouseStatements = new StatementCounter(stack.analytics.db);
  });

  afterAll(async () => {
    await stack?.stop();
    await systems?.drop();
  });

  const query = (document: string, variables?: Record<string, unknown>, token?: string) =>
    postGraphQL(stack.gateway.url, document, variables, token);

  /** What one request cost the systems behind the graph. */
  async function measure(document: string, variables: Record<string, unknown>, token?: string) {
    const before = snapshot();
    const response = await query(document, variables, token);
    const after = snapshot();
    return {
      response,
      crmSql: after.crmSql - before.crmSql,
      warehouseSql: after.warehouseSql - before.warehouseSql,
      archiveApiCalls: after.archiveApiCalls - before.archiveApiCalls,
      subgraphCalls: after.subgraphCalls - before.subgraphCalls,
    };
  }

  function snapshot() {
    return {
      crmSql: crmStatements.total,
      warehouseSql: warehouseStatements.total,
      archiveApiCalls: stack.recorded.archiveApi.requests,
      subgraphCalls: stack.recorded.crm.graphqlRequests + stack.recorded.archive.graphqlRequests + stack.recorded.analytics.graphqlRequests,
    };
  }

  it('answers a customer-360 query with data from crm, the archive (by account number) and the warehouse', async () => {
    const page = await query(CUSTOMER_PAGE_QUERY, { first: 30 });
    expect(page.body.errors).toBeUndefined();
    const withArchive = page.body.data.customers.nodes.find((c: any) => c.archivedOrders.length > 0 && c.orders.length > 0);
    expect(withArchive).toBeDefined();

    const { status, body } = await query(CUSTOMER_QUERY, { id: withArchive.id });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const customer = body.data.customer;
    expect(customer).toMatchObject({ id: withArchive.id, name: expect.stringMatching(/\w+ \w+/), email: expect.stringContaining('@') });
    expect(customer.orders[0].total).toEqual({ amount: expect.stringMatching(/^\d+\.\d\d$/), currency: 'EUR' });
    expect(customer.orders[0].lines.length).toBeGreaterThan(0);
    expect(customer.consents.map((c: any) => c.topic).sort()).toEqual(['EMAIL', 'PHONE', 'POST', 'PROFILING', 'SMS']);
    expect(customer.segment).toEqual(expect.any(String));
    expect(['GOOD', 'MARGINAL', 'UNPROFITABLE']).toContain(customer.valueTier);
    expect(customer.lifetimeValue.amount).toMatch(/^-?\d+\.\d\d$/);
    expect(customer.riskHistory.length).toBeGreaterThan(0);

    // The archive knows account numbers, not customers: every record must belong to one of this customer's accounts.
    const accountNumbers = customer.accounts.map((a: any) => a.accountNumber);
    const archived = [...customer.archivedOrders, ...customer.archivedInvoices, ...customer.archivedInteractions];
    expect(archived.length).toBeGreaterThan(0);
    for (const record of archived) expect(accountNumbers).toContain(record.accountNumber);
    // Archived orders are older than every OLTP order (retention moved them out).
    const oldestRecent = customer.orders.map((o: any) => o.placedAt).sort()[0];
    for (const order of customer.archivedOrders) expect(order.placedAt < oldestRecent).toBe(true);
    const placed = customer.archivedOrders.map((o: any) => o.placedAt);
    expect(placed).toEqual([...placed].sort().reverse());
  });

  it('issues exactly the same number of SQL statements and archive calls for 10 and for 100 customers', async () => {
    const hundred = await measure(CUSTOMER_PAGE_QUERY, { first: 100 });
    expect(hundred.response.body.errors).toBeUndefined();
    const nodes: any[] = hundred.response.body.data.customers.nodes;
    expect(nodes).toHaveLength(100);

    // Loaders only run for relations that occur, so the 10 must include every relation the 100 do.
    const start = firstWindowWithEveryRelation(nodes, 10);
    const after =
      start === 0
        ? null
        : (await query(`{ customers(first: ${start}) { pageInfo { endCursor } } }`)).body.data.customers.pageInfo.endCursor;
    const ten = await measure(CUSTOMER_PAGE_QUERY, { first: 10, after });
    expect(ten.response.body.errors).toBeUndefined();
    expect(ten.response.body.data.customers.nodes).toHaveLength(10);

    // crm: the page, then one statement per relation (household, members, accounts, addresses,
    // consents, orders, order lines, invoices, payments, interactions, offers).
    expect(ten.crmSql).toBe(12);
    expect(hundred.crmSql).toBe(ten.crmSql);
    // warehouse: latest scores, score history, monthly summaries, channel costs, profitability.
    expect(ten.warehouseSql).toBe(5);
    expect(hundred.warehouseSql).toBe(ten.warehouseSql);
    expect(ten.archiveApiCalls).toBe(3); // one batch lookup each for orders, invoices, interactions
    expect(hundred.archiveApiCalls).toBe(3);
    expect(ten.subgraphCalls).toBe(3); // crm, then archive and analytics in parallel
    expect(hundred.subgraphCalls).toBe(3);
  });

  it('keeps one statement per level at the largest nested page sizes (100 customers × 50 orders and their lines)', async () => {
    const widest = `query($first: Int!) { customers(first: $first) { nodes { id orders(first: 50) { id lines { sku } } } } }`;
    const ten = await measure(widest, { first: 10 });
    const hundred = await measure(widest, { first: 100 });
    expect(hundred.response.body.errors).toBeUndefined();
    const lines = hundred.response.body.data.customers.nodes.flatMap((n: any) => n.orders.flatMap((o: any) => o.lines));
    expect(lines.length).toBeGreaterThan(500);
    expect(ten.crmSql).toBe(3); // page, orders, order lines
    expect(hundred.crmSql).toBe(3);
  });

  it('pages through every customer with a keyset cursor, without gaps or repeats', async () => {
    const ids: string[] = [];
    let after: string | null = null;
    let more = true;
    let pages = 0;
    // 300 customers, 100 a page: three pages. A cursor that never reaches the end stops at twice that.
    while (more && pages < 6) {
      const { body } = await query(
        'query($after: String) { customers(first: 100, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }',
        { after },
      );
      expect(body.errors).toBeUndefined();
      ids.push(...body.data.customers.nodes.map((n: any) => n.id));
      ({ hasNextPage: more, endCursor: after } = body.data.customers.pageInfo);
      pages += 1;
    }
    // It ended because the last page said so, on the third.
    expect({ pages, more }).toEqual({ pages: 3, more: false });
    expect(ids).toHaveLength(CUSTOMERS);
    expect(new Set(ids).size).toBe(CUSTOMERS);
    expect(ids).toEqual([...ids].sort((a, b) => Number(a) - Number(b)));
  });

  it("reads a customer's whole lists a page at a time with first + offset, until a short page", async () => {
    const { body } = await query('{ customers(first: 100) { nodes { id orders(first: 50) { id } archivedOrders(first: 100) { id } } } }');
    expect(body.errors).toBeUndefined();
    const nodes: Array<{ id: string; orders: Array<{ id: string }>; archivedOrders: Array<{ id: string }> }> = body.data.customers.nodes;
    const most = (list: (n: (typeof nodes)[number]) => unknown[]) => nodes.reduce((a, b) => (list(b).length > list(a).length ? b : a));
    const busiest = most((n) => n.orders);
    const archived = most((n) => n.archivedOrders);
    expect(busiest.orders.length).toBeGreaterThan(4);
    expect(busiest.orders.length).toBeLessThan(50);
    expect(archived.archivedOrders.length).toBeGreaterThan(4);
    expect(archived.archivedOrders.length).toBeLessThan(100);

    async function pageThrough(id: string, field: 'orders' | 'archivedOrders', size: number) {
      const ids: string[] = [];
      let pages = 0;
      // A list that never ends a page short stops at twice the pages it needs.
      while (pages < 100) {
        const page = await query(
          `query($id: ID!, $offset: Int!) { customer(id: $id) { ${field}(first: ${size}, offset: $offset) { id } } }`,
          {
            id,
            offset: ids.length,
          },
        );
        expect(page.body.errors).toBeUndefined();
        const items: Array<{ id: string }> = page.body.data.customer[field];
        ids.push(...items.map((item) => item.id));
        pages += 1;
        if (items.length < size) break;
      }
      return { ids, pages };
    }

    const orders = await pageThrough(busiest.id, 'orders', 2);
    expect(orders).toEqual({ ids: busiest.orders.map((o) => o.id), pages: Math.floor(busiest.orders.length / 2) + 1 });
    expect(new Set(orders.ids).size).toBe(busiest.orders.length);
    const archivedPages = await pageThrough(archived.id, 'archivedOrders', 3);
    expect(archivedPages).toEqual({
      ids: archived.archivedOrders.map((o) => o.id),
      pages: Math.floor(archived.archivedOrders.length / 3) + 1,
    });
  });

  it('holds the realistic mix of customers the seed promises', async () => {
    const { body } = await query(`{ customers(first: 100) { nodes {
      id valueTier riskHistory { riskRating } accounts { accountNumber } consents { topic granted } restriction { restricted }
    } } }`);
    const nodes: any[] = body.data.customers.nodes;
    expect(new Set(nodes.map((n) => n.valueTier))).toEqual(new Set(['GOOD', 'MARGINAL', 'UNPROFITABLE']));
    const turnedBad = nodes.filter(
      (n) => n.riskHistory[0]?.riskRating === 'BAD' && n.riskHistory.some((s: any) => s.riskRating === 'GOOD'),
    );
    expect(turnedBad.length).toBeGreaterThan(0);
    expect(nodes.some((n) => n.accounts.length > 1)).toBe(true);
    expect(nodes.some((n) => n.consents.some((c: any) => c.topic === 'PROFILING' && !c.granted))).toBe(true);
    expect(nodes.some((n) => n.consents.some((c: any) => c.topic === 'EMAIL' && !c.granted))).toBe(true);
  });

  it('looks consents up only for a caller whose purpose needs one', async () => {
    const { body } = await query('{ customers(first: 100) { nodes { id restriction { restricted } consents { topic granted } } } }');
    const open = body.data.customers.nodes.filter((n: any) => !n.restriction.restricted);
    const consentsToPost = (n: any) => n.consents.some((c: any) => c.topic === 'POST' && c.granted);
    // One customer who consented to post and one who did not, so both answers are checked.
    const consenting = open.find(consentsToPost);
    const refusing = open.find((n: any) => !consentsToPost(n));
    expect(consenting).toBeDefined();
    expect(refusing).toBeDefined();
    const document = 'query($id: ID!) { customer(id: $id) { addresses { city } } }';

    for (const [id, consented] of [
      [consenting.id, true],
      [refusing.id, false],
    ] as const) {
      // Customer service reads addresses without consent: the customer, its addresses.
      const service = await measure(document, { id }, await tokenFor('support_agent'));
      expect(service.response.body.errors).toBeUndefined();
      const addresses = service.response.body.data.customer.addresses;
      expect(addresses.length).toBeGreaterThan(0);
      expect(service.crmSql).toBe(2);

      // Marketing needs the customer's post consent for the same field: the consents are read too,
      // and the addresses only when the customer consented.
      const marketing = await measure(document, { id }, await tokenFor('marketing'));
      const refused = {
        data: { customer: { addresses: null } },
        errors: [
          expect.objectContaining({ path: ['customer', 'addresses'], extensions: expect.objectContaining({ code: 'CONSENT_REQUIRED' }) }),
        ],
      };
      expect({ id, crmSql: marketing.crmSql, body: marketing.response.body }).toEqual(
        consented ? { id, crmSql: 3, body: { data: { customer: { addresses } } } } : { id, crmSql: 2, body: refused },
      );
    }
  });

  it('answers a customer reached at several places in one query the same at every place', async () => {
    // Household members repeat: each member of a household lists all of them.
    const { body } = await query(
      '{ customers(first: 100) { nodes { id segment valueTier household { id members { id segment valueTier } } } } }',
    );
    expect(body.errors).toBeUndefined();
    const nodes: any[] = body.data.customers.nodes;
    const members = nodes.flatMap((c: any) => c.household?.members ?? []);
    const timesSeen = new Map<string, number>();
    for (const member of members) timesSeen.set(member.id, (timesSeen.get(member.id) ?? 0) + 1);
    expect(Math.max(...timesSeen.values())).toBeGreaterThan(1);

    // What every place must say, read from the systems of record themselves: who lives in which
    // household (the OLTP database) and each customer's latest scores (the warehouse).
    const oltp = connectDatabase(systems.urls.oltp);
    const warehouse = connectDatabase(systems.urls.warehouse);
    const householdOf = new Map<string, string>();
    const membersOf = new Map<string, string[]>();
    const scoresOf = new Map<string, { segment: string; valueTier: string }>();
    try {
      const pageIds = nodes.map((n) => n.id);
      for (const row of await oltp('customers').whereIn('id', pageIds).whereNotNull('household_id').select('id', 'household_id'))
        householdOf.set(String(row.id), String(row.household_id));
      const rows = await oltp('customers')
        .whereIn('household_id', [...new Set(householdOf.values())])
        .select('id', 'household_id')
        .orderBy('id');
      for (const row of rows) membersOf.set(String(row.household_id), [...(membersOf.get(String(row.household_id)) ?? []), String(row.id)]);
      const scores = await warehouse('fact_customer_score as s')
        .join('dim_customer as d', 'd.customer_key', 's.customer_key')
        .whereIn('d.crm_customer_id', [...new Set([...pageIds, ...rows.map((row) => String(row.id))])])
        .whereRaw('s.scored_on = (select max(l.scored_on) from fact_customer_score l where l.customer_key = s.customer_key)')
        .select('d.crm_customer_id', 's.segment', 's.value_tier');
      for (const row of scores)
        scoresOf.set(String(row.crm_customer_id), { segment: row.segment, valueTier: String(row.value_tier).toUpperCase() });
    } finally {
      await Promise.all([oltp.destroy(), warehouse.destroy()]);
    }
    expect(membersOf.size).toBeGreaterThan(0);
    const scored = (id: string) => ({ id, ...(scoresOf.get(id) ?? { segment: null, valueTier: null }) });
    const expected = nodes.map((node) => {
      const household = householdOf.get(node.id);
      return {
        ...scored(node.id),
        household: household === undefined ? null : { id: household, members: membersOf.get(household)!.map(scored) },
      };
    });
    expect(nodes).toEqual(expected);
  });

  it('returns null for a customer that does not exist, without an error', async () => {
    for (const id of ['999', '1099999', 'not-a-number']) {
      const { status, body } = await query('query($id: ID!) { customer(id: $id) { id name segment archivedOrders { id } } }', { id });
      expect(status).toBe(200);
      expect(body).toEqual({ data: { customer: null } });
    }
  });

  // A size below 1 is refused before anything runs (400); the subgraph refuses the rest at the field (200).
  it.each([
    ['first: -1', '{ customers(first: -1) { nodes { id } } }', 'first', 400],
    ['a nested page size out of range', '{ customers(first: 2) { nodes { orders(first: 0) { id } } } }', 'first', 400],
    ['first: 101', '{ customers(first: 101) { nodes { id } } }', 'first', 200],
    ['a forged cursor', '{ customers(first: 5, after: "Zm9yZ2VkOzEgT1IgMT0x") { nodes { id } } }', 'after', 200],
    ['a cursor that is not base64', '{ customers(first: 5, after: "\' OR 1=1 --") { nodes { id } } }', 'after', 200],
    ['an archive page size out of range', '{ customers(first: 2) { nodes { archivedOrders(first: 1000) { id } } } }', 'first', 200],
    ['offset: -1', '{ customers(first: 2) { nodes { orders(first: 2, offset: -1) { id } } } }', 'offset', 200],
    ['an offset past the crm maximum', '{ customers(first: 2) { nodes { interactions(offset: 100001) { id } } } }', 'offset', 200],
    ['an archive offset of -1', '{ customers(first: 2) { nodes { archivedInvoices(offset: -1) { id } } } }', 'offset', 200],
    ['an offset past the archive maximum', '{ customers(first: 2) { nodes { archivedOrders(offset: 901) { id } } } }', 'offset', 200],
    ['a warehouse offset of -1', '{ customers(first: 2) { nodes { monthlySummaries(offset: -1) { month } } } }', 'offset', 200],
    ['an offset past the warehouse maximum', '{ customers(first: 2) { nodes { riskHistory(offset: 1201) { scoredOn } } } }', 'offset', 200],
    [
      'a warehouse period out of range',
      '{ customers(first: 2) { nodes { profitability(months: 99) { profit { amount } } } } }',
      'months',
      200,
    ],
  ])('rejects %s with BAD_USER_INPUT and no internals', async (_name, document, argumentName, expectedStatus) => {
    const { status, body, text } = await query(document);
    expect(status).toBe(expectedStatus);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName });
    expect(body.errors?.[0]?.message).toMatch(new RegExp(argumentName));
    expect(text).not.toMatch(/select |stacktrace|\.ts:\d+|node_modules|127\.0\.0\.1/i);
  });

  it.each([
    ['a body that is not JSON', '{"query": "{ customers', 400],
    ['a body over 1 MB', JSON.stringify({ query: `{ customers(first: 1) { nodes { id } } } #${'x'.repeat(1_100_000)}` }), 413],
  ])('answers %s with a JSON error and no stack trace', async (_name, body, status) => {
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor('dpo')}` };
    const response = await fetch(stack.gateway.url, { method: 'POST', headers, body });
    expect(response.status).toBe(status);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'BAD_REQUEST' } }] });
    expect(text).not.toMatch(/node_modules|\n\s+at |<html/i);
  });

  it('reports health, and readiness of every subgraph', async () => {
    const base = new URL(stack.gateway.url).origin;
    expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ready',
      subgraphs: { crm: 'ready', archive: 'ready', analytics: 'ready', privacy: 'ready' },
    });
  });

  // The last three stop parts of the stack for good.
  it('still answers from crm and the warehouse when the archive API is down, with errors at the archive paths', async () => {
    await stack.archiveApi!.stop();
    const { body: page } = await query('{ customers(first: 1) { nodes { id } } }');
    const id = page.data.customers.nodes[0].id;

    const { status, body, text } = await query(CUSTOMER_QUERY, { id });
    expect(status).toBe(200);
    expect(body.data.customer).toMatchObject({ id, name: expect.any(String), segment: expect.any(String) });
    expect(body.data.customer.orders).toEqual(expect.any(Array));
    expect(body.data.customer.archivedOrders).toBeNull();
    expect(body.data.customer.archivedInvoices).toBeNull();
    expect(body.data.customer.archivedInteractions).toBeNull();
    const archiveErrors = body.errors ?? [];
    expect(archiveErrors.map((e) => e.path)).toEqual(
      expect.arrayContaining([
        ['customer', 'archivedOrders'],
        ['customer', 'archivedInvoices'],
        ['customer', 'archivedInteractions'],
      ]),
    );
    for (const error of archiveErrors) expect(error.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);

    const base = new URL(stack.gateway.url).origin;
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'unavailable', subgraphs: { archive: 'unavailable', crm: 'ready' } });
  });

  it('nulls only the warehouse fields, with UPSTREAM_UNAVAILABLE, when the warehouse is unreachable', async () => {
    await stack.analytics.db.destroy();
    const { status, body, text } = await query(CUSTOMER_PAGE_QUERY, { first: 2 });
    expect(status).toBe(200);
    expect(body.data.customers.nodes).toHaveLength(2);
    for (const node of body.data.customers.nodes) {
      expect(node).toMatchObject({ name: expect.any(String), segment: null, riskHistory: null, costToServe: null, profitability: null });
      expect(node.orders).toEqual(expect.any(Array));
    }
    const codes = new Set(body.errors!.map((error) => error.extensions?.code));
    expect(codes).toEqual(new Set(['UPSTREAM_UNAVAILABLE']));
    expect(body.errors!.map((error) => error.path)).toContainEqual(['customers', 'nodes', 0, 'segment']);
    expect(text).not.toMatch(/select |Unable to acquire|knex/i);
  });

  it('answers from the other subgraphs when one is down, without naming internal hosts', async () => {
    await stack.analytics.stop();
    const { status, body, text } = await query(CUSTOMER_PAGE_QUERY, { first: 2 });
    expect(status).toBe(200);
    expect(body.data.customers.nodes).toHaveLength(2);
    for (const node of body.data.customers.nodes) {
      expect(node).toMatchObject({ name: expect.any(String), segment: null, riskRating: null, monthlySummaries: null });
      expect(node.accounts.length).toBeGreaterThan(0);
    }
    // The archive API was stopped before: its errors are there too, with their own code.
    const analyticsErrors = body.errors!.filter((error) => error.extensions?.serviceName === 'analytics');
    expect(analyticsErrors.length).toBeGreaterThan(0);
    for (const error of analyticsErrors) expect(error.extensions?.code).toBe('SUBGRAPH_UNAVAILABLE');
    expect(text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|localhost/);
  });
});

const RELATIONS = ['household', 'orders', 'invoices', 'payments', 'interactions', 'offers'] as const;

function firstWindowWithEveryRelation(nodes: any[], size: number): number {
  const has = (node: any, relation: string) => (Array.isArray(node[relation]) ? node[relation].length > 0 : node[relation] !== null);
  for (let start = 0; start + size <= nodes.length; start++) {
    const window = nodes.slice(start, start + size);
    if (RELATIONS.every((relation) => window.some((node) => has(node, relation)))) return start;
  }
  throw new Error('no window of customers holds every relation');
}
