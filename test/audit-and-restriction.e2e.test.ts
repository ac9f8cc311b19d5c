import type { Stack } from '../scripts/start-stack';
import { createTestSystems, type TestSystems, testBackends } from './support/backends';
import { postGraphQL, startTestStack, tokenFor, protectionOf } from './support/test-stack';

const backend = testBackends()[0];

const ACCESS_LOG = `query($id: ID!) { customer(id: $id) { accessLog(first: 10) {
  kind subject clientId clientKind purpose operationName operationHash requestId clientRequestId refusal customerIds
  fields masked denied maskedPaths deniedPaths at
  customers { customerId returned masked denied }
} } }`;

describe(`audit trail and restriction (${backend})`, () => {
  let systems: TestSystems;
  let stack: Stack;
  let ids: { normal: string; other: string; restricted: string };

  beforeAll(async () => {
    systems = await createTestSystems(backend, 400);
    stack = await startTestStack(systems);
    const { body } = await postGraphQL(
      stack.gateway.url,
      '{ customers(first: 100) { nodes { id restriction { restricted } consents { topic granted } } } }',
    );
    const nodes: any[] = body.data.customers.nodes;
    const open = nodes.filter((n) => !protectionOf(n).restricted);
    const restricted = await findCustomer('restricted', (n) => protectionOf(n).restricted);
    ids = { normal: open[0].id, other: open[1].id, restricted };
  });

  afterAll(async () => {
    await stack?.stop();
    await systems?.drop();
  });

  /**
   * The first customer `wanted` picks, reading page after page as the data-protection officer.
   * 400 customers, 100 a page: a fifth page, or a last page without a match, is an error.
   */
  async function findCustomer(what: string, wanted: (customer: any) => boolean): Promise<string> {
    const page =
      'query($after: String) { customers(first: 100, after: $after) { ' +
      'nodes { id restriction { restricted } consents { topic granted } } pageInfo { endCursor hasNextPage } } }';
    let after: string | null = null;
    for (let pages = 1; pages <= 4; pages++) {
      const { body } = await postGraphQL(stack.gateway.url, page, { after });
      expect(body.errors).toBeUndefined();
      const found = body.data.customers.nodes.find(wanted);
      if (found) return found.id;
      if (!body.data.customers.pageInfo.hasNextPage) throw new Error(`the seed has no ${what} customer (${pages} pages read)`);
      after = body.data.customers.pageInfo.endCursor;
    }
    throw new Error(`no ${what} customer, and still more pages after 4 pages of 100 of the 400 customers`);
  }

  const accessLogOf = async (id: string) => {
    await stack.gateway.audit.flush();
    const { body } = await postGraphQL(stack.gateway.url, ACCESS_LOG, { id });
    expect(body.errors).toBeUndefined();
    return body.data.customer.accessLog as any[];
  };

  it('lets the data-protection officer see exactly who read a customer, for what, and what was masked or withheld', async () => {
    const agent = await tokenFor('support_agent');
    const read = await postGraphQL(
      stack.gateway.url,
      'query SupportLookup($id: ID!) { customer(id: $id) { name email segment } }',
      { id: ids.normal },
      agent,
    );
    expect(read.body.data.customer.email).toMatch(/\*\*\*@/);
    expect(read.body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);

    const log = await accessLogOf(ids.normal);
    const byAgent = log.filter((e) => e.subject === 'support_agent@example.com');
    expect(byAgent).toHaveLength(1);
    const entry = byAgent[0];
    expect(entry).toMatchObject({
      clientId: 'support-agent-app',
      clientKind: 'first-party',
      purpose: 'customer_service',
      operationName: 'SupportLookup',
      operationHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      kind: 'read',
      refusal: null,
      customerIds: [ids.normal],
      // Schema coordinates, whatever the operation called them.
      fields: expect.arrayContaining(['Customer.name', 'Customer.email']),
      masked: ['Customer.email'],
      denied: ['Customer.segment'],
      maskedPaths: ['Customer.email'],
      deniedPaths: ['Customer.segment'],
      customers: [
        {
          customerId: ids.normal,
          returned: expect.arrayContaining(['Customer.name', 'Customer.email']),
          masked: ['Customer.email'],
          denied: ['Customer.segment'],
        },
      ],
    });
    expect(entry.fields).not.toContain('Customer.segment');

    const { body } = await postGraphQL(
      stack.gateway.url,
      '{ accessLog(subject: "support_agent@example.com") { nodes { customerIds operationName } } }',
    );
    expect(body.data.accessLog.nodes).toContainEqual({ customerIds: [ids.normal], operationName: 'SupportLookup' });
    const filtered = await postGraphQL(
      stack.gateway.url,
      'query($id: String) { read: accessLog(kind: READ, customerId: $id, subject: "support_agent@example.com") ' +
        '{ nodes { kind customerIds } } refused: accessLog(kind: REFUSED, customerId: $id) { nodes { kind } } }',
      { id: ids.normal },
    );
    expect(filtered.body.errors).toBeUndefined();
    expect(filtered.body.data).toEqual({ read: { nodes: [{ kind: 'read', customerIds: [ids.normal] }] }, refused: { nodes: [] } });
    // Not a kind: the enum refuses it before any subgraph is asked.
    const bad = await postGraphQL(stack.gateway.url, '{ accessLog(kind: DELETED) { nodes { id } } }');
    expect(bad.body.errors?.map((e) => e.extensions?.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  it('keeps the audit trail from everyone but the data-protection officer', async () => {
    for (const role of ['support_agent', 'risk_officer', 'marketing']) {
      const { body } = await postGraphQL(stack.gateway.url, ACCESS_LOG, { id: ids.normal }, await tokenFor(role));
      expect(body.data.customer.accessLog).toBeNull();
      expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });

  it(
    'withholds every personal field of a restricted customer, in every subgraph, ' + 'from everyone but the data-protection officer',
    async () => {
      const query =
        'query($id: ID!) { customer(id: $id) { id name email orders { id } segment riskRating { rating } archivedInvoices { id } } }';
      const { body } = await postGraphQL(stack.gateway.url, query, { id: ids.restricted }, await tokenFor('risk_officer'));
      expect(body.data.customer).toMatchObject({
        id: ids.restricted,
        name: null,
        orders: null,
        segment: null,
        riskRating: null,
        archivedInvoices: null,
      });
      const codes = Object.fromEntries(body.errors!.map((e) => [e.path!.join('.'), e.extensions?.code]));
      expect(codes).toMatchObject({
        'customer.name': 'PROCESSING_RESTRICTED', // crm
        'customer.orders': 'PROCESSING_RESTRICTED',
        'customer.segment': 'PROCESSING_RESTRICTED', // analytics, via @requires
        'customer.riskRating': 'PROCESSING_RESTRICTED',
        'customer.archivedInvoices': 'PROCESSING_RESTRICTED', // archive, via @requires
        'customer.email': 'FORBIDDEN', // not a risk officer's field at all
      });

      const dpo = await postGraphQL(stack.gateway.url, query, { id: ids.restricted });
      expect(dpo.body.errors).toBeUndefined();
      expect(dpo.body.data.customer.name).toEqual(expect.any(String));
      expect(dpo.body.data.customer.segment).toEqual(expect.any(String));
    },
  );

  it('asks for profiling consent for sales but not for credit risk', async () => {
    const refusing = await findCustomer(
      'unrestricted, profiling-refusing',
      (n) => !protectionOf(n).restricted && !protectionOf(n).consentedTopics.includes('profiling'),
    );
    const query = 'query($id: ID!) { customer(id: $id) { segment valueTier } }';
    const sales = await postGraphQL(stack.gateway.url, query, { id: refusing }, await tokenFor('sales_rep'));
    expect(sales.body.data.customer).toEqual({ segment: null, valueTier: null });
    expect(sales.body.errors?.map((e) => e.extensions?.code)).toEqual(['CONSENT_REQUIRED', 'CONSENT_REQUIRED']);
    const risk = await postGraphQL(stack.gateway.url, query, { id: refusing }, await tokenFor('risk_officer'));
    expect(risk.body.errors).toBeUndefined();
    expect(risk.body.data.customer.segment).toEqual(expect.any(String));
  });

  // Last: it restarts the stack.
  it('keeps records that were still buffered across a graceful restart', async () => {
    await postGraphQL(
      stack.gateway.url,
      'query JustBeforeShutdown($id: ID!) { customer(id: $id) { name } }',
      { id: ids.other },
      await tokenFor('sales_rep'),
    );
    expect(stack.gateway.audit.pending).toBeGreaterThan(0);
    await stack.stop();
    stack = await startTestStack(systems);
    const log = await accessLogOf(ids.other);
    expect(log).toContainEqual(
      expect.objectContaining({ subject: 'sales_rep@example.com', operationName: 'JustBeforeShutdown', customerIds: [ids.other] }),
    );
  });
});
