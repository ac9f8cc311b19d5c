import { verifyAuditChains } from '../gateway/audit/audit-chain';
import { connectDatabase, type Knex, StatementCounter } from '../platform/database';
import { type Backend, createTestSystems, type TestSystems, testBackends } from './support/backends';
import { crmSubgraph } from '../subgraphs/crm/service';
import {
  type GraphQLResponse,
  postGraphQL,
  postToSubgraph,
  startTestStack,
  TEST_INTERNAL_SECRET,
  type TestStack,
  testLogger,
  tokenFor,
} from './support/test-stack';

const FIND = `query Find($by: CustomerSearch!, $first: Int) {
  findCustomers(by: $by, first: $first) { id name interactions(kind: SUPPORT_CASE, first: 1) { id kind subject } }
}`;

const codesOf = (response: GraphQLResponse) => (response.body.errors ?? []).map((error) => error.extensions?.code);

/** Every role of the policy and the kinds of search it may use (policy/search-kinds.ts); the rest is FORBIDDEN. */
const MAY_SEARCH: Record<string, string[]> = {
  support_agent: ['accountNumber', 'email', 'phone', 'nameAndPostalCode'],
  dpo: ['accountNumber', 'email', 'phone', 'nameAndPostalCode'],
  sales_rep: ['email'],
  marketing: [],
  risk_officer: [],
  acme_delivery: [],
  credit_shield: [],
  architect: [],
};

describe.each(testBackends())('finding a customer through the gateway, on %s', (backend: Backend) => {
  let systems: TestSystems;
  let stack: TestStack;
  let oltp: Knex;
  let support: string;
  /** A customer with a phone, a support case and no restriction, as the data-protection officer reads them. */
  let target: {
    id: string;
    name: string;
    lastName: string;
    email: string;
    phone: string;
    accounts: { accountNumber: string }[];
    addresses: { postalCode: string }[];
    interactions: { id: string; kind: string; subject: string }[];
  };
  /** The archive's legacy account numbers, by the account each became. */
  let legacyNumberOf: Map<string, string>;
  /** The customers with a legacy account number. */
  let withLegacy: Array<{ id: string; accounts: { accountNumber: string }[] }>;

  beforeAll(async () => {
    systems = await createTestSystems(backend, 60);
    stack = await startTestStack(systems);
    oltp = connectDatabase(systems.urls.oltp);
    support = await tokenFor('support_agent');
    const { body } = await postGraphQL(
      stack.gateway.url,
      `{ customers(first: 60) { nodes { id name lastName email phone restriction { restricted erasureRequested }
          accounts { accountNumber } addresses { postalCode } interactions(kind: SUPPORT_CASE, first: 1) { id kind subject } } } }`,
    );
    const archive = connectDatabase(systems.urls.archive);
    try {
      const legacy = await archive('legacy_accounts').select('legacy_account_number', 'account_number');
      legacyNumberOf = new Map(legacy.map((row) => [String(row.account_number), String(row.legacy_account_number)]));
    } finally {
      await archive.destroy();
    }
    withLegacy = body.data.customers.nodes.filter((c: any) => c.accounts.some((a: any) => legacyNumberOf.has(a.accountNumber)));
    target = body.data.customers.nodes.find(
      (c: any) =>
        c.phone &&
        c.interactions.length === 1 &&
        c.addresses.length > 0 &&
        !c.restriction.restricted &&
        !c.restriction.erasureRequested &&
        c.accounts.some((a: any) => legacyNumberOf.has(a.accountNumber)),
    );
    expect(target).toBeDefined();
  });

  afterAll(async () => {
    await oltp?.destroy();
    await stack?.stop();
    await systems?.drop();
  });

  const find = (by: Record<string, unknown>, token = support, first?: number) => postGraphQL(stack.gateway.url, FIND, { by, first }, token);
  const expectFound = (response: GraphQLResponse) => {
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.findCustomers).toEqual([{ id: target.id, name: target.name, interactions: [target.interactions[0]] }]);
  };

  it('finds the customer by account number and shows their latest support case in the same operation', async () => {
    expectFound(await find({ accountNumber: target.accounts[0].accountNumber.toLowerCase() }));
  });

  it('finds the customer by a legacy account number that only the archive still knows, in any case', async () => {
    const account = target.accounts.find((a) => legacyNumberOf.has(a.accountNumber))!;
    const legacy = legacyNumberOf.get(account.accountNumber)!;
    expect(
      await oltp('accounts').where('account_number', legacy).orWhere('account_number', legacy.toLowerCase()).count({ n: '*' }),
    ).toEqual([{ n: 0 }]);
    expectFound(await find({ accountNumber: legacy.toLowerCase() }));
  });

  it('finds a restricted customer by a legacy number for the data-protection officer only, as by a current one', async () => {
    const customer = withLegacy.find((c) => c.id !== target.id)!;
    const legacy = legacyNumberOf.get(customer.accounts.find((a) => legacyNumberOf.has(a.accountNumber))!.accountNumber)!;
    // Restricted in this test's own OLTP, and lifted again afterwards.
    await oltp('customers').where('id', customer.id).update({ processing_restricted: true });
    try {
      expect((await find({ accountNumber: legacy })).body).toEqual({ data: { findCustomers: [] } });
      const officer = await find({ accountNumber: legacy }, await tokenFor('dpo'));
      expect(officer.body.errors).toBeUndefined();
      expect(officer.body.data.findCustomers.map((c: { id: string }) => c.id)).toEqual([customer.id]);
    } finally {
      await oltp('customers').where('id', customer.id).update({ processing_restricted: false });
    }
  });

  it('asks the archive once for a number the OLTP does not know, and never for one it knows', async () => {
    const archiveCalls = async (accountNumber: string) => {
      const before = stack.recorded.archiveApi.requests;
      const counter = new StatementCounter(stack.crm.db);
      const response = await find({ accountNumber });
      expect(response.body.errors).toBeUndefined();
      return { found: response.body.data.findCustomers.length, archive: stack.recorded.archiveApi.requests - before, oltp: counter.total };
    };
    const legacy = legacyNumberOf.get(target.accounts.find((a) => legacyNumberOf.has(a.accountNumber))!.accountNumber)!;
    // Current number: the search and the support case. Legacy: a miss, the archive, the search, the case. Unknown: a miss, the archive.
    expect(await archiveCalls(target.accounts[0].accountNumber)).toEqual({ found: 1, archive: 0, oltp: 2 });
    expect(await archiveCalls(legacy)).toEqual({ found: 1, archive: 1, oltp: 3 });
    expect(await archiveCalls('RT/99999999')).toEqual({ found: 0, archive: 1, oltp: 1 });
  });

  it("shows each customer's legacy numbers, as the archive holds them, in one archive call for a page of customers", async () => {
    const before = stack.recorded.archiveApi.requests;
    const response = await postGraphQL(
      stack.gateway.url,
      '{ customers(first: 60) { nodes { id accounts { accountNumber } legacyAccounts { legacyAccountNumber accountNumber } } } }',
    );
    expect(response.body.errors).toBeUndefined();
    expect(stack.recorded.archiveApi.requests - before).toBe(1);
    const shown = response.body.data.customers.nodes.flatMap((c: any) =>
      c.legacyAccounts.map((l: any) => [
        l.legacyAccountNumber,
        l.accountNumber,
        c.accounts.some((a: any) => a.accountNumber === l.accountNumber),
      ]),
    );
    expect(shown.sort()).toEqual([...legacyNumberOf].map(([account, legacy]) => [legacy, account, true]).sort());
  });

  it('answers UPSTREAM_UNAVAILABLE, never "nobody", for a number the OLTP does not know while the archive is unreachable', async () => {
    const crm = await crmSubgraph.start({
      port: 0,
      host: '127.0.0.1',
      internalTokenSecret: TEST_INTERNAL_SECRET,
      oltpDatabaseUrl: systems.urls.oltp,
      archiveApiUrl: 'http://127.0.0.1:1',
      logger: testLogger('crm'),
    });
    try {
      const caller = {
        subject: 'agent',
        clientId: 'desk',
        clientKind: 'first-party' as const,
        scopes: ['customer:read'],
        purpose: 'customer_service',
      };
      const query = 'query Find($by: CustomerSearch!) { findCustomers(by: $by) { id } }';
      const known = await postToSubgraph(crm.url, 'crm', caller, query, { by: { accountNumber: target.accounts[0].accountNumber } });
      expect(known.body).toEqual({ data: { findCustomers: [{ id: target.id }] } });
      const legacy = await postToSubgraph(crm.url, 'crm', caller, query, { by: { accountNumber: 'RT/0000001' } });
      expect(legacy.body.data).toEqual({ findCustomers: null });
      expect(codesOf(legacy as GraphQLResponse)).toEqual(['UPSTREAM_UNAVAILABLE']);
    } finally {
      await crm.stop();
    }
  });

  it('finds the customer by e-mail in another case', async () => {
    expectFound(await find({ email: `  ${target.email.toUpperCase()} ` }));
  });

  it.each([
    ['as stored', (p: string) => p],
    ['with 00 for +', (p: string) => p.replace('+', '00')],
    ['without spaces', (p: string) => p.replace(/\s/g, '')],
    ['with dashes and parentheses', (p: string) => p.replace(/^\+(\d+) (\d+) /, '(+$1) $2-')],
  ])('finds the customer by phone %s', async (_how, spell) => {
    expectFound(await find({ phone: spell(target.phone) }));
  });

  it('finds the customer by the start of the last name, any case, and a postal code', async () => {
    const response = await find({
      nameAndPostalCode: { name: target.lastName.slice(0, 3).toUpperCase(), postalCode: target.addresses[0].postalCode },
    });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.findCustomers.map((c: any) => c.id)).toContain(target.id);
  });

  it('finds nobody by an unknown term, without an error', async () => {
    const response = await find({ email: 'nobody@nowhere.example' });
    expect(response.body).toEqual({ data: { findCustomers: [] } });
  });

  it('runs the same statements on the OLTP whether it finds one customer or twenty', async () => {
    const statementsOf = async (by: Record<string, unknown>, first: number) => {
      const counter = new StatementCounter(stack.crm.db);
      const before = counter.total;
      const response = await postGraphQL(
        stack.gateway.url,
        `query Many($by: CustomerSearch!, $first: Int) { findCustomers(by: $by, first: $first) {
          id name email accounts { accountNumber } addresses { city } interactions(first: 1) { id } } }`,
        { by, first },
      );
      expect(response.body.errors).toBeUndefined();
      return { found: response.body.data.findCustomers.length, statements: counter.total - before };
    };
    const one = await statementsOf({ email: target.email }, 20);
    // Fifteen customers made to share an e-mail key, in this test's own database: a search that finds many.
    const ids = (await oltp('customers').whereNot('id', target.id).orderBy('id').limit(15).pluck('id')).map(String);
    await oltp('customers').whereIn('id', ids).update({ email_key: 'shared@example.com' });
    const many = await statementsOf({ email: 'Shared@Example.com' }, 20);
    expect([one.found, many.found]).toEqual([1, 15]);
    // The search, then one statement per relation (accounts, addresses, interactions); the customers are primed, never read again.
    expect([one.statements, many.statements]).toEqual([4, 4]);
  });

  it.each([
    ['no kind', {}],
    ['several kinds', { email: 'a@b.example', phone: '+49 30 1234567' }],
    ['an empty e-mail', { email: '' }],
    ['a blank account number', { accountNumber: '   ' }],
    ['a 10 kB e-mail', { email: `${'a'.repeat(10_000)}@example.com` }],
    ['a 10 kB name', { nameAndPostalCode: { name: 'x'.repeat(10_000), postalCode: '10115' } }],
    ['a phone with letters', { phone: '+49 30 CALL ME' }],
    ['a name of punctuation only', { nameAndPostalCode: { name: '%_%', postalCode: '10115' } }],
  ])('refuses %s with BAD_USER_INPUT', async (_what, by) => {
    const response = await find(by);
    expect(response.status).toBe(200);
    expect(codesOf(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.text).not.toMatch(/select|sqlite|mysql/i);
    expect(response.body.data).toEqual({ findCustomers: null });
  });

  it('refuses more than 20 at a time', async () => {
    const response = await find({ email: target.email }, support, 21);
    expect(codesOf(response)).toEqual(['BAD_USER_INPUT']);
  });

  it.each(Object.entries(MAY_SEARCH))('lets %s search by exactly the kinds its role allows', async (role, allowed) => {
    const token = await tokenFor(role);
    const terms: Record<string, unknown> = {
      accountNumber: target.accounts[0].accountNumber,
      email: target.email,
      phone: target.phone,
      nameAndPostalCode: { name: target.lastName, postalCode: target.addresses[0].postalCode },
    };
    const outcomes: Record<string, string> = {};
    for (const [kind, term] of Object.entries(terms)) {
      const response = await postGraphQL(
        stack.gateway.url,
        `query Find($by: CustomerSearch!) { findCustomers(by: $by) { id } }`,
        { by: { [kind]: term } },
        token,
      );
      const codes = codesOf(response);
      // Partners run only their registered operations, none of which searches.
      outcomes[kind] = codes.length === 0 ? 'found' : String(codes[0]);
      if (codes.length === 0) expect(response.body.data.findCustomers.map((c: any) => c.id)).toContain(target.id);
      if (codes[0] === 'FORBIDDEN' && allowed.length > 0)
        expect(response.body.errors?.[0].message).toMatch(/by (account number|e-mail address|phone number|name and postal code)/);
    }
    const partner = role === 'acme_delivery' || role === 'credit_shield';
    expect(outcomes).toEqual(
      Object.fromEntries(
        Object.keys(terms).map((kind) => [kind, allowed.includes(kind) ? 'found' : partner ? 'PERSISTED_QUERY_REQUIRED' : 'FORBIDDEN']),
      ),
    );
  });
  it('records every search with its kind and its term hashed, never the term, in the audit trail', async () => {
    const phone = target.phone.replace('+', '00');
    const found = await find({ phone });
    expect(found.body.errors).toBeUndefined();
    const again = await find({ phone: target.phone.replace(/\s/g, '') });
    expect(again.body.errors).toBeUndefined();
    const none = await postGraphQL(
      stack.gateway.url,
      `query Nobody { findCustomers(by: { email: "Secret.Term@Nowhere.example" }) { id } }`,
      {},
      support,
    );
    expect(none.body).toEqual({ data: { findCustomers: [] } });
    const look = await postGraphQL(stack.gateway.url, `query Look { customer(id: "${target.id}") { id name } }`, {}, support);
    expect(look.body.errors).toBeUndefined();
    await stack.gateway.audit.flush();

    const trail = await postGraphQL(
      stack.gateway.url,
      '{ accessLog(first: 3, subject: "support_agent@example.com", searched: true) ' +
        '{ nodes { operationName customerIds fields searches { kind termHash } } } }',
    );
    expect(trail.body.errors).toBeUndefined();
    const [nobody, second, first] = trail.body.data.accessLog.nodes;
    expect(nobody).toEqual({
      operationName: 'Nobody',
      customerIds: [],
      fields: ['Query.findCustomers'],
      searches: [{ kind: 'email', termHash: expect.stringMatching(/^[0-9a-f]{64}$/) }],
    });
    expect(first).toMatchObject({ operationName: 'Find', customerIds: [target.id], searches: [{ kind: 'phone' }] });
    // Two spellings of one number are one term: the same hash.
    expect(second.searches).toEqual(first.searches);
    expect(first.searches[0].termHash).not.toBe(nobody.searches[0].termHash);

    // The officer's view of every search: `searched: true` keeps exactly the operations that searched, newest first.
    const searchedOnly = async (searched: boolean) => {
      const page = await postGraphQL(
        stack.gateway.url,
        `{ accessLog(first: 100, subject: "support_agent@example.com", searched: ${searched}) {
          nodes { operationName searches { kind } } } }`,
      );
      expect(page.body.errors).toBeUndefined();
      return page.body.data.accessLog.nodes as Array<{ operationName: string; searches: unknown[] }>;
    };
    const searches = await searchedOnly(true);
    expect(searches.slice(0, 3).map((node) => node.operationName)).toEqual(['Nobody', 'Find', 'Find']);
    expect(searches.filter((node) => node.searches.length === 0)).toEqual([]);
    const others = await searchedOnly(false);
    expect(others[0]).toEqual({ operationName: 'Look', searches: [] });
    expect(others.filter((node) => node.searches.length > 0)).toEqual([]);

    // The raw rows of the store: no term in clear, in any spelling, in any column.
    const audit = connectDatabase(systems.audit.databaseUrl);
    try {
      const rows = JSON.stringify([...(await audit('audit_operations').select()), ...(await audit('audit_operation_customers').select())]);
      for (const term of [phone, target.phone, target.phone.replace(/\D/g, ''), 'secret.term@nowhere.example', 'Secret.Term']) {
        expect({ term, found: rows.toLowerCase().includes(term.toLowerCase()) }).toEqual({ term, found: false });
      }
      expect(rows).toContain(first.searches[0].termHash);
      // The searches are covered by the hash chain: the trail still verifies, and editing one breaks it.
      expect((await verifyAuditChains(audit)).problems).toEqual([]);
      await audit('audit_operations').whereNotNull('searches').update({ searches: '[]' });
      expect((await verifyAuditChains(audit)).problems.length).toBeGreaterThan(0);
    } finally {
      await audit.destroy();
    }
  });
});
