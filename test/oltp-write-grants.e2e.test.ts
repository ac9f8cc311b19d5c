import { randomBytes, randomUUID } from 'node:crypto';
import { connectDatabase, type Knex } from '../platform/database';
import { oltpWriteGrants } from '../systems/oltp/write-grants';
import { createTestSystems, type TestSystems } from './support/backends';
import { describeMysql } from './support/mysql';
import { postGraphQL, startTestStack, type TestStack, tokenFor } from './support/test-stack';

const ANSWER = 'kind replayed customer { id restriction { restricted erasureRequested } consents { topic granted } }';

describeMysql('the crm writes with no more than the documented grants (MariaDB)', () => {
  const name = `cgt_writer_${randomBytes(3).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  const user = `'${name}'@'%'`;
  let systems: TestSystems;
  let stack: TestStack;
  let root: Knex;
  let writer: Knex;
  let customerId: string;

  beforeAll(async () => {
    systems = await createTestSystems('mysql', 6);
    root = connectDatabase(systems.urls.oltp, { poolMax: 1 });
    await root.raw(`CREATE USER ${user} IDENTIFIED BY '${password}'`);
    const database = new URL(systems.urls.oltp).pathname.slice(1);
    for (const grant of oltpWriteGrants(database, user)) await root.raw(grant);
    const writeUrl = new URL(systems.urls.oltp);
    writeUrl.username = name;
    writeUrl.password = password;
    writer = connectDatabase(writeUrl.toString(), { poolMax: 1 });
    stack = await startTestStack(systems, { oltpWriteDatabaseUrl: writeUrl.toString() });
    const [row] = await root('customers').where({ processing_restricted: false }).whereNull('erasure_requested_at').orderBy('id').limit(1);
    customerId = String(row.id);
  });

  afterAll(async () => {
    await stack?.stop();
    await writer?.destroy();
    await root?.raw(`DROP USER IF EXISTS ${user}`);
    await root?.destroy();
    await systems?.drop();
  });

  const send = async (query: string, variables: Record<string, unknown>, role = 'dpo') => {
    const { body } = await postGraphQL(stack.gateway.url, query, variables, await tokenFor(role));
    return body;
  };

  it('runs every mutation, a replay and a refusal as that user', async () => {
    const args = '$id: ID!, $key: String!';
    const common = 'customerId: $id, reason: "Grants test", idempotencyKey: $key';
    const steps: Array<[string, string]> = [
      ['grantConsent', `mutation Grant(${args}) { grantConsent(${common}, topic: EMAIL) { ${ANSWER} } }`],
      ['withdrawConsent', `mutation Withdraw(${args}) { withdrawConsent(${common}, topic: EMAIL) { ${ANSWER} } }`],
      ['restrictProcessing', `mutation Restrict(${args}) { restrictProcessing(${common}) { ${ANSWER} } }`],
      ['liftRestriction', `mutation Lift(${args}) { liftRestriction(${common}) { ${ANSWER} } }`],
      ['requestErasure', `mutation Erase(${args}) { requestErasure(${common}) { ${ANSWER} } }`],
    ];
    const answers = [];
    for (const [field, query] of steps) {
      const body = await send(query, { id: customerId, key: `grants-${field}-${randomUUID()}` });
      expect({ field, errors: body.errors }).toEqual({ field, errors: undefined });
      answers.push([body.data[field].kind, body.data[field].customer.restriction]);
    }
    expect(answers).toEqual([
      ['GRANT_CONSENT', { restricted: false, erasureRequested: false }],
      ['WITHDRAW_CONSENT', { restricted: false, erasureRequested: false }],
      ['RESTRICT_PROCESSING', { restricted: true, erasureRequested: false }],
      ['LIFT_RESTRICTION', { restricted: false, erasureRequested: false }],
      ['REQUEST_ERASURE', { restricted: true, erasureRequested: true }],
    ]);
    const key = `grants-replay-${randomUUID()}`;
    const grant = `mutation Grant(${args}) { grantConsent(${common}, topic: SMS) { ${ANSWER} } }`;
    await send(grant, { id: customerId, key }, 'support_agent');
    const replay = await send(grant, { id: customerId, key }, 'support_agent');
    expect(replay.data.grantConsent.replayed).toBe(true);
    const unknown = await send(grant, { id: '9999999', key: `grants-${randomUUID()}` }, 'support_agent');
    expect(unknown.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([['There is no customer 9999999', 'BAD_USER_INPUT']]);
    expect(await root('data_subject_requests').where('customer_id', customerId).count({ n: '*' })).toEqual([{ n: 6 }]);
  });

  it('runs every front-line write, a replay and a refusal as that user', async () => {
    const [row] = await root('customers')
      .where({ processing_restricted: false })
      .whereNull('erasure_requested_at')
      .orderBy('id', 'desc')
      .limit(1);
    const id = String(row.id);
    const interaction = 'id status resolution handlingCost { amount currency }';
    const logKey = `grants-log-${randomUUID()}`;
    const log = `mutation Log($id: ID!, $key: String!) {
      logContact(customerId: $id, idempotencyKey: $key, input: {
        kind: SUPPORT_CASE, channel: "chat", businessUnit: "energy", subject: "Meter reading",
        handlingCost: { amount: "3.40", currency: "EUR" }
      }) { ${interaction} }
    }`;
    const logged = await send(log, { id, key: logKey }, 'support_agent');
    expect(logged.errors).toBeUndefined();
    expect(logged.data.logContact).toMatchObject({ status: 'OPEN', resolution: null, handlingCost: { amount: '3.40', currency: 'EUR' } });
    const resolved = await send(
      `mutation Resolve($id: ID!, $case: ID!, $key: String!) {
        resolveCase(
          customerId: $id, interactionId: $case, status: RESOLVED, resolution: "Reading corrected", idempotencyKey: $key
        ) { ${interaction} }
      }`,
      { id, case: logged.data.logContact.id, key: `grants-${randomUUID()}` },
      'support_agent',
    );
    expect(resolved.errors).toBeUndefined();
    expect(resolved.data.resolveCase).toMatchObject({ status: 'RESOLVED', resolution: 'Reading corrected' });
    const offered = await send(
      `mutation Offer($id: ID!, $key: String!) {
        recordOffer(customerId: $id, product: "Solar tariff", channel: "email", idempotencyKey: $key) { id response }
      }`,
      { id, key: `grants-${randomUUID()}` },
      'sales_rep',
    );
    expect(offered.errors).toBeUndefined();
    const answered = await send(
      `mutation Answer($id: ID!, $offer: ID!, $key: String!) {
        recordOfferResponse(customerId: $id, offerId: $offer, response: ACCEPTED, idempotencyKey: $key) { id response }
      }`,
      { id, offer: offered.data.recordOffer.id, key: `grants-${randomUUID()}` },
      'sales_rep',
    );
    expect(answered.errors).toBeUndefined();
    expect(answered.data.recordOfferResponse).toEqual({ id: offered.data.recordOffer.id, response: 'ACCEPTED' });
    const replay = await send(log, { id, key: logKey }, 'support_agent');
    expect(replay).toEqual(logged);
    const unknown = await send(log, { id: '9999999', key: `grants-${randomUUID()}` }, 'support_agent');
    expect(unknown.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([['There is no customer 9999999', 'BAD_USER_INPUT']]);
    expect(await root('front_line_writes').where('customer_id', id).count({ n: '*' })).toEqual([{ n: 4 }]);
  });

  it('may not delete, nor change any other column or table', async () => {
    const denied = async (work: () => Promise<unknown>) => {
      try {
        await work();
        return 'allowed';
      } catch (error) {
        return (error as { code?: string }).code;
      }
    };
    expect(await denied(() => writer('consents').where('customer_id', customerId).del())).toBe('ER_TABLEACCESS_DENIED_ERROR');
    expect(await denied(() => writer('data_subject_requests').where('customer_id', customerId).del())).toBe('ER_TABLEACCESS_DENIED_ERROR');
    expect(await denied(() => writer('data_subject_requests').update({ reason: 'changed' }))).toBe('ER_TABLEACCESS_DENIED_ERROR');
    expect(await denied(() => writer('customers').where('id', customerId).update({ email: 'x@example.com' }))).toBe(
      'ER_COLUMNACCESS_DENIED_ERROR',
    );
    expect(await denied(() => writer('orders').select('id').limit(1))).toBe('ER_TABLEACCESS_DENIED_ERROR');
    expect(await denied(() => writer('interactions').where('customer_id', customerId).del())).toBe('ER_TABLEACCESS_DENIED_ERROR');
    expect(await denied(() => writer('offers').where('customer_id', customerId).del())).toBe('ER_TABLEACCESS_DENIED_ERROR');
    expect(await denied(() => writer('interactions').where('customer_id', customerId).update({ handling_cost: 0 }))).toBe(
      'ER_COLUMNACCESS_DENIED_ERROR',
    );
    expect(await denied(() => writer('interactions').where('customer_id', customerId).update({ customer_id: 1 }))).toBe(
      'ER_COLUMNACCESS_DENIED_ERROR',
    );
    expect(await denied(() => writer('offers').where('customer_id', customerId).update({ product: 'changed' }))).toBe(
      'ER_COLUMNACCESS_DENIED_ERROR',
    );
    expect(await denied(() => writer('front_line_writes').update({ answer: 'changed' }))).toBe('ER_TABLEACCESS_DENIED_ERROR');
    expect(await denied(() => writer('front_line_writes').del())).toBe('ER_TABLEACCESS_DENIED_ERROR');
    expect(await denied(() => writer('customers').select('id').limit(1))).toBe('allowed');
  });

  it('writes the front line over that connection: without the log grant nothing of a contact is written', async () => {
    const database = new URL(systems.urls.oltp).pathname.slice(1);
    await root.raw(`REVOKE INSERT ON \`${database}\`.front_line_writes FROM ${user}`);
    try {
      const before = await root('interactions').where('customer_id', customerId).count({ n: '*' });
      const body = await send(
        `mutation Log($id: ID!, $key: String!) {
          logContact(customerId: $id, idempotencyKey: $key, input: {
            kind: ENQUIRY, channel: "email", businessUnit: "retail", subject: "Invoice copy",
            handlingCost: { amount: "4.00", currency: "EUR" }
          }) { id }
        }`,
        { id: customerId, key: `grants-${randomUUID()}` },
        'support_agent',
      );
      expect(body.data).toEqual({ logContact: null });
      expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['INTERNAL_SERVER_ERROR']);
      expect(JSON.stringify(body)).not.toMatch(/INSERT|denied|front_line_writes/i);
      // The interaction and its log row are one transaction: neither is there.
      expect(await root('interactions').where('customer_id', customerId).count({ n: '*' })).toEqual(before);
    } finally {
      await root.raw(`GRANT INSERT ON \`${database}\`.front_line_writes TO ${user}`);
    }
  });

  it('writes over that connection: without one of the grants the mutation fails, whole, and says nothing of SQL', async () => {
    const database = new URL(systems.urls.oltp).pathname.slice(1);
    await root.raw(`REVOKE INSERT ON \`${database}\`.data_subject_requests FROM ${user}`);
    try {
      const [other] = await root('customers')
        .where({ processing_restricted: false })
        .whereNull('erasure_requested_at')
        .orderBy('id', 'desc');
      const before = await root('consents').where({ customer_id: other.id, topic: 'post' }).first('granted');
      const body = await send(
        `mutation Withdraw($id: ID!, $key: String!) {
          withdrawConsent(customerId: $id, topic: POST, reason: "x", idempotencyKey: $key) { kind }
        }`,
        { id: String(other.id), key: `grants-${randomUUID()}` },
      );
      expect(body.data).toEqual({ withdrawConsent: null });
      expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['INTERNAL_SERVER_ERROR']);
      expect(JSON.stringify(body)).not.toMatch(/INSERT|denied|data_subject_requests/i);
      // The consent change and the request log row are one transaction: neither is there.
      expect(await root('consents').where({ customer_id: other.id, topic: 'post' }).first('granted')).toEqual(before);
    } finally {
      await root.raw(`GRANT INSERT ON \`${database}\`.data_subject_requests TO ${user}`);
    }
  });
});
