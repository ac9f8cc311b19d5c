import { createHash, randomUUID } from 'node:crypto';
import { loadGoldenTable } from '../policy/access-golden';
import { loadPolicy } from '../policy/policy';
import { connectDatabase, type Knex } from '../platform/database';
import { type Backend, createTestSystems, type TestSystems, testBackends } from './support/backends';
import { type GraphQLResponse, postGraphQL, postToSubgraph, startTestStack, type TestStack, tokenFor } from './support/test-stack';

const INTERACTION = 'id kind channel businessUnit occurredAt subject handlingCost { amount currency } status resolution';
const OFFER = 'id product channel offeredAt response respondedAt';

const LOG_CONTACT = `mutation LogContact($customerId: ID!, $input: LogContactInput!, $key: String!) {
  logContact(customerId: $customerId, input: $input, idempotencyKey: $key) { ${INTERACTION} }
}`;
const RESOLVE = `mutation Resolve($customerId: ID!, $interactionId: ID!, $status: InteractionStatus!, $resolution: String!, $key: String!) {
  resolveCase(customerId: $customerId, interactionId: $interactionId, status: $status, resolution: $resolution, idempotencyKey: $key) {
    ${INTERACTION}
  }
}`;
const OFFER_MADE = `mutation Offer($customerId: ID!, $product: String!, $channel: String!, $key: String!) {
  recordOffer(customerId: $customerId, product: $product, channel: $channel, idempotencyKey: $key) { ${OFFER} }
}`;
const OFFER_ANSWERED = `mutation Answer($customerId: ID!, $offerId: ID!, $response: OfferResponse!, $key: String!) {
  recordOfferResponse(customerId: $customerId, offerId: $offerId, response: $response, idempotencyKey: $key) { ${OFFER} }
}`;
const INTERACTIONS = `query Interactions($id: ID!) { customer(id: $id) { interactions(first: 50) { ${INTERACTION} } } }`;
const OFFERS = `query Offers($id: ID!) { customer(id: $id) { offers(first: 50) { ${OFFER} } } }`;

const COMPLAINT = {
  kind: 'COMPLAINT',
  channel: 'phone',
  businessUnit: 'telecom',
  subject: 'Router drops the line every evening',
  handlingCost: { amount: '12.5', currency: 'EUR' },
};

const key = () => `front-${randomUUID()}`;
const errorsOf = (response: GraphQLResponse) => (response.body.errors ?? []).map((e) => [e.message, e.extensions?.code]);

/** The golden table's rows for the front line's mutations: who may send each. */
const FRONT_LINE = ['logContact', 'resolveCase', 'recordOffer', 'recordOfferResponse'];
const MUTATION_ROWS = loadGoldenTable()
  .filter((row) => FRONT_LINE.some((name) => row.coordinate === `Mutation.${name}`))
  .map((row) => [`${row.role}/${row.purpose}`, row.coordinate, row.outcome, row] as const);

describe.each(testBackends())('front-line writes through the gateway, on %s', (backend: Backend) => {
  let systems: TestSystems;
  let stack: TestStack;
  let oltp: Knex;
  let tokens: Record<'support' | 'sales' | 'dpo' | 'marketing' | 'risk', string>;
  /** Customers with no restriction, each used by one test. */
  let free: string[];

  beforeAll(async () => {
    systems = await createTestSystems(backend, 40);
    stack = await startTestStack(systems);
    oltp = connectDatabase(systems.urls.oltp);
    tokens = {
      support: await tokenFor('support_agent'),
      sales: await tokenFor('sales_rep'),
      dpo: await tokenFor('dpo'),
      marketing: await tokenFor('marketing'),
      risk: await tokenFor('risk_officer'),
    };
    const rows = await oltp('customers')
      .where({ processing_restricted: false })
      .whereNull('erasure_requested_at')
      .orderBy('id')
      .select('id');
    free = rows.map((row) => String(row.id));
    expect(free.length).toBeGreaterThanOrEqual(12);
  });

  afterAll(async () => {
    await oltp?.destroy();
    await stack?.stop();
    await systems?.drop();
  });

  const send = (token: string, query: string, variables: Record<string, unknown>) =>
    postGraphQL(stack.gateway.url, query, variables, token);
  const logged = async (idempotencyKey: string) =>
    Number((await oltp('front_line_writes').where('idempotency_key', idempotencyKey).count({ n: '*' }))[0].n);
  const count = async (table: 'interactions' | 'offers', customerId: string) =>
    Number((await oltp(table).where('customer_id', customerId).count({ n: '*' }))[0].n);

  it('lets a support agent log a complaint and resolve it, and a sales rep then read how it was resolved', async () => {
    const customerId = free[0];
    const logKey = key();
    const opened = await send(tokens.support, LOG_CONTACT, { customerId, input: COMPLAINT, key: logKey });
    expect(opened.body.errors).toBeUndefined();
    const interaction = opened.body.data.logContact;
    expect(interaction).toEqual({
      id: expect.stringMatching(/^\d+$/),
      kind: 'COMPLAINT',
      channel: 'phone',
      businessUnit: 'telecom',
      occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.000)?Z$/),
      subject: 'Router drops the line every evening',
      handlingCost: { amount: '12.50', currency: 'EUR' },
      status: 'OPEN',
      resolution: null,
    });
    expect(Date.now() - Date.parse(interaction.occurredAt)).toBeLessThan(60_000);
    // The next read of the crm's list shows it, newest first.
    const listed = await send(tokens.support, INTERACTIONS, { id: customerId });
    expect(listed.body.data.customer.interactions[0]).toEqual(interaction);

    const resolved = await send(tokens.support, RESOLVE, {
      customerId,
      interactionId: interaction.id,
      status: 'RESOLVED',
      resolution: 'Router replaced; line stable for a week',
      key: key(),
    });
    expect(resolved.body.errors).toBeUndefined();
    expect(resolved.body.data.resolveCase).toEqual({
      ...interaction,
      status: 'RESOLVED',
      resolution: 'Router replaced; line stable for a week',
    });

    const seenBySales = await send(tokens.sales, INTERACTIONS, { id: customerId });
    expect(seenBySales.body.errors).toBeUndefined();
    expect(seenBySales.body.data.customer.interactions.find((i: { id: string }) => i.id === interaction.id)).toEqual({
      ...interaction,
      status: 'RESOLVED',
      resolution: 'Router replaced; line stable for a week',
    });
    expect(await logged(logKey)).toBe(1);
  });

  it('shows offers recorded and answered in `offers` at once: turned down one, interested in another', async () => {
    const customerId = free[1];
    const made = [];
    for (const product of ['Fibre 1000', 'Home insurance']) {
      const response = await send(tokens.sales, OFFER_MADE, { customerId, product, channel: 'phone', key: key() });
      expect(response.body.errors).toBeUndefined();
      made.push(response.body.data.recordOffer);
    }
    expect(made.map((o) => [o.product, o.channel, o.response, o.respondedAt])).toEqual([
      ['Fibre 1000', 'phone', null, null],
      ['Home insurance', 'phone', null, null],
    ]);
    const declined = await send(tokens.sales, OFFER_ANSWERED, { customerId, offerId: made[0].id, response: 'DECLINED', key: key() });
    const interested = await send(tokens.sales, OFFER_ANSWERED, { customerId, offerId: made[1].id, response: 'INTERESTED', key: key() });
    expect([declined.body.errors, interested.body.errors]).toEqual([undefined, undefined]);
    expect(declined.body.data.recordOfferResponse).toEqual({ ...made[0], response: 'DECLINED', respondedAt: expect.any(String) });

    const offers = await send(tokens.sales, OFFERS, { id: customerId });
    expect(offers.body.errors).toBeUndefined();
    const byId = new Map(offers.body.data.customer.offers.map((o: { id: string }) => [o.id, o]));
    expect([byId.get(made[0].id), byId.get(made[1].id)]).toEqual([
      declined.body.data.recordOfferResponse,
      interested.body.data.recordOfferResponse,
    ]);
    // INTERESTED may still become ACCEPTED; DECLINED is final.
    const accepted = await send(tokens.sales, OFFER_ANSWERED, { customerId, offerId: made[1].id, response: 'ACCEPTED', key: key() });
    expect(accepted.body.data.recordOfferResponse.response).toBe('ACCEPTED');
    const changed = await send(tokens.sales, OFFER_ANSWERED, { customerId, offerId: made[0].id, response: 'ACCEPTED', key: key() });
    expect(errorsOf(changed)).toEqual([[`Offer ${made[0].id} was declined already: that answer is final`, 'BAD_USER_INPUT']]);
  });

  it('answers a replay with the first answer, writing nothing again; the key with other arguments is refused', async () => {
    const customerId = free[2];
    const idempotencyKey = key();
    const offersBefore = await count('offers', customerId);
    const first = await send(tokens.support, LOG_CONTACT, { customerId, input: COMPLAINT, key: idempotencyKey });
    const before = await count('interactions', customerId);
    const again = await send(tokens.support, LOG_CONTACT, { customerId, input: COMPLAINT, key: idempotencyKey });
    expect(again.body).toEqual(first.body);
    expect(await count('interactions', customerId)).toBe(before);

    // Resolved since, the replay of the logging still answers as the first call did.
    const resolveKey = key();
    const resolveVariables = {
      customerId,
      interactionId: first.body.data.logContact.id,
      status: 'CLOSED',
      resolution: 'No fault found',
      key: resolveKey,
    };
    const resolved = await send(tokens.support, RESOLVE, resolveVariables);
    expect(resolved.body.data.resolveCase.status).toBe('CLOSED');
    expect((await send(tokens.support, LOG_CONTACT, { customerId, input: COMPLAINT, key: idempotencyKey })).body).toEqual(first.body);
    expect((await send(tokens.support, RESOLVE, resolveVariables)).body).toEqual(resolved.body);
    // Resolving again with a new key: it is closed already.
    const twice = await send(tokens.support, RESOLVE, { ...resolveVariables, key: key() });
    expect(errorsOf(twice)).toEqual([
      [`Interaction ${first.body.data.logContact.id} is closed already: only an open one is resolved`, 'BAD_USER_INPUT'],
    ]);

    const reused = 'This idempotency key was already used for a different request: send a new key for a new request';
    const otherSubject = await send(tokens.support, LOG_CONTACT, {
      customerId,
      input: { ...COMPLAINT, subject: 'Other' },
      key: idempotencyKey,
    });
    const otherCustomer = await send(tokens.support, LOG_CONTACT, { customerId: free[3], input: COMPLAINT, key: idempotencyKey });
    const otherMutation = await send(tokens.sales, OFFER_MADE, {
      customerId,
      product: 'Fibre 1000',
      channel: 'email',
      key: idempotencyKey,
    });
    // The same request by another caller is not theirs to replay.
    const otherCaller = await send(tokens.dpo, LOG_CONTACT, { customerId, input: COMPLAINT, key: idempotencyKey });
    for (const refused of [otherSubject, otherCustomer, otherMutation, otherCaller])
      expect([refused.body.data, errorsOf(refused)]).toEqual([expect.any(Object), [[reused, 'BAD_USER_INPUT']]]);
    expect([await count('interactions', customerId), await count('offers', customerId)]).toEqual([before, offersBefore]);
    expect(await logged(idempotencyKey)).toBe(1);
  });

  it('two calls racing with one key leave one interaction, and both answer it', async () => {
    const customerId = free[4];
    const idempotencyKey = key();
    const before = await count('interactions', customerId);
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => send(tokens.support, LOG_CONTACT, { customerId, input: COMPLAINT, key: idempotencyKey })),
    );
    expect(new Set(answers.map((a) => JSON.stringify(a.body)))).toHaveProperty('size', 1);
    expect(await count('interactions', customerId)).toBe(before + 1);
    // Different keys racing: each gets an interaction of its own (no id is taken twice).
    const many = await Promise.all(
      Array.from({ length: 4 }, () => send(tokens.support, LOG_CONTACT, { customerId, input: COMPLAINT, key: key() })),
    );
    expect(many.map((a) => a.body.errors)).toEqual([undefined, undefined, undefined, undefined]);
    expect(new Set(many.map((a) => a.body.data.logContact.id))).toHaveProperty('size', 4);
    expect(await count('interactions', customerId)).toBe(before + 5);
  });

  it('refuses bad input with BAD_USER_INPUT and a message, writing nothing', async () => {
    const customerId = free[5];
    const [other] = await oltp('interactions').whereNot('customer_id', customerId).orderBy('id').limit(1);
    const [otherOffer] = await oltp('offers').whereNot('customer_id', customerId).orderBy('id').limit(1);
    const cases: Array<[string, string, Record<string, unknown>, string]> = [
      [LOG_CONTACT, 'support', { customerId: '12 OR 1=1', input: COMPLAINT }, 'customerId must be a CRM customer number (digits)'],
      [LOG_CONTACT, 'support', { customerId: '99999999', input: COMPLAINT }, 'There is no customer 99999999'],
      [
        LOG_CONTACT,
        'support',
        { customerId, input: { ...COMPLAINT, channel: 'fax' } },
        'input.channel must be one of phone, email, chat, store',
      ],
      [
        LOG_CONTACT,
        'support',
        { customerId, input: { ...COMPLAINT, businessUnit: 'x' } },
        'input.businessUnit must be one of retail, telecom, energy, insurance',
      ],
      [LOG_CONTACT, 'support', { customerId, input: { ...COMPLAINT, subject: '   ' } }, 'input.subject must not be blank'],
      [
        LOG_CONTACT,
        'support',
        { customerId, input: { ...COMPLAINT, subject: 'x'.repeat(161) } },
        'input.subject must be at most 160 characters',
      ],
      [
        LOG_CONTACT,
        'support',
        { customerId, input: { ...COMPLAINT, subject: 'a\u0000b' } },
        'input.subject must not contain control characters',
      ],
      ...['-1.00', '1e3', '1.234', '100000000', ' 5', 'NaN', ''].map(
        (amount) =>
          [
            LOG_CONTACT,
            'support',
            { customerId, input: { ...COMPLAINT, handlingCost: { amount, currency: 'EUR' } } },
            'input.handlingCost.amount must be a decimal string, not negative, with at most two places and below 100000000 (e.g. "12.50")',
          ] as [string, string, Record<string, unknown>, string],
      ),
      [
        LOG_CONTACT,
        'support',
        { customerId, input: { ...COMPLAINT, handlingCost: { amount: '5.00', currency: 'USD' } } },
        'input.handlingCost.currency must be EUR: the CRM records costs in euros',
      ],
      [
        RESOLVE,
        'support',
        { customerId, interactionId: String(other.id), status: 'RESOLVED', resolution: 'Not mine' },
        `Customer ${customerId} has no interaction ${other.id}`,
      ],
      [
        RESOLVE,
        'support',
        { customerId, interactionId: '987654321', status: 'RESOLVED', resolution: 'None' },
        `Customer ${customerId} has no interaction 987654321`,
      ],
      [
        RESOLVE,
        'support',
        { customerId, interactionId: 'abc', status: 'RESOLVED', resolution: 'x' },
        'interactionId must be a CRM record number (digits)',
      ],
      [
        RESOLVE,
        'support',
        { customerId, interactionId: String(other.id), status: 'OPEN', resolution: 'x' },
        'status must be RESOLVED or CLOSED: a case is resolved or closed',
      ],
      [
        RESOLVE,
        'support',
        { customerId, interactionId: '1', status: 'RESOLVED', resolution: 'x'.repeat(241) },
        'resolution must be at most 240 characters',
      ],
      [OFFER_MADE, 'sales', { customerId, product: '', channel: 'email' }, 'product must not be blank'],
      [OFFER_MADE, 'sales', { customerId, product: 'x'.repeat(81), channel: 'email' }, 'product must be at most 80 characters'],
      [OFFER_MADE, 'sales', { customerId, product: 'Fibre 1000', channel: 'chat' }, 'channel must be one of email, phone, post, store'],
      [
        OFFER_ANSWERED,
        'sales',
        { customerId, offerId: String(otherOffer.id), response: 'ACCEPTED' },
        `Customer ${customerId} has no offer ${otherOffer.id}`,
      ],
    ];
    const before = [await count('interactions', customerId), await count('offers', customerId)];
    const interactionOfOther = await oltp('interactions').where('id', other.id).first('status', 'resolution');
    const answers = [];
    for (const [query, who, variables] of cases) {
      const response = await send(tokens[who as 'support' | 'sales'], query, { ...variables, key: key() });
      answers.push(errorsOf(response));
    }
    expect(answers).toEqual(cases.map(([, , , message]) => [[message, 'BAD_USER_INPUT']]));
    // A bad key, and an enum outside the crm's: refused before anything runs.
    const badKey = await send(tokens.support, LOG_CONTACT, { customerId, input: COMPLAINT, key: 'has space' });
    expect(errorsOf(badKey)).toEqual([['idempotencyKey must be 1 to 100 letters, digits, ".", "_", ":" or "-"', 'BAD_USER_INPUT']]);
    const badKind = await send(tokens.support, LOG_CONTACT, { customerId, input: { ...COMPLAINT, kind: 'PRAISE' }, key: key() });
    expect(badKind.body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect([await count('interactions', customerId), await count('offers', customerId)]).toEqual(before);
    expect(await oltp('interactions').where('id', other.id).first('status', 'resolution')).toEqual(interactionOfOther);
    expect(Number((await oltp('front_line_writes').where('customer_id', customerId).count({ n: '*' }))[0].n)).toBe(0);
  });

  it('refuses offers for a customer whose processing is restricted; contacts are still logged', async () => {
    const customerId = free[6];
    const restricted = await send(
      tokens.dpo,
      'mutation R($id: ID!, $key: String!) { ' +
        'restrictProcessing(customerId: $id, reason: "Disputed accuracy", idempotencyKey: $key) { id } }',
      { id: customerId, key: key() },
    );
    expect(restricted.body.errors).toBeUndefined();
    const offer = await send(tokens.sales, OFFER_MADE, { customerId, product: 'Fibre 1000', channel: 'email', key: key() });
    expect(errorsOf(offer)).toEqual([["Processing of this customer's data is restricted", 'PROCESSING_RESTRICTED']]);
    const contact = await send(tokens.support, LOG_CONTACT, { customerId, input: COMPLAINT, key: key() });
    expect(contact.body.errors).toBeUndefined();
  });

  it.each(MUTATION_ROWS)('%s sending %s: %s, as the golden table says', async (_who, coordinate, outcome, row) => {
    const field = coordinate.split('.')[1];
    const partner = loadPolicy().roles[row.role].clientKind === 'partner';
    const customerId = free[7];
    const token = await tokenFor(row.role, { purpose: row.purpose });
    const [interaction] = await oltp('interactions').where({ customer_id: customerId, status: 'open' }).orderBy('id', 'desc').limit(1);
    const [offer] = await oltp('offers').where('customer_id', customerId).whereNull('response').orderBy('id', 'desc').limit(1);
    const variables: Record<string, Record<string, unknown>> = {
      logContact: { customerId, input: COMPLAINT },
      resolveCase: { customerId, interactionId: String(interaction?.id ?? 1), status: 'RESOLVED', resolution: 'Golden table' },
      recordOffer: { customerId, product: 'Golden table', channel: 'email' },
      recordOfferResponse: { customerId, offerId: String(offer?.id ?? 1), response: 'INTERESTED' },
    };
    const query = { logContact: LOG_CONTACT, resolveCase: RESOLVE, recordOffer: OFFER_MADE, recordOfferResponse: OFFER_ANSWERED }[field]!;
    // Something to resolve or answer, written by a role that may.
    if (field === 'resolveCase' && !interaction) await send(tokens.support, LOG_CONTACT, { ...variables.logContact, key: key() });
    if (field === 'recordOfferResponse' && !offer) await send(tokens.sales, OFFER_MADE, { ...variables.recordOffer, key: key() });
    if (field === 'resolveCase' && !interaction) {
      const [made] = await oltp('interactions').where({ customer_id: customerId, status: 'open' }).orderBy('id', 'desc').limit(1);
      variables.resolveCase.interactionId = String(made.id);
    }
    if (field === 'recordOfferResponse' && !offer) {
      const [made] = await oltp('offers').where('customer_id', customerId).whereNull('response').orderBy('id', 'desc').limit(1);
      variables.recordOfferResponse.offerId = String(made.id);
    }
    const idempotencyKey = key();
    const response = await send(token, query, { ...variables[field], key: idempotencyKey });
    if (outcome === 'visible') {
      expect({ errors: response.body.errors, id: response.body.data[field]?.id }).toEqual({
        errors: undefined,
        id: expect.stringMatching(/^\d+$/),
      });
      expect(await logged(idempotencyKey)).toBe(1);
    } else {
      if (partner) expect([response.status, errorsOf(response).map(([, code]) => code)]).toEqual([400, ['PERSISTED_QUERY_REQUIRED']]);
      else expect([response.body.data, errorsOf(response)]).toEqual([{ [field]: null }, [[`You may not send ${coordinate}`, 'FORBIDDEN']]]);
      expect(await logged(idempotencyKey)).toBe(0);
    }
    expect(outcome).toMatch(/^(visible|forbidden)$/);
  });

  it('is refused by the crm itself to a caller without the scope or the purpose, called directly', async () => {
    const customerId = free[11];
    const call = async (scopes: string[], purpose: string, query: string) => {
      const caller = { subject: 'someone', clientId: 'direct', clientKind: 'first-party' as const, scopes, purpose };
      return (await postToSubgraph(stack.crm.url, 'crm', caller, query)).body;
    };
    const contact =
      'input: { kind: ENQUIRY, channel: "email", businessUnit: "retail", subject: "x", ' +
      'handlingCost: { amount: "1", currency: "EUR" } }';
    const cases = [
      ['logContact', contact, ['offer:write', 'interaction:read'], 'customer_service'],
      ['logContact', contact, ['interaction:write'], 'sales'],
      ['resolveCase', 'interactionId: "1", status: RESOLVED, resolution: "x"', ['consent:write'], 'customer_service'],
      ['recordOffer', 'product: "x", channel: "email"', ['interaction:write', 'commerce:read'], 'sales'],
      ['recordOffer', 'product: "x", channel: "email"', ['offer:write'], 'marketing'],
      ['recordOfferResponse', 'offerId: "1", response: ACCEPTED', ['offer:write'], 'customer_service'],
    ] as const;
    for (const [field, args, scopes, purpose] of cases) {
      const body = await call(
        [...scopes],
        purpose,
        `mutation { ${field}(customerId: "${customerId}", ${args}, idempotencyKey: "${key()}") { id } }`,
      );
      expect({ field, scopes, purpose, data: body.data, codes: body.errors?.map((e) => e.extensions?.code) }).toEqual({
        field,
        scopes,
        purpose,
        data: { [field]: null },
        codes: ['FORBIDDEN'],
      });
    }
    expect(Number((await oltp('front_line_writes').where('customer_id', customerId).count({ n: '*' }))[0].n)).toBe(0);
  });

  it('refuses a front-line mutation sent over GET with 405 and never runs it', async () => {
    const idempotencyKey = key();
    const query =
      `mutation { recordOffer(customerId: "${free[8]}", product: "Fibre 1000", channel: "email", ` +
      `idempotencyKey: "${idempotencyKey}") { id } }`;
    const get = async (params: Record<string, string>) => {
      const url = new URL(stack.gateway.url);
      for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
      const response = await fetch(url, { headers: { authorization: `Bearer ${tokens.sales}`, 'apollo-require-preflight': 'true' } });
      return { status: response.status, body: (await response.json()) as GraphQLResponse['body'] };
    };
    const plain = await get({ query });
    expect([plain.status, plain.body.errors?.map((e) => [e.message, e.extensions?.code])]).toEqual([
      405,
      [['GET requests only support query operations, not mutation operations', 'BAD_REQUEST']],
    ]);
    const hash = createHash('sha256').update(query).digest('hex');
    const apq = await get({ query, extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hash } }) });
    expect([apq.status, apq.body.errors?.map((e) => e.extensions?.code)]).toEqual([405, ['BAD_REQUEST']]);
    expect(await logged(idempotencyKey)).toBe(0);
  });

  it('records each write in the audit trail as kind WRITE, the refused ones too', async () => {
    const customerId = free[9];
    const opened = await send(tokens.support, LOG_CONTACT, { customerId, input: COMPLAINT, key: key() });
    const resolved = await send(tokens.support, RESOLVE, {
      customerId,
      interactionId: opened.body.data.logContact.id,
      status: 'RESOLVED',
      resolution: 'Refund issued',
      key: key(),
    });
    const offered = await send(tokens.sales, OFFER_MADE, { customerId, product: 'Solar tariff', channel: 'post', key: key() });
    const answered = await send(tokens.sales, OFFER_ANSWERED, {
      customerId,
      offerId: offered.body.data.recordOffer.id,
      response: 'INTERESTED',
      key: key(),
    });
    const refused = await send(tokens.marketing, OFFER_MADE, { customerId, product: 'Solar tariff', channel: 'post', key: key() });
    expect([opened, resolved, offered, answered].map((r) => r.body.errors)).toEqual([undefined, undefined, undefined, undefined]);
    expect(errorsOf(refused)).toEqual([['You may not send Mutation.recordOffer', 'FORBIDDEN']]);
    await stack.gateway.audit.flush();
    const trail = await send(
      tokens.dpo,
      `query Writes($customerId: String) {
        accessLog(first: 10, kind: WRITE, customerId: $customerId) {
          nodes { kind subject purpose operationName customerIds fields denied }
        }
      }`,
      { customerId },
    );
    expect(trail.body.errors).toBeUndefined();
    const write = (subject: string, purpose: string, operationName: string, coordinate: string, done: boolean) => ({
      kind: 'write',
      subject,
      purpose,
      operationName,
      customerIds: [customerId],
      fields: done ? [coordinate] : [],
      denied: done ? [] : [coordinate],
    });
    expect(trail.body.data.accessLog.nodes).toEqual([
      write('marketing@example.com', 'marketing', 'Offer', 'Mutation.recordOffer', false),
      write('sales_rep@example.com', 'sales', 'Answer', 'Mutation.recordOfferResponse', true),
      write('sales_rep@example.com', 'sales', 'Offer', 'Mutation.recordOffer', true),
      write('support_agent@example.com', 'customer_service', 'Resolve', 'Mutation.resolveCase', true),
      write('support_agent@example.com', 'customer_service', 'LogContact', 'Mutation.logContact', true),
    ]);
  });

  it('leaves the warehouse figures to its next load: costToServe does not change with a contact logged', async () => {
    const customerId = free[10];
    const cost = `query Cost($id: ID!) { customer(id: $id) { costToServe(months: 24) { months total { amount currency } } } }`;
    const before = await send(tokens.dpo, cost, { id: customerId });
    expect(before.body.errors).toBeUndefined();
    const opened = await send(tokens.support, LOG_CONTACT, {
      customerId,
      input: { ...COMPLAINT, handlingCost: { amount: '500.00', currency: 'EUR' } },
      key: key(),
    });
    expect(opened.body.errors).toBeUndefined();
    expect((await send(tokens.dpo, cost, { id: customerId })).body).toEqual(before.body);
    expect((await send(tokens.support, INTERACTIONS, { id: customerId })).body.data.customer.interactions[0].id).toBe(
      opened.body.data.logContact.id,
    );
  });
});
