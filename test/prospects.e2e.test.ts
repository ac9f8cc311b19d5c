import { connectDatabase, type Knex } from '../platform/database';
import { isoDateTime } from '../platform/sql-values';
import { type Backend, createTestSystems, type TestSystems, testBackends } from './support/backends';
import { type GraphQLResponse, postGraphQL, startTestStack, type TestStack, tokenFor } from './support/test-stack';

const PROSPECTS = `query Prospects($product: String!, $since: DateTimeISO!, $first: Int, $after: String) {
  prospects(product: $product, since: $since, first: $first, after: $after) {
    nodes { id name email phone product enquiredAt contactConsent sourceChannel }
    pageInfo { hasNextPage endCursor }
  }
}`;

const PRODUCT = 'Fibre 1000';
/** Three months before the seed's as-of day (2026-11-01). */
const SINCE = '2026-08-01T00:00:00.000Z';

const errorsOf = (response: GraphQLResponse) => (response.body.errors ?? []).map((e) => [e.message, e.extensions?.code]);

describe.each(testBackends())('prospects (Query.prospects) through the gateway, on %s', (backend: Backend) => {
  let systems: TestSystems;
  let stack: TestStack;
  let oltp: Knex;

  beforeAll(async () => {
    systems = await createTestSystems(backend, 20);
    stack = await startTestStack(systems);
    oltp = connectDatabase(systems.urls.oltp);
  });

  afterAll(async () => {
    await oltp?.destroy();
    await stack?.stop();
    await systems?.drop();
  });

  /** Independently of the subgraph: the prospects of the product since the moment, as the API shows them. */
  async function expected(consentingOnly: boolean) {
    const rows = await oltp('prospects')
      .where('product', PRODUCT)
      .where('enquired_at', '>=', '2026-08-01 00:00:00')
      .modify((q) => (consentingOnly ? q.where('contact_consent', true) : q))
      .orderBy('id');
    return rows.map((row: Record<string, any>) => ({
      id: String(row.id),
      name: row.name,
      email: row.email,
      phone: row.phone,
      product: row.product,
      enquiredAt: isoDateTime(row.enquired_at),
      contactConsent: Boolean(row.contact_consent),
      sourceChannel: row.source_channel,
    }));
  }

  async function everyPage(role: string, first: number) {
    const token = await tokenFor(role);
    const nodes: unknown[] = [];
    let after: string | null = null;
    for (let page = 0; page < 100; page++) {
      const response = await postGraphQL(stack.gateway.url, PROSPECTS, { product: PRODUCT, since: SINCE, first, after }, token);
      expect([response.body.errors, response.body.extensions?.maskedPaths]).toEqual([undefined, undefined]);
      nodes.push(...response.body.data.prospects.nodes);
      if (!response.body.data.prospects.pageInfo.hasNextPage) return nodes;
      after = response.body.data.prospects.pageInfo.endCursor;
    }
    throw new Error('the list did not end');
  }

  it('lists marketing only the prospects who agreed to be contacted, a page at a time, contact data in full', async () => {
    const consenting = await expected(true);
    expect(consenting.length).toBeGreaterThan(3);
    expect(consenting.length).toBeLessThan((await expected(false)).length);
    expect(await everyPage('marketing', 3)).toEqual(consenting);
  });

  it('lists sales every prospect, unmasked (sales_rep holds contact:unmasked), and so the data-protection officer', async () => {
    const all = await expected(false);
    expect(all.some((p: { contactConsent: boolean }) => !p.contactConsent)).toBe(true);
    expect(await everyPage('sales_rep', 100)).toEqual(all);
    expect(await everyPage('dpo', 7)).toEqual(all);
  });

  it.each(['support_agent', 'risk_officer', 'architect'])('gives %s nothing: null and FORBIDDEN', async (role) => {
    const response = await postGraphQL(stack.gateway.url, PROSPECTS, { product: PRODUCT, since: SINCE }, await tokenFor(role));
    expect([response.body.data?.prospects ?? null, errorsOf(response).map(([, code]) => code)]).toEqual([null, ['FORBIDDEN']]);
  });

  it.each([
    [{ product: '', since: SINCE }, 'product must be 1 to 80 characters'],
    [{ product: 'x'.repeat(81), since: SINCE }, 'product must be 1 to 80 characters'],
    [{ product: PRODUCT, since: SINCE, first: 101 }, 'first must be between 1 and 100'],
    [{ product: PRODUCT, since: SINCE, after: 'bm9wZQ' }, 'after is not a cursor this API issued'],
  ])('refuses %j with BAD_USER_INPUT', async (variables, message) => {
    const response = await postGraphQL(stack.gateway.url, PROSPECTS, variables, await tokenFor('sales_rep'));
    expect(errorsOf(response)).toEqual([[message, 'BAD_USER_INPUT']]);
  });

  it('treats an injection string as a product nobody asked about', async () => {
    const response = await postGraphQL(
      stack.gateway.url,
      PROSPECTS,
      { product: "Fibre 1000' OR '1'='1", since: SINCE },
      await tokenFor('sales_rep'),
    );
    expect([response.body.errors, response.body.data.prospects.nodes]).toEqual([undefined, []]);
  });
});
