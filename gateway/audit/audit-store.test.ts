import { connectDatabase, type Knex } from '../../platform/database';
import { AccessLogRepository } from '../../subgraphs/privacy/access-log.repository';
import { storeBackends } from '../../test/support/mysql';
import { AuditStore } from './audit-store';
import { freshStoreDatabase } from '../../test/support/store-database';

const BASE = {
  at: '2026-11-01T09:00:00.000Z',
  subject: 'agent@example.com',
  clientId: 'support-agent-app',
  clientKind: 'first-party',
  purpose: 'customer_service',
  operationName: 'Lookup',
  operationHash: 'a'.repeat(64),
} as const;

/** `Type.field0` … `Type.field<n-1>`. */
const coordinatesOf = (type: string, n: number) => Array.from({ length: n }, (_, i) => `${type}.field${i}`);

describe.each(storeBackends())('audit store on %s', (backend) => {
  const fresh = freshStoreDatabase(backend, 'audit_store');
  let db: Knex;
  let store: AuditStore;
  let repository: AccessLogRepository;

  beforeEach(async () => {
    ({ db } = fresh);
    store = new AuditStore(db);
    repository = new AccessLogRepository(db);
  });

  it('stores a read of 700 customers whole, and reads it back per customer and across customers', async () => {
    // 7 aliases × customers(first: 100): what once overflowed a TEXT column of response paths.
    const customers = Array.from({ length: 700 }, (_, i) => ({
      customerId: String(1000000 + i),
      returned: coordinatesOf('Customer', 40),
      masked: i % 2 === 0 ? coordinatesOf('Customer', 20) : [],
      denied: coordinatesOf('Order', 40),
    }));
    await store.append([
      {
        ...BASE,
        key: 'k-700',
        kind: 'read',
        requestId: 'gw-700',
        clientRequestId: 'client-700',
        refusal: null,
        returned: ['Query.accessLog'],
        masked: [],
        denied: [],
        customers,
      },
    ]);

    const [entry] = await repository.search({ limit: 10 });
    expect(entry.customers).toHaveLength(700);
    expect(entry.customerIds).toHaveLength(700);
    expect(entry.customerIds!.slice(0, 2)).toEqual(['1000000', '1000001']);
    expect(entry.customers[0]).toEqual(customers[0]);
    expect(entry.customers[699]).toEqual({
      customerId: '1000699',
      returned: coordinatesOf('Customer', 40),
      masked: [],
      denied: coordinatesOf('Order', 40),
    });
    expect(entry.fields).toEqual(['Query.accessLog', ...coordinatesOf('Customer', 40)]);
    expect(entry.masked).toEqual(coordinatesOf('Customer', 20));
    expect(entry.denied).toEqual(coordinatesOf('Order', 40));
    expect(entry.maskedPaths).toEqual(entry.masked);
    expect(entry).toMatchObject({
      kind: 'read',
      requestId: 'gw-700',
      clientRequestId: 'client-700',
      refusal: null,
      operationName: 'Lookup',
    });

    const [even, odd] = await repository.newestForCustomers(['1000498', '1000699'], 5);
    expect(even).toMatchObject({
      customerId: '1000498',
      requestId: 'gw-700',
      fields: coordinatesOf('Customer', 40),
      masked: coordinatesOf('Customer', 20),
      denied: coordinatesOf('Order', 40),
      customers: [
        {
          customerId: '1000498',
          returned: coordinatesOf('Customer', 40),
          masked: coordinatesOf('Customer', 20),
          denied: coordinatesOf('Order', 40),
        },
      ],
    });
    expect(odd).toMatchObject({ customerId: '1000699', masked: [], deniedPaths: coordinatesOf('Order', 40) });
    expect(await repository.customerIdsOf([even.id])).toEqual([{ operationId: even.id, customerIds: customers.map((c) => c.customerId) }]);
    expect(await repository.search({ customerId: '1000350', limit: 10 })).toHaveLength(1);
  });

  it('keeps a refused attempt, what the caller got, and both request ids', async () => {
    await store.append([
      {
        ...BASE,
        key: 'k-1',
        kind: 'read',
        requestId: 'gw-1',
        clientRequestId: null,
        refusal: null,
        returned: [],
        masked: [],
        denied: [],
        customers: [{ customerId: '1000001', returned: ['Customer.name'], masked: [], denied: ['Customer.segment'] }],
      },
      {
        ...BASE,
        key: 'k-2',
        kind: 'refused',
        requestId: 'gw-2',
        clientRequestId: 'their-own-id',
        operationName: null,
        operationHash: '',
        refusal: 'PURPOSE_NOT_ALLOWED',
        returned: [],
        masked: [],
        denied: ['Query.accessLog'],
        customers: [],
      },
    ]);
    const [refused] = await repository.search({ kind: 'refused', limit: 10 });
    expect(refused).toEqual({
      id: expect.any(String),
      kind: 'refused',
      at: '2026-11-01T09:00:00.000Z',
      requestId: 'gw-2',
      clientRequestId: 'their-own-id',
      subject: 'agent@example.com',
      clientId: 'support-agent-app',
      clientKind: 'first-party',
      purpose: 'customer_service',
      operationName: null,
      operationHash: '',
      refusal: 'PURPOSE_NOT_ALLOWED',
      searches: [],
      fields: [],
      masked: [],
      denied: ['Query.accessLog'],
      maskedPaths: [],
      deniedPaths: ['Query.accessLog'],
      customers: [],
      customerIds: [],
    });
    expect((await repository.search({ kind: 'read', limit: 10 })).map((e) => e.requestId)).toEqual(['gw-1']);
    expect((await repository.search({ limit: 10 })).map((e) => e.requestId)).toEqual(['gw-2', 'gw-1']);
    expect((await repository.search({ customerId: '1000001', limit: 10 })).map((e) => e.requestId)).toEqual(['gw-1']);
  });

  it('stores a coordinate list too long for its column cut short, ending with …, rather than not at all', async () => {
    const huge = Array.from({ length: 5000 }, (_, i) => `Customer.aFieldWithAVeryLongName${i}`); // ~190 KB of JSON
    await store.append([
      {
        ...BASE,
        key: 'k-huge',
        kind: 'read',
        requestId: 'gw-huge',
        clientRequestId: null,
        refusal: null,
        returned: huge,
        masked: [],
        denied: [],
        customers: [{ customerId: '1000001', returned: huge, masked: [], denied: [] }],
      },
    ]);
    const [entry] = await repository.search({ limit: 1 });
    expect(entry.fields.slice(0, 2)).toEqual(['Customer.aFieldWithAVeryLongName0', 'Customer.aFieldWithAVeryLongName1']);
    expect(entry.fields[entry.fields.length - 1]).toBe('…');
    expect(entry.fields.length).toBeGreaterThan(1000);
    expect(entry.fields.length).toBeLessThan(5000);
    expect(entry.customers[0].returned[entry.customers[0].returned.length - 1]).toBe('…');
  });

  it('copies the records of a store an earlier version created, once, and keeps its tables renamed', async () => {
    // The tables as earlier versions created them, with two records (one from before records had keys).
    await db.schema.createTable('audit_records', (t) => {
      t.bigIncrements('id').primary();
      t.string('at', 30).notNullable().index('audit_records_at_idx');
      t.string('request_id', 128).notNullable();
      t.string('subject', 200).notNullable().index('audit_records_subject_idx');
      t.string('client_id', 200).notNullable();
      t.string('client_kind', 16).notNullable();
      t.string('purpose', 64).notNullable();
      t.string('operation_name', 200).nullable();
      t.string('operation_hash', 64).notNullable();
      t.text('fields').notNullable();
      t.text('masked_paths').notNullable();
      t.text('denied_paths').notNullable();
      t.text('customer_ids').notNullable();
      t.string('record_key', 64).nullable().unique('audit_records_record_key_uq');
    });
    await db.schema.createTable('audit_record_customers', (t) => {
      t.string('customer_id', 20).notNullable();
      t.bigInteger('record_id').unsigned().notNullable();
      t.primary(['customer_id', 'record_id']);
    });
    const common = {
      subject: 'agent@example.com',
      client_id: 'support-agent-app',
      client_kind: 'first-party',
      purpose: 'customer_service',
      operation_hash: 'b'.repeat(64),
    };
    await db('audit_records').insert([
      {
        ...common,
        at: '2025-01-01T00:00:00.000Z',
        request_id: 'old-1',
        operation_name: null,
        fields: '["Customer.name"]',
        masked_paths: '[]',
        denied_paths: '["customer.segment"]',
        customer_ids: '["1000001"]',
        record_key: null,
      },
      {
        ...common,
        at: '2025-01-02T00:00:00.000Z',
        request_id: 'old-2',
        operation_name: 'SupportLookup',
        fields: '["Customer.name","Customer.email"]',
        masked_paths: '["customer.email","other.email"]',
        denied_paths: '[]',
        customer_ids: '["1000001","1000002"]',
        record_key: 'old-key-2',
      },
    ]);
    await db('audit_record_customers').insert([
      { customer_id: '1000001', record_id: 1 },
      { customer_id: '1000001', record_id: 2 },
      { customer_id: '1000002', record_id: 2 },
    ]);

    await store.migrate();
    await new AuditStore(db).migrate(); // a second start finds nothing left to copy
    await store.append([
      {
        ...BASE,
        key: 'k-new',
        kind: 'read',
        requestId: 'gw-new',
        clientRequestId: null,
        refusal: null,
        returned: [],
        masked: [],
        denied: [],
        customers: [{ customerId: '1000002', returned: ['Customer.email'], masked: ['Customer.email'], denied: [] }],
      },
    ]);

    expect(await db.schema.hasTable('audit_records')).toBe(false);
    expect(await db.schema.hasTable('audit_record_customers')).toBe(false);
    expect(await db('audit_records_v1').orderBy('id').pluck('request_id')).toEqual(['old-1', 'old-2']);
    expect(Number((await db('audit_record_customers_v1').count({ n: '*' }).first())!.n)).toBe(3);
    expect(await db('audit_operations').orderBy('id').pluck('record_key')).toEqual(['v1-1', 'old-key-2', 'k-new']);

    const entries = await repository.search({ limit: 10 });
    expect(entries.map((e) => [e.requestId, e.kind, e.clientRequestId, e.customerIds, e.fields, e.masked, e.denied])).toEqual([
      ['gw-new', 'read', null, ['1000002'], ['Customer.email'], ['Customer.email'], []],
      ['old-2', 'read', null, ['1000001', '1000002'], ['Customer.name', 'Customer.email'], ['customer.email', 'other.email'], []],
      ['old-1', 'read', null, ['1000001'], ['Customer.name'], [], ['customer.segment']],
    ]);
    const forCustomer = await repository.newestForCustomers(['1000001'], 10);
    expect(forCustomer.map((e) => [e.requestId, e.fields, e.masked, e.denied])).toEqual([
      ['old-2', ['Customer.name', 'Customer.email'], [], []],
      ['old-1', ['Customer.name'], [], []],
    ]);
  });

  (backend === 'mysql' ? it : it.skip)(
    'sends whole chunks of rows to MySQL as prepared statements: the server parses no values out of their text',
    async () => {
      // Two connections (migrating holds one while it works on the other): their sessions' counters tell what the store sent.
      const pool = connectDatabase(fresh.url, { poolMax: 2 });
      const executed = async () => {
        const connections = [await pool.client.acquireConnection(), await pool.client.acquireConnection()];
        try {
          const counts = await Promise.all(
            connections.map(async (connection) =>
              Number((await pool.raw("SHOW SESSION STATUS LIKE 'Com_stmt_execute'").connection(connection))[0][0].Value),
            ),
          );
          return counts[0] + counts[1];
        } finally {
          for (const connection of connections) await pool.client.releaseConnection(connection);
        }
      };
      try {
        const writer = new AuditStore(pool);
        await writer.migrate();
        const before = await executed();
        const customers = Array.from({ length: 300 }, (_, i) => ({
          customerId: String(1000000 + i),
          returned: ['Customer.name'],
          masked: [],
          denied: [],
        }));
        await writer.append([
          {
            ...BASE,
            key: 'k-prepared',
            kind: 'read',
            requestId: 'gw-p',
            clientRequestId: null,
            refusal: null,
            returned: [],
            masked: [],
            denied: [],
            customers,
          },
        ]);
        // The customers' whole chunk of 250; their last 50 and the record's row go as text.
        expect((await executed()) - before).toBe(1);
        expect(Number((await pool('audit_operation_customers').count({ n: '*' }).first())!.n)).toBe(300);
      } finally {
        await pool.destroy();
      }
    },
  );
});
