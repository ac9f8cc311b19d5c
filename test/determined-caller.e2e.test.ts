import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_POLICY_PATH } from '../policy/policy';
import type { Stack } from '../scripts/start-stack';
import { createTestSystems, type TestSystems, testBackends } from './support/backends';
import { postGraphQL, startTestStack, type TestStack, tokenFor } from './support/test-stack';

/**
 * What a determined caller tried, and what must hold against it: one test per finding,
 * through the real gateway, on every backend this run has.
 */
const aliases = (n: number, field: (i: number) => string) => Array.from({ length: n }, (_, i) => field(i)).join(' ');
/** The `after` argument of the i-th page of 100 customers (none for the first). */
const afterPage = (i: number) => (i === 0 ? '' : `, after: "${Buffer.from(`k1:${1_000_000 + i * 100}`).toString('base64url')}"`);

describe.each(testBackends())('against a determined caller (%s)', (backend) => {
  let systems: TestSystems;
  let stack: TestStack;
  /** Same product, a policy where support agents may read 1,000 customers at once and one client is in reject mode. */
  let generous: Stack;
  let url: string;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    systems = await createTestSystems(backend, 720);
    const policyPath = path.join(mkdtempSync(path.join(os.tmpdir(), 'policy-')), 'policy.yaml');
    writeFileSync(
      policyPath,
      readFileSync(DEFAULT_POLICY_PATH, 'utf8')
        .replace(/(support_agent:\n(?: {4}.*\n)*? {4}max_customers: )\d+/, '$11000')
        .replace('  clients: {}', '  clients: { strict-desk: reject }'),
    );
    [stack, generous] = await Promise.all([startTestStack(systems), startTestStack(systems, { policyPath })]);
    url = stack.gateway.url;
    for (const role of ['support_agent', 'architect', 'risk_officer']) tokens[role] = await tokenFor(role);
  });

  afterAll(async () => {
    await stack?.stop();
    await generous?.stop();
    await systems?.drop();
  });

  const subgraphCalls = () =>
    stack.recorded.crm.graphqlRequests +
    stack.recorded.archive.graphqlRequests +
    stack.recorded.analytics.graphqlRequests +
    stack.recorded.privacy.graphqlRequests;

  /** The audit trail as the data-protection officer reads it (after everything buffered is stored). */
  async function trail(query: string, variables: Record<string, unknown> = {}) {
    // One after the other: two writers on one SQLite file would wait on each other.
    await stack.gateway.audit.flush();
    await generous.gateway.audit.flush();
    const { body } = await postGraphQL(url, query, variables);
    expect(body.errors).toBeUndefined();
    return body.data;
  }
  const refusalsOf = async (subject: string) =>
    (
      await trail(
        'query($s: String) { accessLog(subject: $s, kind: REFUSED, first: 100) ' +
          '{ nodes { kind refusal operationName denied requestId clientRequestId customerIds } } }',
        { s: subject },
      )
    ).accessLog.nodes;

  // 1. Large reads leave a record, whatever their size.
  it('stores and shows the record of a read of 700 customers with masked fields', async () => {
    const pages = aliases(7, (i) => `p${i}: customers(first: 100${afterPage(i)}) { nodes { id name email phone addresses { line1 } } }`);
    const query = `query SevenPages { ${pages} }`;
    const read = await postGraphQL(generous.gateway.url, query, {}, tokens.support_agent);
    expect(read.status).toBe(200);
    const ids = new Set(Object.values(read.body.data).flatMap((page: any) => page.nodes.map((n: any) => n.id)));
    expect(ids.size).toBe(700);
    const { accessLog } = await trail(
      '{ accessLog(subject: "support_agent@example.com", first: 100) { nodes { operationName customerIds fields masked } } }',
    );
    const entry = accessLog.nodes.find((e: any) => e.operationName === 'SevenPages');
    expect(entry.customerIds).toHaveLength(700);
    expect(entry.masked).toEqual(['Address.line1', 'Customer.email', 'Customer.phone']);
    const { customer } = await trail(
      '{ customer(id: "1000650") { accessLog(first: 5) { operationName fields masked denied customers { customerId } } } }',
    );
    expect(customer.accessLog.find((e: any) => e.operationName === 'SevenPages')).toEqual({
      operationName: 'SevenPages',
      fields: ['Address.line1', 'Customer.addresses', 'Customer.email', 'Customer.name', 'Customer.phone'],
      masked: ['Address.line1', 'Customer.email', 'Customer.phone'],
      denied: [],
      customers: [{ customerId: '1000650' }],
    });
  });

  // 2. Records say what was read, as schema coordinates per customer, whatever the aliases.
  it("records schema coordinates per customer, not the caller's aliases", async () => {
    await postGraphQL(url, 'query Swapped { customer(id: "1000002") { name: email email: phone } }', {}, tokens.support_agent);
    const { customer } = await trail(
      '{ customer(id: "1000002") { accessLog(first: 10) { operationName fields masked denied maskedPaths } } }',
    );
    expect(customer.accessLog.find((e: any) => e.operationName === 'Swapped')).toEqual({
      operationName: 'Swapped',
      fields: ['Customer.email', 'Customer.phone'],
      masked: ['Customer.email', 'Customer.phone'],
      denied: [],
      maskedPaths: ['Customer.email', 'Customer.phone'],
    });
  });

  it(
    "says of each customer of a page what that customer had returned and denied (a restricted customer's name is denied, " +
      'not returned)',
    async () => {
      const pages = (
        await postGraphQL(
          url,
          `{ ${aliases(5, (i) => `p${i}: customers(first: 100${afterPage(i)}) { nodes { id restriction { restricted } } }`)} }`,
        )
      ).body.data;
      const nodes = Object.values(pages).flatMap((page: any) => page.nodes);
      const index = nodes.findIndex((n: any) => n.restriction.restricted);
      const restricted = nodes[index].id;
      const open = nodes[index + 1].restriction.restricted ? nodes[index - 1].id : nodes[index + 1].id;
      const after = Buffer.from(`k1:${Number(restricted) - 2}`).toString('base64url');
      await postGraphQL(url, `query RiskPage { customers(first: 3, after: "${after}") { nodes { id name } } }`, {}, tokens.risk_officer);
      const entries = await trail(
        `{ a: customer(id: "${restricted}") { accessLog(first: 10) { operationName fields denied } } ` +
          `b: customer(id: "${open}") { accessLog(first: 10) { operationName fields denied } } }`,
      );
      expect(entries.a.accessLog.find((e: any) => e.operationName === 'RiskPage')).toEqual({
        operationName: 'RiskPage',
        fields: [],
        denied: ['Customer.name'],
      });
      expect(entries.b.accessLog.find((e: any) => e.operationName === 'RiskPage')).toEqual({
        operationName: 'RiskPage',
        fields: ['Customer.name'],
        denied: [],
      });
    },
  );

  // 3. Refused attempts leave a trace.
  it('audits a verified caller refused for a purpose its token does not allow', async () => {
    const response = await postGraphQL(
      url,
      '{ customer(id: "1000001") { name } }',
      {},
      await tokenFor('support_agent', { subject: 'purpose-prober' }),
      { 'x-purpose': 'marketing' },
    );
    expect(response.status).toBe(403);
    expect(await refusalsOf('purpose-prober')).toEqual([
      {
        kind: 'refused',
        refusal: 'PURPOSE_NOT_ALLOWED',
        operationName: null,
        denied: [],
        requestId: expect.any(String),
        clientRequestId: null,
        customerIds: [],
      },
    ]);
  });

  it('audits a reject-mode refusal with the fields it asked for and may not have', async () => {
    const token = await tokenFor('support_agent', { client: 'strict-desk', subject: 'strict-agent' });
    const response = await postGraphQL(
      generous.gateway.url,
      'query Profile { customer(id: "1000001") { name segment riskRating { rating } } }',
      {},
      token,
    );
    expect(response.status).toBe(403);
    expect(response.body.errors?.[0]?.extensions).toEqual({
      code: 'FORBIDDEN',
      forbiddenFields: ['Customer.segment', 'Customer.riskRating'],
    });
    expect(await refusalsOf('strict-agent')).toEqual([
      {
        kind: 'refused',
        refusal: 'FORBIDDEN',
        operationName: 'Profile',
        denied: ['Customer.riskRating', 'Customer.segment'],
        requestId: expect.any(String),
        clientRequestId: null,
        customerIds: [],
      },
    ]);
  });

  it('audits a partner refused for a document that is not a registered operation', async () => {
    const response = await postGraphQL(
      url,
      'query Mine { customer(id: "1000001") { name } }',
      {},
      await tokenFor('acme_delivery', { subject: 'dispatch-prober' }),
    );
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_REQUIRED');
    expect((await refusalsOf('dispatch-prober')).map((e: any) => [e.refusal, e.operationName])).toEqual([
      ['PERSISTED_QUERY_REQUIRED', 'Mine'],
    ]);
  });

  it('counts and logs requests without a valid token (no subject to audit)', async () => {
    const metric = async () => {
      const text = await (await fetch(new URL('/metrics', url))).text();
      return Number(/^gateway_unauthenticated_total\{reason="no_token",service="gateway"\} (\d+)/m.exec(text)?.[1] ?? 0);
    };
    const before = await metric();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{ __typename }"}',
    });
    expect(response.status).toBe(401);
    expect(await metric()).toBe(before + 1);
  });

  // 4. The gateway's own request id; the client's beside it.
  it("stores the gateway's request id, with the client's x-request-id beside it", async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${tokens.support_agent}`,
        'x-request-id': 'client-chosen-0001',
      },
      body: JSON.stringify({ query: 'query WithIds { customer(id: "1000003") { name } }' }),
    });
    const ours = response.headers.get('x-request-id');
    expect(ours).not.toBe('client-chosen-0001');
    const { customer } = await trail('{ customer(id: "1000003") { accessLog(first: 10) { operationName requestId clientRequestId } } }');
    expect(customer.accessLog.find((e: any) => e.operationName === 'WithIds')).toEqual({
      operationName: 'WithIds',
      requestId: ours,
      clientRequestId: 'client-chosen-0001',
    });
  });

  // 5. Only a request that gets the landing page skips the token.
  it('answers 401, not 500, to a GET that stuffs the query string and merely accepts HTML', async () => {
    const stuffing = Array.from({ length: 1000 }, (_, i) => `p${i}=`).join('&');
    const response = await fetch(`${url}?${stuffing}&query=${encodeURIComponent('{ customers(first: 100) { nodes { name email } } }')}`, {
      headers: { accept: 'application/json, text/html;q=0.1', 'apollo-require-preflight': '1' },
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      errors: [{ message: 'An Authorization: Bearer token is required', extensions: { code: 'UNAUTHENTICATED' } }],
    });
  });

  it('gives a browser that prefers HTML the landing page and nothing else, whatever its query string asks', async () => {
    const response = await fetch(`${url}?query=${encodeURIComponent('{ customers(first: 100) { nodes { name email } } }')}`, {
      headers: { accept: 'text/html' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).not.toMatch(/@example\.|"nodes"/);
  });

  // 10. @skip/@include with a variable's default.
  it('evaluates @skip/@include on the coerced variables (a default counts as sent)', async () => {
    const skipped = await postGraphQL(
      url,
      'query Q($s: Boolean = false) { customer(id: "1000001") { id email @skip(if: $s) } }',
      {},
      tokens.support_agent,
    );
    expect(skipped.status).toBe(200);
    expect(skipped.body.data).toEqual({ customer: { id: '1000001', email: expect.stringMatching(/^.\*\*\*@/) } });
    const included = await postGraphQL(
      url,
      'query Q($i: Boolean = false) { customer(id: "1000001") { id ... on Customer @include(if: $i) { email } } }',
      {},
      tokens.support_agent,
    );
    expect(included.body).toEqual({ data: { customer: { id: '1000001' } } });
  });

  // 10b. A document of several operations: only the conditions of the one that runs are judged, with its variables.
  it("judges @skip/@include in the operation that runs only, not in the document's others", async () => {
    const query =
      'query WithEmail($e: Boolean!) { customer(id: "1000001") { id email @include(if: $e) } } ' +
      'query Plain { customer(id: "1000001") { id } }';
    const run = async (operationName: string, variables: Record<string, unknown>) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.support_agent}` },
        body: JSON.stringify({ query, operationName, variables }),
      });
      return { status: response.status, body: await response.json() };
    };
    expect(await run('Plain', {})).toEqual({ status: 200, body: { data: { customer: { id: '1000001' } } } });
    const refused = await run('WithEmail', { e: null });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(refused.body.data).toBeUndefined();
  });

  // 11. operationName that resolves to nothing.
  it.each([
    ['operationName naming no operation', { query: 'query A { __typename }', operationName: 'B' }],
    ['operationName for an anonymous document', { query: '{ __typename }', operationName: 'A' }],
    ['no operationName with two operations', { query: 'query A { customer(id: "1000004") { name } } query B { __typename }' }],
  ])('answers 400 to %s, and runs nothing', async (_name, body) => {
    const token = await tokenFor('support_agent', { subject: 'resolution-prober' });
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(400);
    expect((await response.json()).errors[0].extensions.code).toBe('OPERATION_RESOLUTION_FAILURE');
    const { accessLog } = await trail('{ accessLog(subject: "resolution-prober") { nodes { operationName } } }');
    expect(accessLog.nodes).toEqual([]);
  });

  // 12. Root types the schema does not have (it has mutations: the data-subject rights, test/data-subject-rights.e2e.test.ts).
  it('answers 400 to subscription { __typename }', async () => {
    const response = await postGraphQL(url, 'subscription { __typename }', {}, tokens.support_agent);
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('answers mutation { __typename } with the type name alone, writing nothing', async () => {
    const response = await postGraphQL(url, 'mutation { __typename }', {}, tokens.support_agent);
    expect([response.status, response.body]).toEqual([200, { data: { __typename: 'Mutation' } }]);
  });

  // 13. Bad input is the caller's, with a code.
  it('answers a bad scalar literal for a subgraph argument with BAD_USER_INPUT, before any subgraph is asked', async () => {
    const response = await postGraphQL(url, '{ accessLog(from: {a: 1}) { nodes { id } } }');
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      { message: 'Expected a value of type DateTimeISO, found {a: 1}', extensions: { code: 'BAD_USER_INPUT' } },
    ]);
    const variable = await postGraphQL(url, 'query($f: DateTimeISO) { accessLog(from: $f) { nodes { id } } }', { f: 'yesterday' });
    expect(variable.status).toBe(400);
    expect(variable.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it.each([
    ['an unknown version', { version: 2, sha256Hash: 'a'.repeat(64) }, 'PERSISTED_QUERY_VERSION_NOT_SUPPORTED'],
    ['a hash that is not one', { version: 1, sha256Hash: 'not-a-hash' }, 'PERSISTED_QUERY_HASH_INVALID'],
    ['a hash of another query', { version: 1, sha256Hash: 'a'.repeat(64) }, 'PERSISTED_QUERY_HASH_MISMATCH'],
  ])('answers an automatic persisted query with %s with 400 and a PERSISTED_QUERY_ code', async (_name, persistedQuery, code) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.support_agent}` },
      body: JSON.stringify({ query: '{ __typename }', extensions: { persistedQuery } }),
    });
    expect(response.status).toBe(400);
    expect((await response.json()).errors[0].extensions.code).toBe(code);
  });

  it('answers over-long headers with a JSON body', async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-padding': 'x'.repeat(20_000) },
      body: '{}',
    });
    expect(response.status).toBe(431);
    expect(await response.json()).toEqual({
      errors: [{ message: 'The request headers are too large', extensions: { code: 'BAD_REQUEST' } }],
    });
  });

  it('speaks application/graphql-response+json to a client that asks for it, with its status codes', async () => {
    const ask = (token: string | undefined, query: string) =>
      fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query }),
      });
    const ok = await ask(tokens.support_agent, '{ customer(id: "1000001") { id } }');
    expect([ok.status, ok.headers.get('content-type')]).toEqual([200, 'application/graphql-response+json; charset=utf-8']);
    const invalid = await ask(tokens.support_agent, '{ nothing }');
    expect([invalid.status, invalid.headers.get('content-type')]).toEqual([400, 'application/graphql-response+json; charset=utf-8']);
    const anonymous = await ask(undefined, '{ __typename }');
    expect([anonymous.status, anonymous.headers.get('content-type')]).toEqual([401, 'application/graphql-response+json; charset=utf-8']);
  });

  // 14. Bulk extraction.
  it(
    'estimates cost with the variables: 20 pages of $n customers are refused before any subgraph is asked, ' + 'and the refusal is audited',
    async () => {
      const selection = '{ nodes { id name dateOfBirth addresses { line1 } orders { id } payments { amount { amount } } } }';
      const query = `query Bulk($n: Int!) { ${aliases(20, (i) => `a${i}: customers(first: $n) ${selection}`)} }`;
      const token = await tokenFor('dpo', { subject: 'bulk-prober' });
      const fetchesBefore = subgraphCalls();
      const response = await postGraphQL(url, query, { n: 100 }, token);
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([
        {
          message: 'The operation exceeds the limits: Cost limit of 60000 exceeded, estimated 72020.',
          extensions: { code: 'OPERATION_TOO_LARGE' },
        },
      ]);
      expect(subgraphCalls()).toBe(fetchesBefore);
      expect((await refusalsOf('bulk-prober')).map((e: any) => [e.refusal, e.operationName])).toEqual([['OPERATION_TOO_LARGE', 'Bulk']]);
    },
  );

  it('refuses a support agent 700 customers at once, within every other limit, before any subgraph is asked', async () => {
    const query = `query Seven($n: Int = 100) { ${aliases(7, (i) => `p${i}: customers(first: $n) { nodes { id name email } }`)} }`;
    const fetchesBefore = subgraphCalls();
    const response = await postGraphQL(url, query, {}, await tokenFor('support_agent', { subject: 'page-prober' }));
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      {
        message: 'The operation can return the data of up to 700 customers; one request may return at most 200 for this purpose',
        extensions: { code: 'CUSTOMER_LIMIT_EXCEEDED' },
      },
    ]);
    expect(subgraphCalls()).toBe(fetchesBefore);
    expect((await refusalsOf('page-prober')).map((e: any) => e.refusal)).toEqual(['CUSTOMER_LIMIT_EXCEEDED']);
  });

  it.each([
    [
      'a negative page size beside the pages it hides',
      `query Hide { ${aliases(2, (i) => `p${i}: customers(first: 100) { nodes { id name household { members { id name } } } }`)} ` +
        'neg: customers(first: -2000) { nodes { id } } }',
      {},
    ],
    [
      'a negative page size as a variable',
      'query Hide($n: Int!) { p: customers(first: 100) { nodes { id orders(first: 50) { lines { sku } } } } ' +
        'neg: customer(id: "1000001") { orders(first: $n) { id } } }',
      { n: -60_000 },
    ],
  ])('refuses %s before any subgraph is asked, instead of letting it lower the estimate', async (_name, query, variables) => {
    const before = subgraphCalls();
    const response = await postGraphQL(url, query, variables, tokens.support_agent);
    expect(response.status).toBe(400);
    expect(response.body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(response.body.errors?.[0]?.message).toMatch(/^A list cannot be shorter than 1: /);
    expect(subgraphCalls()).toBe(before);
  });

  it('refuses null for a Boolean variable that decides @skip/@include (its default does not apply to an explicit null)', async () => {
    const response = await postGraphQL(
      url,
      'query Q($v: Boolean = true) { customer(id: "1000001") { id email @include(if: $v) name } }',
      { v: null },
      tokens.support_agent,
    );
    expect(response.status).toBe(400);
    expect(response.body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });

  it('refuses aliases beginning with "__", which would make the answer not the one asked for', async () => {
    const response = await postGraphQL(
      url,
      '{ customer(id: "1000001") { __typename: id ...F } } fragment F on Customer { email }',
      {},
      tokens.support_agent,
    );
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      {
        message: '"__typename" is not an alias a client may choose: names beginning with "__" are reserved',
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      },
    ]);
  });

  it('does not echo an x-purpose header that names no purpose', async () => {
    const response = await postGraphQL(url, '{ __typename }', {}, tokens.support_agent, { 'x-purpose': 'x'.repeat(5000) });
    expect(response.status).toBe(403);
    expect(response.body.errors).toEqual([
      { message: 'This token may not be used for the purpose asked for', extensions: { code: 'PURPOSE_NOT_ALLOWED' } },
    ]);
  });

  // 15. Floods the alias and directive limits must see.
  it.each([
    ['a __typename flood', `{ ${aliases(1000, (i) => `a${i}: __typename`)} }`, 'Aliases limit of 30 exceeded, found 1000.'],
    [
      'one fragment spread many times with directives',
      `{ customer(id: "1000001") { ${aliases(40, () => '...F @include(if: true)')} } } fragment F on Customer { id }`,
      'Directives limit of 20 exceeded, found 40.',
    ],
  ])('counts %s', async (_name, query, message) => {
    const response = await postGraphQL(url, query, {}, tokens.support_agent);
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      { message: `The operation exceeds the limits: ${message}`, extensions: { code: 'OPERATION_TOO_LARGE' } },
    ]);
  });

  // 17. Nothing the client did not ask for, in its order.
  it('answers exactly the keys the client selected, in its order, nothing the gateway fetched for itself', async () => {
    const withheld = await postGraphQL(url, '{ customer(id: "1000002") { segment } }', {}, tokens.support_agent);
    expect(withheld.body.data).toEqual({ customer: { segment: null } });
    const ordered = await postGraphQL(url, '{ customer(id: "1000002") { email segment name id } }', {}, tokens.support_agent);
    expect(Object.keys(ordered.body.data.customer)).toEqual(['email', 'segment', 'name', 'id']);
    expect(JSON.stringify(ordered.body)).not.toMatch(/_auditCustomerId|_protectionTypename|__typename/);
  });

  // 19. Only /graphql.
  it.each(['/graphql/foo', '/GRAPHQL', '/graphql/'])('is not a GraphQL endpoint at %s', async (route) => {
    const response = await fetch(new URL(route, url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.support_agent}` },
      body: '{"query":"{ __typename }"}',
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ errors: [{ message: 'Not found', extensions: { code: 'NOT_FOUND' } }] });
  });
});
