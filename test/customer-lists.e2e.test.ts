import { randomUUID } from 'node:crypto';
import { connectDatabase, type Knex, StatementCounter } from '../platform/database';
import { isoDate } from '../platform/sql-values';
import { type Backend, createTestSystems, type TestSystems, testBackends } from './support/backends';
import { type GraphQLResponse, postGraphQL, startTestStack, type TestStack, tokenFor } from './support/test-stack';

const LIST = `query List($where: CustomerListFilter!, $first: Int, $after: String) {
  customersWhere(where: $where, first: $first, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } }
}`;

const WITHDRAW = `mutation Withdraw($customerId: ID!, $key: String!) {
  withdrawConsent(customerId: $customerId, topic: PROFILING, reason: "Asked us to stop", idempotencyKey: $key) { id }
}`;

const RANK: Record<string, number> = { good: 0, watch: 1, bad: 2 };

type Filter = Record<string, unknown>;

const errorsOf = (response: GraphQLResponse) => (response.body.errors ?? []).map((e) => [e.message, e.extensions?.code]);

describe.each(testBackends())('customer lists from the warehouse (Query.customersWhere), on %s', (backend: Backend) => {
  let systems: TestSystems;
  let stack: TestStack;
  let oltp: Knex;
  let warehouse: Knex;
  let warehouseSql: StatementCounter;
  let oltpSql: StatementCounter;
  /** Every scored customer's CRM number, in the warehouse's order (customer key), the order lists come in. */
  let scored: string[];
  /** Customers the OLTP holds as restricted or with an erasure pending. */
  let restricted: Set<string>;
  /** Customers the OLTP holds as consenting to profiling. */
  let profilingConsent: Set<string>;
  /** A scoring day in the middle of the warehouse's history. */
  let since: string;

  beforeAll(async () => {
    systems = await createTestSystems(backend, 160);
    stack = await startTestStack(systems, { warehouseCache: { entries: 1_000, checkEveryMs: 600_000 } });
    oltp = connectDatabase(systems.urls.oltp);
    warehouse = connectDatabase(systems.urls.warehouse);
    warehouseSql = new StatementCounter(stack.analytics.db);
    oltpSql = new StatementCounter(stack.analytics.oltp);
    scored = (
      await warehouse('dim_customer as d')
        .whereExists(warehouse('fact_customer_score as s').whereRaw('s.customer_key = d.customer_key'))
        .orderBy('d.customer_key')
        .select('d.crm_customer_id')
    ).map((row) => String(row.crm_customer_id));
    restricted = new Set(
      (await oltp('customers').where('processing_restricted', true).orWhereNotNull('erasure_requested_at').select('id')).map((r) =>
        String(r.id),
      ),
    );
    profilingConsent = new Set(
      (await oltp('consents').where({ topic: 'profiling', granted: true }).select('customer_id')).map((r) => String(r.customer_id)),
    );
    const days = (await warehouse('fact_customer_score').distinct('scored_on').orderBy('scored_on')).map((r) => isoDate(r.scored_on)!);
    since = days[Math.floor(days.length / 2)];
  });

  afterAll(async () => {
    await oltp?.destroy();
    await warehouse?.destroy();
    await stack?.stop();
    await systems?.drop();
  });

  /** Every page of a list, `first` at a time, following the cursor; and the statements each page cost. */
  async function everyPage(token: string, where: Filter, first: number) {
    const ids: string[] = [];
    const statements: Array<[number, number]> = [];
    const sizes: number[] = [];
    let after: string | null = null;
    for (let page = 0; page < 200; page++) {
      const before = [warehouseSql.total, oltpSql.total];
      const response = await postGraphQL(stack.gateway.url, LIST, { where, first, after }, token);
      expect(response.body.errors).toBeUndefined();
      statements.push([warehouseSql.total - before[0], oltpSql.total - before[1]]);
      const { nodes, pageInfo } = response.body.data.customersWhere;
      expect(nodes.length).toBeLessThanOrEqual(first);
      ids.push(...nodes.map((node: { id: string }) => node.id));
      sizes.push(nodes.length);
      if (!pageInfo.hasNextPage) return { ids, statements, sizes };
      after = pageInfo.endCursor;
    }
    throw new Error('the list did not end');
  }

  /** Independently of the subgraph's SQL: customers whose latest rating is worse than their last one on or before `day`. */
  async function turnedWorseSince(day: string): Promise<string[]> {
    const rows = await warehouse('fact_customer_score as s')
      .join('dim_customer as d', 'd.customer_key', 's.customer_key')
      .select('d.crm_customer_id', 's.scored_on', 's.risk_rating');
    const history = new Map<string, Array<{ on: string; rating: string }>>();
    for (const row of rows) {
      const id = String(row.crm_customer_id);
      history.set(id, [...(history.get(id) ?? []), { on: isoDate(row.scored_on)!, rating: row.risk_rating }]);
    }
    return scored.filter((id) => {
      const scorings = history.get(id)!.sort((a, b) => a.on.localeCompare(b.on));
      const then = scorings.filter((s) => s.on <= day).at(-1);
      return then !== undefined && RANK[scorings.at(-1)!.rating] > RANK[then.rating];
    });
  }

  it('lists a risk officer the customers whose rating turned worse since a day: one warehouse, one OLTP statement a page', async () => {
    const expected = (await turnedWorseSince(since)).filter((id) => !restricted.has(id));
    expect(expected.length).toBeGreaterThanOrEqual(3);
    const token = await tokenFor('risk_officer');
    for (const first of [2, 50]) {
      const { ids, statements } = await everyPage(token, { riskWorsenedSince: since }, first);
      expect(ids).toEqual(expected);
      expect(new Set(statements.map(String))).toEqual(new Set(['1,1']));
    }
  });

  it('combines filters: turned worse and now bad, in one statement', async () => {
    const bad = new Set(
      (
        await warehouse('fact_customer_score as s')
          .join('dim_customer as d', 'd.customer_key', 's.customer_key')
          .whereRaw('s.scored_on = (select max(x.scored_on) from fact_customer_score x where x.customer_key = s.customer_key)')
          .where('s.risk_rating', 'bad')
          .select('d.crm_customer_id')
      ).map((r) => String(r.crm_customer_id)),
    );
    const expected = (await turnedWorseSince(since)).filter((id) => bad.has(id));
    const { ids, statements } = await everyPage(await tokenFor('dpo'), { riskWorsenedSince: since, riskRating: 'BAD' }, 100);
    expect([ids, statements]).toEqual([expected, [[1, 0]]]);
  });

  it('answers every filter at once in one warehouse statement per page (and, for the data-protection officer, no OLTP one)', async () => {
    const where = {
      segment: 'at_risk',
      valueTier: 'UNPROFITABLE',
      riskRating: 'BAD',
      riskWorsenedSince: since,
      churnRiskAbove: 0.1,
      complaints: { atLeast: 1, during: { from: '2016-01-01', to: '2999-01-01' } },
      costToServeAboveMargin: { from: '2016-01-01', to: '2999-01-01' },
    };
    const { statements } = await everyPage(await tokenFor('dpo'), where, 2);
    expect(new Set(statements.map(String))).toEqual(new Set(['1,0']));
  });

  it('lists serial complainers and customers who cost more to serve than they bring, from the monthly facts', async () => {
    const months = await warehouse('fact_customer_month as f')
      .join('dim_customer as d', 'd.customer_key', 'f.customer_key')
      .join('dim_month as m', 'm.month_key', 'f.month_key')
      .select('d.crm_customer_id', 'm.first_day', 'f.complaints', 'f.margin', 'f.cost_to_serve');
    const firstDays = [...new Set(months.map((m) => isoDate(m.first_day)!))].sort();
    const from = firstDays[firstDays.length - 12];
    const to = '2999-01-01';
    const inSpan = months.filter((m) => isoDate(m.first_day)! >= from);
    const total = (id: string, f: (m: (typeof months)[number]) => number) =>
      inSpan.filter((m) => String(m.crm_customer_id) === id).reduce((sum, m) => sum + f(m), 0);
    const complainers = scored.filter((id) => total(id, (m) => Number(m.complaints)) >= 3);
    const costly = scored.filter(
      (id) => total(id, (m) => Math.round(Number(m.cost_to_serve) * 100) - Math.round(Number(m.margin) * 100)) > 0,
    );
    expect(complainers.length).toBeGreaterThan(0);
    expect(costly.length).toBeGreaterThan(0);
    const dpo = await tokenFor('dpo');
    expect((await everyPage(dpo, { complaints: { atLeast: 3, during: { from, to } } }, 100)).ids).toEqual(complainers);
    expect((await everyPage(dpo, { costToServeAboveMargin: { from, to } }, 100)).ids).toEqual(costly);
  });

  it('lists marketing only customers who consented to profiling and are not restricted; the data-protection officer all', async () => {
    const expected = scored.filter((id) => profilingConsent.has(id) && !restricted.has(id));
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(scored.length);
    const { ids, sizes, statements } = await everyPage(await tokenFor('marketing'), {}, 7);
    expect(ids).toEqual(expected);
    // Full pages although some candidates are left out (each page examines up to 21), in one statement on each system.
    expect(sizes).toEqual([...Array(Math.floor(expected.length / 7)).fill(7), ...(expected.length % 7 ? [expected.length % 7] : [])]);
    expect(new Set(statements.map(String))).toEqual(new Set(['1,1']));
    expect((await everyPage(await tokenFor('dpo'), {}, 100)).ids).toEqual(scored);
  });

  it('leaves a customer out of marketing lists from the moment they withdraw their consent to profiling', async () => {
    const marketing = await tokenFor('marketing');
    const listed = (await everyPage(marketing, { churnRiskAbove: 0 }, 100)).ids;
    const customerId = listed[0];
    // Read once more first, so that the warehouse's answer cache holds the list as it was.
    expect((await everyPage(marketing, { churnRiskAbove: 0 }, 100)).ids).toEqual(listed);
    const withdrawn = await postGraphQL(stack.gateway.url, WITHDRAW, { customerId, key: randomUUID() }, await tokenFor('support_agent'));
    expect(withdrawn.body.errors).toBeUndefined();
    expect((await everyPage(marketing, { churnRiskAbove: 0 }, 100)).ids).toEqual(listed.slice(1));
    expect((await everyPage(await tokenFor('sales_rep'), { churnRiskAbove: 0 }, 100)).ids).not.toContain(customerId);
    expect((await everyPage(await tokenFor('risk_officer'), { churnRiskAbove: 0 }, 100)).ids).toContain(customerId);
  });

  it.each([
    ['support_agent', {}],
    ['architect', {}],
    ['sales_rep', { riskRating: 'BAD' }],
    ['marketing', { riskWorsenedSince: '2026-01-01' }],
  ])('gives %s nothing for %j: null and FORBIDDEN', async (role, where) => {
    const response = await postGraphQL(stack.gateway.url, LIST, { where }, await tokenFor(role));
    expect([response.body.data, errorsOf(response).map(([, code]) => code)]).toEqual([{ customersWhere: null }, ['FORBIDDEN']]);
  });

  it('refuses a partner the whole operation', async () => {
    const response = await postGraphQL(stack.gateway.url, LIST, { where: {} }, await tokenFor('credit_shield'));
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.body.data ?? null).toBeNull();
  });

  it.each([
    [{ churnRiskAbove: 1.5 }, 'where.churnRiskAbove must be between 0 and 1'],
    [{ churnRiskAbove: -0.1 }, 'where.churnRiskAbove must be between 0 and 1'],
    [
      { complaints: { atLeast: -1, during: { from: '2025-01-01', to: '2026-01-01' } } },
      'where.complaints.atLeast must be between 1 and 10000',
    ],
    [
      { complaints: { atLeast: 2, during: { from: '2026-01-01', to: '2025-01-01' } } },
      'where.complaints.during.from must be before where.complaints.during.to',
    ],
    [
      { costToServeAboveMargin: { from: '2026-01-01', to: '2026-01-01' } },
      'where.costToServeAboveMargin.from must be before where.costToServeAboveMargin.to',
    ],
    [{ segment: "premium' or 1=1 --" }, 'where.segment must be one of premium, mainstream, bargain_hunter, service_heavy, at_risk'],
  ])('refuses %j with BAD_USER_INPUT', async (where, message) => {
    const response = await postGraphQL(stack.gateway.url, LIST, { where }, await tokenFor('risk_officer'));
    expect(errorsOf(response)).toEqual([[message, 'BAD_USER_INPUT']]);
  });

  it('refuses a page size out of range and a cursor it did not issue', async () => {
    const token = await tokenFor('risk_officer');
    expect(errorsOf(await postGraphQL(stack.gateway.url, LIST, { where: {}, first: 101 }, token))).toEqual([
      ['first must be between 1 and 100', 'BAD_USER_INPUT'],
    ]);
    expect(errorsOf(await postGraphQL(stack.gateway.url, LIST, { where: {}, after: 'bm9wZQ' }, token))).toEqual([
      ['after is not a cursor this API issued', 'BAD_USER_INPUT'],
    ]);
  });
});
