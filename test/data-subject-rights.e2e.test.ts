import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildManifest, manifestPath } from '../gateway/persisted/manifest';
import { apiSchemaFromFile, DEFAULT_SUPERGRAPH_PATH } from '../platform/supergraph-file';
import { loadGoldenTable } from '../policy/access-golden';
import { loadPolicy } from '../policy/policy';
import { connectDatabase, type Knex } from '../platform/database';
import { type Backend, createTestSystems, type TestSystems, testBackends } from './support/backends';
import {
  type GraphQLResponse,
  postGraphQL,
  postPersisted,
  startTestStack,
  postToSubgraph,
  type TestStack,
  tokenFor,
} from './support/test-stack';

/** What every mutation answers: the request as recorded, and the customer's state after it. */
const REQUEST =
  'id kind topic reason recordedAt replayed customer { id restriction { restricted erasureRequested } consents { topic granted } }';

const GRANT = `mutation Grant($customerId: ID!, $topic: ConsentTopic!, $reason: String!, $key: String!) {
  grantConsent(customerId: $customerId, topic: $topic, reason: $reason, idempotencyKey: $key) { ${REQUEST} }
}`;
const WITHDRAW = `mutation Withdraw($customerId: ID!, $topic: ConsentTopic!, $reason: String!, $key: String!) {
  withdrawConsent(customerId: $customerId, topic: $topic, reason: $reason, idempotencyKey: $key) { ${REQUEST} }
}`;
const RESTRICT = `mutation Restrict($customerId: ID!, $reason: String!, $key: String!) {
  restrictProcessing(customerId: $customerId, reason: $reason, idempotencyKey: $key) { ${REQUEST} }
}`;
const LIFT = `mutation Lift($customerId: ID!, $reason: String!, $key: String!) {
  liftRestriction(customerId: $customerId, reason: $reason, idempotencyKey: $key) { ${REQUEST} }
}`;
const ERASE = `mutation Erase($customerId: ID!, $reason: String!, $key: String!) {
  requestErasure(customerId: $customerId, reason: $reason, idempotencyKey: $key) { ${REQUEST} }
}`;

/** Every field marketing may read only with the customer's consent, in crm and analytics, with the topic it needs. */
const CONSENT_GATED: Record<string, string> = {
  email: 'email',
  phone: 'phone',
  addresses: 'post',
  segment: 'profiling',
  valueTier: 'profiling',
  lifetimeValue: 'profiling',
  churnRisk: 'profiling',
  scoresAsOf: 'profiling',
  monthlySummaries: 'profiling',
  costToServe: 'profiling',
  profitability: 'profiling',
};
const MARKETING_READ = `query MarketingRead($id: ID!) {
  customer(id: $id) {
    id name email phone addresses { city } segment valueTier lifetimeValue { amount } churnRisk scoresAsOf
    monthlySummaries(last: 3) { month } costToServe(months: 3) { __typename } profitability(months: 3) { months }
  }
}`;

/** Fields of every subgraph a support agent reads: crm (name, email, orders) and archive (archived orders). */
const SUPPORT_READ = `query SupportRead($id: ID!) {
  customer(id: $id) { id name email orders(first: 2) { id } archivedOrders(first: 2) { id } }
}`;
/** Fields a risk officer reads: crm (name) and analytics (segment, churn risk, risk rating). */
const RISK_READ = `query RiskRead($id: ID!) { customer(id: $id) { id name segment churnRisk riskRating { rating } } }`;

const key = () => `key-${randomUUID()}`;

/** A mutation registered for a partner, as no real partner has one. */
const PARTNER_GRANT = `mutation PartnerGrant($customerId: ID!, $key: String!) {
  grantConsent(customerId: $customerId, topic: SMS, reason: "partner", idempotencyKey: $key) { id }
}`;

/** Sent in an order each may follow the one before, on one customer; erasure, which cannot be undone, last. */
const MUTATION_ORDER = ['grantConsent', 'withdrawConsent', 'restrictProcessing', 'liftRestriction', 'requestErasure'];
/** The golden table's rows for these mutations (the front line's are test/front-line-writes.e2e.test.ts's): who may send each. */
const MUTATION_ROWS = loadGoldenTable()
  .filter((row) => MUTATION_ORDER.some((name) => row.coordinate === `Mutation.${name}`))
  .map((row) => [`${row.role}/${row.purpose}`, row.coordinate, row.outcome, row] as const);

/** The codes of an answer's errors by response path (`customer.email`), sorted. */
function codesByPath(response: GraphQLResponse): Record<string, unknown> {
  const codes: Record<string, unknown> = {};
  for (const error of response.body.errors ?? []) codes[(error.path ?? []).join('.')] = error.extensions?.code;
  return Object.fromEntries(Object.entries(codes).sort(([a], [b]) => a.localeCompare(b)));
}

const errorsOf = (response: GraphQLResponse) => (response.body.errors ?? []).map((e) => [e.message, e.extensions?.code]);

describe.each(testBackends())('data-subject rights through the gateway, on %s', (backend: Backend) => {
  let systems: TestSystems;
  let stack: TestStack;
  let oltp: Knex;
  let tokens: Record<'support' | 'dpo' | 'marketing' | 'risk' | 'sales' | 'architect' | 'partner', string>;
  /** Customers with no restriction and no erasure pending, each used by one test. */
  let free: string[];
  let operationsDir: string;
  let partnerGrantId: string;

  beforeAll(async () => {
    systems = await createTestSystems(backend, 80);
    // Should a mutation ever be registered for a partner, it must not run over GET either: one is, for acme-delivery.
    operationsDir = mkdtempSync(path.join(os.tmpdir(), 'operations-'));
    const clientDir = path.join(operationsDir, 'acme-delivery');
    mkdirSync(clientDir);
    writeFileSync(path.join(clientDir, 'PartnerGrant.graphql'), `# purpose: order_delivery\n${PARTNER_GRANT}\n`);
    const manifest = buildManifest(clientDir, apiSchemaFromFile(DEFAULT_SUPERGRAPH_PATH), loadPolicy());
    writeFileSync(manifestPath(clientDir), JSON.stringify(manifest));
    partnerGrantId = manifest.operations[0].id;
    stack = await startTestStack(systems, {
      // The warehouse answer cache on, for as long as the tests run: a withdrawn consent must still take effect at once.
      warehouseCache: { entries: 1_000, checkEveryMs: 600_000 },
      gateway: { persistedOperations: { dir: operationsDir, mode: 'allow' } },
    });
    oltp = connectDatabase(systems.urls.oltp);
    tokens = {
      support: await tokenFor('support_agent'),
      dpo: await tokenFor('dpo'),
      marketing: await tokenFor('marketing'),
      risk: await tokenFor('risk_officer'),
      sales: await tokenFor('sales_rep'),
      architect: await tokenFor('architect'),
      partner: await tokenFor('acme_delivery'),
    };
    const { body } = await postGraphQL(
      stack.gateway.url,
      '{ customers(first: 80) { nodes { id segment restriction { restricted erasureRequested } } } }',
    );
    free = body.data.customers.nodes
      .filter((c: any) => !c.restriction.restricted && !c.restriction.erasureRequested && c.segment !== null)
      .map((c: any) => c.id);
    expect(free.length).toBeGreaterThanOrEqual(8 + MUTATION_ROWS.length);
  });

  afterAll(async () => {
    await oltp?.destroy();
    await stack?.stop();
    await systems?.drop();
    if (operationsDir) rmSync(operationsDir, { recursive: true, force: true });
  });

  const send = (token: string, query: string, variables: Record<string, unknown>) =>
    postGraphQL(stack.gateway.url, query, variables, token);
  const requestsWithKey = async (idempotencyKey: string) =>
    (await oltp('data_subject_requests').where('idempotency_key', idempotencyKey).count({ n: '*' }))[0].n;
  const consentOf = async (customerId: string, topic: string) =>
    oltp('consents').where({ customer_id: customerId, topic }).first('granted', 'recorded_at');

  it.each(MUTATION_ROWS)('%s sending %s: %s, as the golden table says', async (_who, coordinate, outcome, row) => {
    const field = coordinate.split('.')[1];
    const partner = loadPolicy().roles[row.role].clientKind === 'partner';
    // Each row a customer of its own, after those of the tests below.
    const customerId = free[8 + MUTATION_ROWS.findIndex(([, , , r]) => r === row)];
    const token = await tokenFor(row.role, { purpose: row.purpose });
    const responses = [];
    for (const name of MUTATION_ORDER.slice(0, MUTATION_ORDER.indexOf(field) + 1)) {
      const topic = name.endsWith('Consent') ? ', topic: SMS' : '';
      const query = `mutation Send($id: ID!, $key: String!) {
        ${name}(customerId: $id, reason: "Golden table"${topic}, idempotencyKey: $key) { kind customer { id } }
      }`;
      responses.push(await send(token, query, { id: customerId, key: key() }));
    }
    const response = responses.at(-1)!;
    if (outcome === 'visible') {
      expect({ errors: response.body.errors, customer: response.body.data[field]?.customer }).toEqual({
        errors: undefined,
        customer: { id: customerId },
      });
    } else if (partner) {
      expect([response.status, errorsOf(response).map(([, code]) => code)]).toEqual([400, ['PERSISTED_QUERY_REQUIRED']]);
    } else {
      expect([response.body.data, errorsOf(response)]).toEqual([{ [field]: null }, [[`You may not send ${coordinate}`, 'FORBIDDEN']]]);
    }
    expect(outcome).toMatch(/^(visible|forbidden)$/);
  });

  it('lets a support agent grant a consent: recorded with the request, the customer answered as now', async () => {
    const customerId = free[0];
    const idempotencyKey = key();
    const response = await send(tokens.support, GRANT, {
      customerId,
      topic: 'SMS',
      reason: 'Case 4711: asked on the phone',
      key: idempotencyKey,
    });
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    const request = response.body.data.grantConsent;
    expect({ ...request, id: typeof request.id, recordedAt: typeof request.recordedAt, customer: undefined }).toEqual({
      id: 'string',
      kind: 'GRANT_CONSENT',
      topic: 'SMS',
      reason: 'Case 4711: asked on the phone',
      recordedAt: 'string',
      replayed: false,
      customer: undefined,
    });
    expect(request.customer.id).toBe(customerId);
    expect(request.customer.consents).toContainEqual({ topic: 'SMS', granted: true });
    const row = await oltp('data_subject_requests').where('idempotency_key', idempotencyKey).first();
    expect({ ...row, id: undefined, recorded_at: undefined }).toEqual({
      id: undefined,
      customer_id: Number(customerId),
      kind: 'grant_consent',
      topic: 'sms',
      reason: 'Case 4711: asked on the phone',
      idempotency_key: idempotencyKey,
      requested_by: 'support_agent@example.com',
      client_id: 'support-agent-app',
      purpose: 'customer_service',
      recorded_at: undefined,
    });
    expect(String(row.id)).toBe(request.id);
  });

  it('replays a retried request with the same key: the first recording, nothing applied twice, even after the state changed', async () => {
    const customerId = free[1];
    const first = key();
    const variables = { customerId, topic: 'POST', reason: 'Letter of 1 Dec', key: first };
    const granted = await send(tokens.support, GRANT, variables);
    const grantedAt = (await consentOf(customerId, 'post')).recorded_at;
    const withdrawn = await send(tokens.support, WITHDRAW, { ...variables, key: key() });
    expect(withdrawn.body.data.withdrawConsent.customer.consents).toContainEqual({ topic: 'POST', granted: false });
    const retried = await send(tokens.support, GRANT, variables);
    expect(retried.body.errors).toBeUndefined();
    const { replayed, customer, ...recorded } = retried.body.data.grantConsent;
    const { replayed: firstReplayed, customer: _customer, ...original } = granted.body.data.grantConsent;
    expect([firstReplayed, replayed]).toEqual([false, true]);
    expect(recorded).toEqual(original);
    // The withdrawal after it stands: the retry applied nothing.
    expect(customer.consents).toContainEqual({ topic: 'POST', granted: false });
    expect(await requestsWithKey(first)).toBe(1);
    expect((await consentOf(customerId, 'post')).recorded_at).not.toBeUndefined();
    expect(grantedAt).not.toBeUndefined();
  });

  it('applies once when the same request races itself: one recording, the others replay it', async () => {
    const customerId = free[2];
    const variables = { customerId, topic: 'PROFILING', reason: 'Sent five times at once', key: key() };
    const answers = await Promise.all(Array.from({ length: 5 }, () => send(tokens.support, GRANT, variables)));
    expect(answers.map((a) => a.body.errors)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(answers.map((a) => a.body.data.grantConsent.replayed).sort()).toEqual([false, true, true, true, true]);
    expect(new Set(answers.map((a) => a.body.data.grantConsent.id)).size).toBe(1);
    expect(await requestsWithKey(variables.key)).toBe(1);
  });

  it('refuses the same key with other arguments, and records a grant of a granted consent without changing it', async () => {
    const customerId = free[2];
    const idempotencyKey = key();
    await send(tokens.support, GRANT, { customerId, topic: 'PHONE', reason: 'Asked in shop', key: idempotencyKey });
    const before = await consentOf(customerId, 'phone');
    const other = await send(tokens.support, GRANT, { customerId, topic: 'PHONE', reason: 'Another reason', key: idempotencyKey });
    expect(errorsOf(other)).toEqual([
      ['This idempotency key was already used for a different request: send a new key for a new request', 'BAD_USER_INPUT'],
    ]);
    expect(other.body.data).toEqual({ grantConsent: null });
    const otherTopic = await send(tokens.support, WITHDRAW, { customerId, topic: 'PHONE', reason: 'Asked in shop', key: idempotencyKey });
    expect(errorsOf(otherTopic).map(([, code]) => code)).toEqual(['BAD_USER_INPUT']);
    // The data-protection officer is another requester: the key is not theirs to replay.
    const otherCaller = await send(tokens.dpo, GRANT, { customerId, topic: 'PHONE', reason: 'Asked in shop', key: idempotencyKey });
    expect(errorsOf(otherCaller).map(([, code]) => code)).toEqual(['BAD_USER_INPUT']);

    const again = await send(tokens.support, GRANT, { customerId, topic: 'PHONE', reason: 'Asked in shop', key: key() });
    expect(again.body.errors).toBeUndefined();
    expect(again.body.data.grantConsent.replayed).toBe(false);
    expect(await consentOf(customerId, 'phone')).toEqual(before);
    expect(await oltp('data_subject_requests').where({ customer_id: customerId, topic: 'phone' }).count({ n: '*' })).toEqual([{ n: 2 }]);
  });

  it('applies one alias of a repeated mutation and replays the other; different keys in one operation both apply', async () => {
    const customerId = free[3];
    const idempotencyKey = key();
    const twice = await send(
      tokens.support,
      `mutation Twice($id: ID!, $key: String!) {
        a: grantConsent(customerId: $id, topic: EMAIL, reason: "twice", idempotencyKey: $key) { id replayed }
        b: grantConsent(customerId: $id, topic: EMAIL, reason: "twice", idempotencyKey: $key) { id replayed }
      }`,
      { id: customerId, key: idempotencyKey },
    );
    expect(twice.body.errors).toBeUndefined();
    expect(twice.body.data.a.replayed).toBe(false);
    expect(twice.body.data.b).toEqual({ id: twice.body.data.a.id, replayed: true });
    expect(await requestsWithKey(idempotencyKey)).toBe(1);

    const both = await send(
      tokens.support,
      `mutation Both($id: ID!, $k1: String!, $k2: String!) {
        off: withdrawConsent(customerId: $id, topic: EMAIL, reason: "off", idempotencyKey: $k1) {
          replayed customer { consents { topic granted } }
        }
        on: grantConsent(customerId: $id, topic: EMAIL, reason: "on", idempotencyKey: $k2) {
          replayed customer { consents { topic granted } }
        }
      }`,
      { id: customerId, k1: key(), k2: key() },
    );
    expect(both.body.errors).toBeUndefined();
    // Mutations run one after the other, each answer read after its own write.
    expect(both.body.data.off.customer.consents).toContainEqual({ topic: 'EMAIL', granted: false });
    expect(both.body.data.on.customer.consents).toContainEqual({ topic: 'EMAIL', granted: true });
  });

  it('refuses bad input with BAD_USER_INPUT and a clear message, never a 500 or SQL', async () => {
    const customerId = free[4];
    const cases: Array<[string, string, Record<string, unknown>, string]> = [
      ['an unknown customer', GRANT, { customerId: '9999999', topic: 'SMS', reason: 'x', key: key() }, 'There is no customer 9999999'],
      [
        'a customer id that is not digits',
        GRANT,
        { customerId: "1' OR '1'='1", topic: 'SMS', reason: 'x', key: key() },
        'customerId must be a CRM customer number (digits)',
      ],
      [
        'a blank reason',
        GRANT,
        { customerId, topic: 'SMS', reason: ' \n\t ', key: key() },
        'reason must not be blank: say why, or give the case reference',
      ],
      [
        'a reason over 500 characters',
        GRANT,
        { customerId, topic: 'SMS', reason: 'r'.repeat(501), key: key() },
        'reason must be at most 500 characters',
      ],
      [
        'a huge reason',
        GRANT,
        { customerId, topic: 'SMS', reason: 'r'.repeat(200_000), key: key() },
        'reason must be at most 500 characters',
      ],
      [
        'a key over 100 characters',
        GRANT,
        { customerId, topic: 'SMS', reason: 'x', key: 'k'.repeat(101) },
        'idempotencyKey must be 1 to 100 letters, digits, ".", "_", ":" or "-"',
      ],
      [
        'an empty key',
        GRANT,
        { customerId, topic: 'SMS', reason: 'x', key: '' },
        'idempotencyKey must be 1 to 100 letters, digits, ".", "_", ":" or "-"',
      ],
      [
        'lifting a restriction that is not set',
        LIFT,
        { customerId, reason: 'x', key: key() },
        `Processing of customer ${customerId} is not restricted: there is nothing to lift`,
      ],
    ];
    for (const [name, query, variables, message] of cases) {
      const token = query === GRANT ? tokens.support : tokens.dpo;
      const response = await send(token, query, variables);
      expect({ name, status: response.status, errors: errorsOf(response) }).toEqual({
        name,
        status: 200,
        errors: [[message, 'BAD_USER_INPUT']],
      });
    }
    expect(await oltp('data_subject_requests').where('customer_id', customerId).count({ n: '*' })).toEqual([{ n: 0 }]);
  });

  it('refuses an unknown topic and variables of the wrong type before anything runs', async () => {
    const before = stack.recorded.crm.requests;
    const literal = await send(
      tokens.support,
      `mutation { grantConsent(customerId: "${free[4]}", topic: FAX, reason: "x", idempotencyKey: "k-fax") { id } }`,
      {},
    );
    expect([literal.status, errorsOf(literal)]).toEqual([
      400,
      [['Value "FAX" does not exist in "ConsentTopic" enum.', 'GRAPHQL_VALIDATION_FAILED']],
    ]);
    const variable = await send(tokens.support, GRANT, { customerId: free[4], topic: 'FAX', reason: 'x', key: key() });
    expect([variable.status, errorsOf(variable)]).toEqual([
      400,
      [['Variable "$topic" got invalid value "FAX"; Value "FAX" does not exist in "ConsentTopic" enum.', 'BAD_USER_INPUT']],
    ]);
    const wrongType = await send(tokens.support, GRANT, { customerId: free[4], topic: 'SMS', reason: 5, key: ['k'] });
    expect([wrongType.status, errorsOf(wrongType).map(([, code]) => code)]).toEqual([400, ['BAD_USER_INPUT']]);
    expect(stack.recorded.crm.requests).toBe(before);
  });

  it('lets only the dpo restrict and erase; others get FORBIDDEN (partners: refused), the crm is not asked', async () => {
    const customerId = free[5];
    const variables = { customerId, reason: 'x', key: key() };
    const before = stack.recorded.crm.requests;
    for (const [who, token] of [
      ['support', tokens.support],
      ['marketing', tokens.marketing],
      ['risk', tokens.risk],
      ['architect', tokens.architect],
    ] as const) {
      const response = await send(token, RESTRICT, variables);
      expect({ who, status: response.status, data: response.body.data, errors: errorsOf(response) }).toEqual({
        who,
        status: 200,
        data: { restrictProcessing: null },
        errors: [['You may not send Mutation.restrictProcessing', 'FORBIDDEN']],
      });
    }
    for (const [who, token] of [
      ['marketing', tokens.marketing],
      ['sales', tokens.sales],
      ['architect', tokens.architect],
    ] as const) {
      const response = await send(token, GRANT, { ...variables, topic: 'SMS' });
      expect({ who, data: response.body.data, errors: errorsOf(response) }).toEqual({
        who,
        data: { grantConsent: null },
        errors: [['You may not send Mutation.grantConsent', 'FORBIDDEN']],
      });
    }
    // A partner runs registered operations only.
    const partner = await send(tokens.partner, GRANT, { ...variables, topic: 'SMS' });
    expect([partner.status, errorsOf(partner).map(([, code]) => code)]).toEqual([400, ['PERSISTED_QUERY_REQUIRED']]);
    expect(stack.recorded.crm.requests).toBe(before);
    expect(await oltp('data_subject_requests').where('customer_id', customerId).count({ n: '*' })).toEqual([{ n: 0 }]);
  });

  it('is re-checked by the crm itself: each mutation, called directly without its scope or for another purpose, is FORBIDDEN', async () => {
    const customerId = free[5];
    const call = async (scopes: string[], purpose: string, query: string) => {
      const caller = { subject: 'someone', clientId: 'direct', clientKind: 'first-party' as const, scopes, purpose };
      return (await postToSubgraph(stack.crm.url, 'crm', caller, query)).body;
    };
    const cases = [
      ['grantConsent', ', topic: SMS', ['restriction:write'], 'data_protection'],
      ['withdrawConsent', ', topic: SMS', ['consent:write'], 'marketing'],
      ['restrictProcessing', '', ['consent:write'], 'data_protection'],
      ['restrictProcessing', '', ['restriction:write'], 'customer_service'],
      ['liftRestriction', '', ['consent:write', 'restricted:read'], 'data_protection'],
      ['requestErasure', '', ['restriction:write'], 'sales'],
    ] as const;
    for (const [field, topic, scopes, purpose] of cases) {
      const body = await call(
        [...scopes],
        purpose,
        `mutation { ${field}(customerId: "${customerId}"${topic}, reason: "x", idempotencyKey: "${key()}") { id } }`,
      );
      expect({ field, scopes, purpose, data: body.data, codes: body.errors?.map((e) => e.extensions?.code) }).toEqual({
        field,
        scopes,
        purpose,
        data: { [field]: null },
        codes: ['FORBIDDEN'],
      });
    }
    expect(await oltp('data_subject_requests').where('customer_id', customerId).count({ n: '*' })).toEqual([{ n: 0 }]);
  });

  it('makes a withdrawn consent effective at once in every subgraph, the warehouse answer cache included', async () => {
    const customerId = free[6];
    const topics = ['EMAIL', 'PHONE', 'POST', 'PROFILING'];
    const grantAll = await send(
      tokens.support,
      `mutation GrantAll($id: ID!) { ${topics
        .map((t) => `${t}: grantConsent(customerId: $id, topic: ${t}, reason: "Consent form", idempotencyKey: "${key()}") { id }`)
        .join(' ')} }`,
      { id: customerId },
    );
    expect(grantAll.body.errors).toBeUndefined();
    const consented = await send(tokens.marketing, MARKETING_READ, { id: customerId });
    expect(codesByPath(consented)).toEqual({});
    expect(consented.body.data.customer.segment).not.toBeNull();

    const withdrawAll = await send(
      tokens.support,
      `mutation WithdrawAll($id: ID!) { ${topics
        .map((t) => `${t}: withdrawConsent(customerId: $id, topic: ${t}, reason: "Unsubscribed", idempotencyKey: "${key()}") { id }`)
        .join(' ')} }`,
      { id: customerId },
    );
    expect(withdrawAll.body.errors).toBeUndefined();
    const withdrawn = await send(tokens.marketing, MARKETING_READ, { id: customerId });
    expect(codesByPath(withdrawn)).toEqual(
      Object.fromEntries(
        Object.keys(CONSENT_GATED)
          .map((field) => [`customer.${field}`, 'CONSENT_REQUIRED'] as const)
          .sort(),
      ),
    );
    expect(withdrawn.body.errors?.map((e) => e.extensions?.topic).sort()).toEqual(Object.values(CONSENT_GATED).sort());
    expect(withdrawn.body.data.customer.name).toBe(consented.body.data.customer.name);

    // Only e-mail granted again: only the e-mail address comes back.
    await send(tokens.support, GRANT, { customerId, topic: 'EMAIL', reason: 'Resubscribed', key: key() });
    const email = await send(tokens.marketing, MARKETING_READ, { id: customerId });
    expect(Object.keys(codesByPath(email))).not.toContain('customer.email');
    expect(email.body.data.customer.email).toBe(consented.body.data.customer.email);
    expect(Object.keys(codesByPath(email))).toHaveLength(Object.keys(CONSENT_GATED).length - 1);
  });

  it('withholds a restricted customer from every other role at once, and gives them back when the restriction is lifted', async () => {
    const customerId = free[7];
    const readable = await send(tokens.support, SUPPORT_READ, { id: customerId });
    expect(codesByPath(readable)).toEqual({});
    const restricted = await send(tokens.dpo, RESTRICT, { customerId, reason: 'Art. 18 request, case 12', key: key() });
    expect(restricted.body.errors).toBeUndefined();
    expect(restricted.body.data.restrictProcessing.customer.restriction).toEqual({ restricted: true, erasureRequested: false });

    const support = await send(tokens.support, SUPPORT_READ, { id: customerId });
    expect(codesByPath(support)).toEqual({
      'customer.archivedOrders': 'PROCESSING_RESTRICTED',
      'customer.email': 'PROCESSING_RESTRICTED',
      'customer.name': 'PROCESSING_RESTRICTED',
      'customer.orders': 'PROCESSING_RESTRICTED',
    });
    const risk = await send(tokens.risk, RISK_READ, { id: customerId });
    expect(codesByPath(risk)).toEqual({
      'customer.churnRisk': 'PROCESSING_RESTRICTED',
      'customer.name': 'PROCESSING_RESTRICTED',
      'customer.riskRating': 'PROCESSING_RESTRICTED',
      'customer.segment': 'PROCESSING_RESTRICTED',
    });
    const dpo = await send(tokens.dpo, SUPPORT_READ, { id: customerId });
    expect(codesByPath(dpo)).toEqual({});

    // A support agent still records the customer's consent; what the answer reads of them is withheld.
    const consent = await send(tokens.support, WITHDRAW, { customerId, topic: 'SMS', reason: 'By phone', key: key() });
    expect(consent.body.data.withdrawConsent).toMatchObject({ kind: 'WITHDRAW_CONSENT', replayed: false, customer: { id: customerId } });
    expect(codesByPath(consent)).toEqual({
      'withdrawConsent.customer.consents': 'PROCESSING_RESTRICTED',
      'withdrawConsent.customer.restriction': 'PROCESSING_RESTRICTED',
    });
    // Restricting again changes nothing and is recorded.
    const again = await send(tokens.dpo, RESTRICT, { customerId, reason: 'Repeated', key: key() });
    expect(again.body.data.restrictProcessing.replayed).toBe(false);

    const lifted = await send(tokens.dpo, LIFT, { customerId, reason: 'Dispute settled', key: key() });
    expect(lifted.body.errors).toBeUndefined();
    expect(lifted.body.data.liftRestriction.customer.restriction).toEqual({ restricted: false, erasureRequested: false });
    const afterwards = await send(tokens.support, SUPPORT_READ, { id: customerId });
    expect(codesByPath(afterwards)).toEqual({});
    expect(afterwards.body.data.customer).toEqual(readable.body.data.customer);
    expect(codesByPath(await send(tokens.risk, RISK_READ, { id: customerId }))).toEqual({});
  });

  it('records an erasure request once, restricting the customer; a second is refused', async () => {
    const customerId = free[4];
    const first = await send(tokens.dpo, ERASE, { customerId, reason: 'Art. 17 request by letter', key: key() });
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data.requestErasure).toMatchObject({
      kind: 'REQUEST_ERASURE',
      topic: null,
      replayed: false,
      customer: { id: customerId, restriction: { restricted: true, erasureRequested: true } },
    });
    const row = await oltp('customers').where('id', customerId).first('erasure_requested_at', 'restricted_at');
    expect([row.erasure_requested_at !== null, row.restricted_at !== null]).toEqual([true, true]);
    const second = await send(tokens.dpo, ERASE, { customerId, reason: 'Again', key: key() });
    expect(errorsOf(second)).toEqual([[`Customer ${customerId} already asked for erasure; it is pending`, 'BAD_USER_INPUT']]);
    const lift = await send(tokens.dpo, LIFT, { customerId, reason: 'Too early', key: key() });
    expect(errorsOf(lift)).toEqual([
      [`Customer ${customerId} asked for erasure: processing stays restricted until it is done`, 'BAD_USER_INPUT'],
    ]);
    expect(codesByPath(await send(tokens.support, SUPPORT_READ, { id: customerId }))).toEqual({
      'customer.archivedOrders': 'PROCESSING_RESTRICTED',
      'customer.email': 'PROCESSING_RESTRICTED',
      'customer.name': 'PROCESSING_RESTRICTED',
      'customer.orders': 'PROCESSING_RESTRICTED',
    });
  });

  it('runs only the operation named: a mutation beside it in the document is not run', async () => {
    const customerId = free[5];
    const idempotencyKey = key();
    const document = `query Look($id: ID!) { customer(id: $id) { id } }
      mutation Change($id: ID!) { grantConsent(customerId: $id, topic: SMS, reason: "x", idempotencyKey: "${idempotencyKey}") { id } }`;
    const response = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.support}` },
      body: JSON.stringify({ query: document, operationName: 'Look', variables: { id: customerId } }),
    });
    expect([response.status, await response.json()]).toEqual([200, { data: { customer: { id: customerId } } }]);
    const unnamed = await send(tokens.support, document, { id: customerId });
    expect([unnamed.status, errorsOf(unnamed).map(([, code]) => code)]).toEqual([400, ['OPERATION_RESOLUTION_FAILURE']]);
    expect(await requestsWithKey(idempotencyKey)).toBe(0);
  });

  it('refuses a mutation sent over GET with 405, first-party and persisted alike, and never runs it', async () => {
    const idempotencyKey = key();
    const args = `customerId: "${free[5]}", topic: SMS, reason: "x", idempotencyKey: "${idempotencyKey}"`;
    const query = `mutation { grantConsent(${args}) { id } }`;
    const get = async (params: Record<string, string>, token: string) => {
      const url = new URL(stack.gateway.url);
      for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
      const response = await fetch(url, { headers: { authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' } });
      return { status: response.status, body: (await response.json()) as GraphQLResponse['body'] };
    };
    const plain = await get({ query }, tokens.support);
    expect([plain.status, plain.body.errors?.map((e) => [e.message, e.extensions?.code])]).toEqual([
      405,
      [['GET requests only support query operations, not mutation operations', 'BAD_REQUEST']],
    ]);
    const { createHash } = await import('node:crypto');
    const hash = createHash('sha256').update(query).digest('hex');
    const apq = await get({ query, extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hash } }) }, tokens.support);
    expect([apq.status, apq.body.errors?.map((e) => e.extensions?.code)]).toEqual([405, ['BAD_REQUEST']]);
    // A partner's id names only its registered operations, none of which is a mutation.
    const partner = await get({ extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hash } }) }, tokens.partner);
    expect([partner.status, partner.body.errors?.map((e) => e.extensions?.code)]).toEqual([400, ['PERSISTED_QUERY_NOT_FOUND']]);
    expect(await requestsWithKey(idempotencyKey)).toBe(0);
  });

  it('refuses a mutation registered for a partner: over GET with 405, over POST with 403 as any forbidden field', async () => {
    const idempotencyKey = key();
    const url = new URL(stack.gateway.url);
    url.searchParams.set('variables', JSON.stringify({ customerId: free[5], key: idempotencyKey }));
    url.searchParams.set('extensions', JSON.stringify({ persistedQuery: { version: 1, sha256Hash: partnerGrantId } }));
    const response = await fetch(url, { headers: { authorization: `Bearer ${tokens.partner}`, 'apollo-require-preflight': 'true' } });
    const body = (await response.json()) as GraphQLResponse['body'];
    expect([response.status, body.errors?.map((e) => [e.message, e.extensions?.code])]).toEqual([
      405,
      [['GET requests only support query operations, not mutation operations', 'BAD_REQUEST']],
    ]);
    const posted = await postPersisted(stack.gateway.url, partnerGrantId, { customerId: free[5], key: idempotencyKey }, tokens.partner);
    expect([posted.status, posted.body.errors?.map((e) => [e.message, e.extensions?.code, e.extensions?.forbiddenFields])]).toEqual([
      403,
      [['This operation asks for fields you may not read', 'FORBIDDEN', ['Mutation.grantConsent']]],
    ]);
    expect(await requestsWithKey(idempotencyKey)).toBe(0);
  });

  it('asks the crm once per mutation operation, also when it fails: the gateway never retries a write', async () => {
    const before = stack.recorded.crm.documents.length;
    const failed = await send(tokens.dpo, LIFT, { customerId: free[5], reason: 'x', key: key() });
    expect(errorsOf(failed).map(([, code]) => code)).toEqual(['BAD_USER_INPUT']);
    const done = await send(tokens.support, GRANT, { customerId: free[5], topic: 'SMS', reason: 'x', key: key() });
    expect(done.body.errors).toBeUndefined();
    const asked = stack.recorded.crm.documents.slice(before);
    expect(asked.filter((document) => document.includes('liftRestriction'))).toHaveLength(1);
    expect(asked.filter((document) => document.includes('grantConsent'))).toHaveLength(1);
  });

  it('records every write in the audit trail as kind WRITE, naming the customer and what the answer read', async () => {
    const customerId = free[3];
    const done = await send(tokens.support, WITHDRAW, { customerId, topic: 'SMS', reason: 'Audit me', key: key() });
    expect(done.body.errors).toBeUndefined();
    const refused = await send(tokens.support, RESTRICT, { customerId, reason: 'Not mine to do', key: key() });
    expect(errorsOf(refused).map(([, code]) => code)).toEqual(['FORBIDDEN']);
    const failed = await send(tokens.dpo, LIFT, { customerId, reason: 'Nothing to lift', key: key() });
    expect(errorsOf(failed).map(([, code]) => code)).toEqual(['BAD_USER_INPUT']);
    await stack.gateway.audit.flush();

    const trail = await postGraphQL(
      stack.gateway.url,
      `query Writes($customerId: String) {
        accessLog(first: 3, kind: WRITE, customerId: $customerId) {
          nodes { kind subject purpose operationName customerIds fields denied customers { customerId returned denied } }
        }
      }`,
      { customerId },
      tokens.dpo,
    );
    expect(trail.body.errors).toBeUndefined();
    expect(trail.body.data.accessLog.nodes).toEqual([
      {
        kind: 'write',
        subject: 'dpo@example.com',
        purpose: 'data_protection',
        operationName: 'Lift',
        customerIds: [customerId],
        fields: [],
        denied: ['Mutation.liftRestriction'],
        customers: [{ customerId, returned: [], denied: ['Mutation.liftRestriction'] }],
      },
      {
        kind: 'write',
        subject: 'support_agent@example.com',
        purpose: 'customer_service',
        operationName: 'Restrict',
        customerIds: [customerId],
        fields: [],
        denied: ['Mutation.restrictProcessing'],
        customers: [{ customerId, returned: [], denied: ['Mutation.restrictProcessing'] }],
      },
      {
        kind: 'write',
        subject: 'support_agent@example.com',
        purpose: 'customer_service',
        operationName: 'Withdraw',
        customerIds: [customerId],
        fields: ['Customer.consents', 'Customer.restriction', 'Mutation.withdrawConsent'],
        denied: [],
        customers: [{ customerId, returned: ['Customer.consents', 'Customer.restriction', 'Mutation.withdrawConsent'], denied: [] }],
      },
    ]);
  });
});
