import { connectDatabase } from '../platform/database';
import { type Backend, createTestSystems, type TestSystems, testBackends } from './support/backends';
import { collectOutput, spawnEntryPoint } from './support/processes';
import { postGraphQL, startTestStack, type TestStack, tokenFor } from './support/test-stack';

const EXPORT = `query Export($customerId: ID!) { subjectAccess(customerId: $customerId) { format customerId generatedAt document html } }`;

/** Every classified coordinate the graph holds about a customer (reviewed against schema/supergraph.graphql): the export covers each. */
const CLASSIFIED_COORDINATES = [
  'Address.line1',
  'Address.line2',
  'Customer.accounts',
  'Customer.addresses',
  'Customer.archivedInteractions',
  'Customer.archivedInvoices',
  'Customer.archivedOrders',
  'Customer.churnRisk',
  'Customer.consents',
  'Customer.costToServe',
  'Customer.customerSince',
  'Customer.dateOfBirth',
  'Customer.email',
  'Customer.firstName',
  'Customer.household',
  'Customer.interactions',
  'Customer.invoices',
  'Customer.lastName',
  'Customer.legacyAccounts',
  'Customer.lifetimeValue',
  'Customer.monthlySummaries',
  'Customer.name',
  'Customer.offers',
  'Customer.orders',
  'Customer.payments',
  'Customer.phone',
  'Customer.profitability',
  'Customer.restriction',
  'Customer.riskHistory',
  'Customer.riskRating',
  'Customer.scoresAsOf',
  'Customer.segment',
  'Customer.valueTier',
  'Household.name',
  'Payment.cardLast4',
  'Payment.iban',
];

/** More orders than any page and than the list's own maximum (50): the export must page past both. */
const ORDERS = 57;

describe.each(testBackends())('a data subject access request, on %s', (backend: Backend) => {
  let systems: TestSystems;
  let stack: TestStack;
  let customerId: string;
  let exported: any;

  beforeAll(async () => {
    systems = await createTestSystems(backend, 12);
    stack = await startTestStack(systems);
    const oltp = connectDatabase(systems.urls.oltp);
    const archive = connectDatabase(systems.urls.archive);
    try {
      // A customer with records in the archive, and with a household, a phone and a date of birth as well.
      const archivedAccounts = (await archive('archived_orders').distinct('account_number')).map(
        (a: { account_number: string }) => a.account_number,
      );
      const [row] = await oltp('accounts')
        .whereIn('account_number', archivedAccounts)
        .orderBy('customer_id')
        .limit(1)
        .select({ id: 'customer_id' });
      customerId = String(row.id);
      await oltp('households').insert({ id: 990001, name: 'Example household', created_at: '2020-01-01 00:00:00' });
      await oltp('customers').where('id', row.id).update({ phone: '+49 30 1234567', date_of_birth: '1980-05-17', household_id: 990001 });
      const [{ n }] = await oltp('orders').where('customer_id', row.id).count({ n: '*' });
      const [account] = await oltp('accounts').where('customer_id', row.id).limit(1);
      const [{ maxId }] = await oltp('orders').max({ maxId: 'id' });
      const extra = Array.from({ length: ORDERS - Number(n) }, (_, i) => ({
        id: Number(maxId) + 1 + i,
        customer_id: row.id,
        account_id: account.id,
        order_number: `SA-${i}`,
        placed_at: new Date(Date.UTC(2025, 0, 1 + i)).toISOString().slice(0, 19).replace('T', ' '),
        status: 'completed',
        total_amount: '10.00',
        currency: 'EUR',
      }));
      await oltp.batchInsert('orders', extra, 100);
    } finally {
      await oltp.destroy();
      await archive.destroy();
    }
    // A support agent reads the customer's contact data first: a recipient the export must name.
    const read = await postGraphQL(
      stack.gateway.url,
      'query Call($id: ID!) { customer(id: $id) { name email } }',
      { id: customerId },
      await tokenFor('support_agent'),
    );
    expect(read.body.errors).toBeUndefined();
    await stack.gateway.audit.flush();
    const { body } = await postGraphQL(stack.gateway.url, EXPORT, { customerId });
    expect(body.errors).toBeUndefined();
    exported = body.data.subjectAccess;
  });

  afterAll(async () => {
    await stack?.stop();
    await systems?.drop();
  });

  it('covers every classified field of every subgraph, each labelled with its category, source and purposes', () => {
    const document = exported.document;
    expect(exported.format).toBe('customer-graph.subject-access.v1');
    expect(Object.keys(document)).toEqual([
      'format',
      'customerId',
      'generatedAt',
      'generatedFor',
      'customer',
      'personalData',
      'recipients',
    ]);
    expect(document.personalData.map((field: { coordinate: string }) => field.coordinate).sort()).toEqual(CLASSIFIED_COORDINATES);
    expect(document.personalData.find((field: { coordinate: string }) => field.coordinate === 'Customer.email')).toMatchObject({
      category: 'CONTACT',
      fidesDataCategory: 'user.contact.email',
      subgraph: 'crm',
      systemOfRecord: 'OLTP database',
      purposes: ['customer_service', 'sales', 'marketing', 'data_protection', 'order_delivery'],
    });
    expect(document.personalData.find((field: { coordinate: string }) => field.coordinate === 'Customer.archivedOrders')).toMatchObject({
      subgraph: 'archive',
      systemOfRecord: 'records archive (through its records API)',
    });
    expect(document.personalData.find((field: { coordinate: string }) => field.coordinate === 'Customer.riskRating')).toMatchObject({
      subgraph: 'analytics',
      systemOfRecord: 'warehouse',
    });
  });

  it('has a value for every classified field the systems hold for the customer', async () => {
    const empty = exported.document.personalData
      .filter((field: { values: unknown[] }) => field.values.length === 0)
      .map((field: { coordinate: string }) => field.coordinate);
    // What the seed leaves empty for this customer, checked on the systems below.
    const oltp = connectDatabase(systems.urls.oltp);
    const archive = connectDatabase(systems.urls.archive);
    try {
      const line2 = await oltp('addresses').where('customer_id', customerId).whereNotNull('line2').count({ n: '*' });
      const methods = (await oltp('payments').where('customer_id', customerId).select('method')).map((p: { method: string }) => p.method);
      const accounts = (await oltp('accounts').where('customer_id', customerId).select('account_number')).map(
        (a: { account_number: string }) => a.account_number,
      );
      const archived = async (table: string) => Number((await archive(table).whereIn('account_number', accounts).count({ n: '*' }))[0].n);
      const held = async (table: string) => Number((await oltp(table).where('customer_id', customerId).count({ n: '*' }))[0].n) > 0;
      const expectedEmpty = [
        ...(Number(line2[0].n) === 0 ? ['Address.line2'] : []),
        ...((await held('interactions')) ? [] : ['Customer.interactions']),
        ...((await held('offers')) ? [] : ['Customer.offers']),
        ...((await archived('archived_interactions')) === 0 ? ['Customer.archivedInteractions'] : []),
        ...((await archived('archived_invoices')) === 0 ? ['Customer.archivedInvoices'] : []),
        ...((await archived('archived_orders')) === 0 ? ['Customer.archivedOrders'] : []),
        ...((await archived('legacy_accounts')) === 0 ? ['Customer.legacyAccounts'] : []),
        ...(methods.includes('card') ? [] : ['Payment.cardLast4']),
        ...(methods.includes('sepa') ? [] : ['Payment.iban']),
      ];
      expect(empty.sort()).toEqual(expectedEmpty);
      // Most of the classified fields do hold something for this customer: the check above is not vacuous.
      expect(expectedEmpty.length).toBeLessThanOrEqual(5);
    } finally {
      await oltp.destroy();
      await archive.destroy();
    }
  });

  it('reads every list in full, past any page and any list maximum', async () => {
    const orders = exported.document.customer.orders;
    expect(orders).toHaveLength(ORDERS);
    expect(new Set(orders.map((order: { id: string }) => order.id)).size).toBe(ORDERS);
    const oltp = connectDatabase(systems.urls.oltp);
    try {
      const ids = (await oltp('orders').where('customer_id', customerId).select('id')).map((row: { id: number }) => String(row.id));
      expect(orders.map((order: { id: string }) => order.id).sort()).toEqual(ids.sort());
    } finally {
      await oltp.destroy();
    }
  });

  it('names the recipients from the audit trail, and is itself in the trail as the officer’s reads', async () => {
    expect(exported.document.recipients).toContainEqual(
      expect.objectContaining({
        clientId: 'support-agent-app',
        purpose: 'customer_service',
        roles: ['support_agent'],
        categories: expect.arrayContaining(['CONTACT', 'IDENTITY']),
        coordinates: expect.arrayContaining(['Customer.email', 'Customer.name']),
      }),
    );
    await stack.gateway.audit.flush();
    const { body } = await postGraphQL(
      stack.gateway.url,
      'query T($c: String) { accessLog(customerId: $c, clientId: "dpo-app", first: 100) { nodes { operationName clientRequestId } } }',
      { c: customerId },
    );
    const names = body.data.accessLog.nodes.map((node: { operationName: string }) => node.operationName);
    expect(names).toEqual(expect.arrayContaining(['SubjectAccessProfile', 'SubjectAccessOrders', 'SubjectAccessArchivedOrders']));
    // All of one export's reads carry one request id, the export's own (so the trail ties them together).
    const exportIds = new Set(
      body.data.accessLog.nodes
        .filter((node: { operationName: string }) => node.operationName.startsWith('SubjectAccess'))
        .map((node: { clientRequestId: string }) => node.clientRequestId),
    );
    expect(exportIds.size).toBe(1);
    expect([...exportIds][0]).toMatch(/^[A-Za-z0-9._:-]{8,}$/);
    // The export's own reads are not among the recipients it names.
    expect(exported.document.recipients.map((r: { clientId: string }) => r.clientId)).not.toContain('dpo-app');
  });

  it('renders the same export as a page to send', () => {
    expect(exported.html).toMatch(/^<!doctype html>/);
    expect(exported.html).toContain(`Personal data held about customer ${customerId}`);
    expect(exported.html).toContain('support-agent-app');
  });

  it('is for the data-protection officer only, and says so for a customer that does not exist', async () => {
    for (const role of ['support_agent', 'marketing', 'architect']) {
      const { body } = await postGraphQL(stack.gateway.url, EXPORT, { customerId }, await tokenFor(role));
      expect(body.data?.subjectAccess ?? null).toBeNull();
      expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const partner = await postGraphQL(stack.gateway.url, EXPORT, { customerId }, await tokenFor('acme_delivery'));
    expect([partner.status, partner.body.errors?.[0]?.extensions?.code]).toEqual([400, 'PERSISTED_QUERY_REQUIRED']);
    const twice = await postGraphQL(
      stack.gateway.url,
      'query Twice($c: ID!) { a: subjectAccess(customerId: $c) { customerId } b: subjectAccess(customerId: $c) { customerId } }',
      { c: customerId },
    );
    expect(twice.body.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    const missing = await postGraphQL(stack.gateway.url, EXPORT, { customerId: '999999999' });
    expect(missing.body.errors?.[0]).toMatchObject({ message: 'There is no customer 999999999', extensions: { code: 'BAD_USER_INPUT' } });
    const notANumber = await postGraphQL(stack.gateway.url, EXPORT, { customerId: "1' OR 1=1" });
    expect(notANumber.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('is the same export from the command line, as JSON and as HTML', async () => {
    const env = { SUBJECT_ACCESS_TOKEN: await tokenFor('dpo'), GATEWAY_URL: stack.gateway.url };
    const json = collectOutput(spawnEntryPoint('scripts/subject-access.ts', env, ['--customer', customerId]));
    expect(await json.exited).toBe(0);
    const document = JSON.parse(json.output.stdout);
    expect(document.format).toBe('customer-graph.subject-access.v1');
    expect(document.personalData.map((field: { coordinate: string }) => field.coordinate).sort()).toEqual(CLASSIFIED_COORDINATES);
    expect(document.customer.orders).toHaveLength(ORDERS);
    const html = collectOutput(spawnEntryPoint('scripts/subject-access.ts', env, ['--customer', customerId, '--html']));
    expect(await html.exited).toBe(0);
    expect(html.output.stdout).toMatch(/^<!doctype html>/);
    const usage = collectOutput(spawnEntryPoint('scripts/subject-access.ts', env, []));
    expect(await usage.exited).toBe(2);
    expect(usage.output.stderr).toContain('Usage: npm run -s subject-access -- --customer ID');
  });

  // Last: it takes the records archive away.
  it('is refused whole, never cut, when a system cannot be read', async () => {
    await stack.recorded.archiveApi.close();
    const { body } = await postGraphQL(stack.gateway.url, EXPORT, { customerId });
    expect(body.data?.subjectAccess ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions?.code).toBe('SUBJECT_ACCESS_INCOMPLETE');
    expect(body.errors?.[0]?.message).toContain('UPSTREAM_UNAVAILABLE');
  });
});
