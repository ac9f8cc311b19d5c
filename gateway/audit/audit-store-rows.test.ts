import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectDatabase, type Knex } from '../../platform/database';
import { GENESIS_HASH } from './audit-chain';
import type { AuditRecord } from './audit-record';
import { AuditStore, coordinates, MAX_LIST_BYTES, prepareAuditStore, TRUNCATED } from './audit-store';

const RECORD: AuditRecord = {
  key: 'k-1',
  kind: 'read',
  at: '2026-11-01T09:00:00.000Z',
  requestId: 'gw-1',
  clientRequestId: 'theirs',
  subject: 'agent@example.com',
  clientId: 'app',
  clientKind: 'first-party',
  purpose: 'sales',
  operationName: 'Lookup',
  operationHash: 'h',
  refusal: null,
  returned: ['Query.accessLog'],
  masked: [],
  denied: [],
  customers: [{ customerId: '1000001', returned: ['Customer.name'], masked: ['Customer.email'], denied: ['Customer.segment'] }],
};

describe('the audit store rows (SQLite)', () => {
  let dir: string;
  let url: string;
  let db: Knex;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'audit-store-rows-'));
    url = `sqlite:${path.join(dir, 'audit.sqlite')}`;
    db = connectDatabase(url);
  });
  afterEach(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const tables = async () =>
    (await db.raw("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")).map(
      (row: { name: string }) => row.name,
    );

  it('stores a record as one operation row and one row per customer, linked by the operation id', async () => {
    await new AuditStore(db, { writerId: 'writer-1' }).append([RECORD]);
    const [operation] = await db('audit_operations').select();
    expect(operation).toEqual({
      id: 1,
      record_key: 'k-1',
      kind: 'read',
      at: '2026-11-01T09:00:00.000Z',
      request_id: 'gw-1',
      client_request_id: 'theirs',
      subject: 'agent@example.com',
      client_id: 'app',
      client_kind: 'first-party',
      purpose: 'sales',
      operation_name: 'Lookup',
      operation_hash: 'h',
      refusal: null,
      returned: '["Query.accessLog"]',
      searches: null,
      masked: '[]',
      denied: '[]',
      chain: 'writer-1',
      seq: 1,
      prev_hash: GENESIS_HASH,
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(await db('audit_operation_customers').select()).toEqual([
      {
        customer_id: '1000001',
        operation_id: 1,
        returned: '["Customer.name"]',
        masked: '["Customer.email"]',
        denied: '["Customer.segment"]',
      },
    ]);
  });

  it('stores a customer named twice as one row holding both lists, and a list with repeats once each', async () => {
    const twice = [
      { customerId: '1000002', returned: ['Customer.name'], masked: [], denied: ['Customer.segment'] },
      { customerId: '1000002', returned: ['Customer.email', 'Customer.name'], masked: ['Customer.email'], denied: [] },
    ];
    const repeats = [
      { customerId: '1000001', returned: ['Customer.segment', 'Customer.name', 'Customer.segment'], masked: [], denied: [] },
    ];
    await new AuditStore(db, { writerId: 'writer-1' }).append([
      { ...RECORD, customers: twice },
      { ...RECORD, key: 'k-2', customers: repeats },
    ]);
    const rows = await db('audit_operation_customers')
      .orderBy('operation_id')
      .select('operation_id', 'customer_id', 'returned', 'masked', 'denied');
    expect(rows).toEqual([
      {
        operation_id: 1,
        customer_id: '1000002',
        returned: '["Customer.name","Customer.email"]',
        masked: '["Customer.email"]',
        denied: '["Customer.segment"]',
      },
      { operation_id: 2, customer_id: '1000001', returned: '["Customer.segment","Customer.name"]', masked: '[]', denied: '[]' },
    ]);
  });

  it('names its indexes', async () => {
    await new AuditStore(db).migrate();
    const indexes = (await db.raw("select name from sqlite_master where type = 'index' and name not like 'sqlite_%' order by name")).map(
      (row: { name: string }) => row.name,
    );
    expect(indexes).toEqual([
      'audit_operation_customers_customer_idx',
      'audit_operations_at_idx',
      'audit_operations_chain_seq_uq',
      'audit_operations_record_key_uq',
      'audit_operations_subject_idx',
      'audit_purges_chain_seq_uq',
    ]);
  });

  it('stores a missing client request id and refusal as null, and a refusal as given', async () => {
    const { clientRequestId, refusal, ...bare } = RECORD;
    await new AuditStore(db).append([
      bare as AuditRecord,
      { ...RECORD, key: 'k-2', kind: 'refused', refusal: 'FORBIDDEN', operationName: null },
    ]);
    expect(await db('audit_operations').orderBy('id').select('client_request_id', 'refusal', 'operation_name')).toEqual([
      { client_request_id: null, refusal: null, operation_name: 'Lookup' },
      { client_request_id: 'theirs', refusal: 'FORBIDDEN', operation_name: null },
    ]);
    expect([clientRequestId, refusal]).toEqual(['theirs', null]);
  });

  it('cuts caller text to its column, ending with …, and keeps text that fits as it is', async () => {
    await new AuditStore(db).append([
      { ...RECORD, key: 'k-long', subject: 's'.repeat(201), operationName: 'o'.repeat(200), requestId: 'r'.repeat(129) },
    ]);
    const [row] = await db('audit_operations').select('subject', 'operation_name', 'request_id');
    expect(row).toEqual({ subject: `${'s'.repeat(199)}…`, operation_name: 'o'.repeat(200), request_id: `${'r'.repeat(127)}…` });
  });

  it('does not create its tables for an empty batch', async () => {
    await new AuditStore(db).append([]);
    expect(await tables()).toEqual([]);
  });

  it('stores a record already stored (by key) once, and its customers once', async () => {
    const store = new AuditStore(db);
    await store.append([RECORD, RECORD]);
    await store.append([RECORD]);
    expect(await db('audit_operations').count({ n: '*' })).toEqual([{ n: 1 }]);
    expect(await db('audit_operation_customers').count({ n: '*' })).toEqual([{ n: 1 }]);
  });

  it('tries to create its tables again after a failed attempt', async () => {
    const lost = connectDatabase(url);
    await lost.destroy();
    const store = new AuditStore(lost);
    await expect(store.migrate()).rejects.toThrow();
    await expect(store.migrate()).rejects.toThrow();
  });

  it('renames the tables of an earlier version to a free name, keeping an earlier copy', async () => {
    await db.schema.createTable('audit_records', (t) => {
      t.bigIncrements('id').primary();
      for (const column of ['at', 'request_id', 'subject', 'client_id', 'client_kind', 'purpose', 'operation_name', 'operation_hash'])
        t.string(column).nullable();
      for (const column of ['fields', 'masked_paths', 'denied_paths', 'customer_ids']) t.text(column).nullable();
    });
    await db.schema.createTable('audit_records_v1', (t) => t.increments('id'));
    await db.schema.createTable('audit_record_customers', (t) => t.string('customer_id'));
    await db('audit_records').insert([
      {
        at: 'a',
        request_id: 'old-1',
        subject: 's',
        client_id: 'c',
        client_kind: 'first-party',
        purpose: 'p',
        operation_name: 'Old',
        operation_hash: 'h',
        fields: 'not json',
        masked_paths: '{"a":1}',
        denied_paths: null,
        customer_ids: '[1000001]',
      },
      {
        at: 'b',
        request_id: 'old-2',
        subject: 's',
        client_id: 'c',
        client_kind: 'first-party',
        purpose: 'p',
        operation_name: null,
        operation_hash: 'h',
        fields: '["Customer.name"]',
        masked_paths: '[]',
        denied_paths: '[]',
        customer_ids: 'garbage',
      },
    ]);
    await new AuditStore(db).migrate();
    expect(await tables()).toEqual([
      'audit_migrations',
      'audit_migrations_lock',
      'audit_operation_customers',
      'audit_operations',
      'audit_purges',
      'audit_record_customers_v1',
      'audit_records_v1',
      'audit_records_v1_2',
    ]);
    expect(await db('audit_operations').orderBy('id').select('record_key', 'operation_name', 'returned', 'masked', 'denied')).toEqual([
      { record_key: 'v1-1', operation_name: 'Old', returned: '[]', masked: '[]', denied: '[]' },
      { record_key: 'v1-2', operation_name: null, returned: '["Customer.name"]', masked: '[]', denied: '[]' },
    ]);
    expect(await db('audit_operation_customers').select('customer_id', 'returned')).toEqual([{ customer_id: '1000001', returned: '[]' }]);
  });

  it('prepares the tables of a database given by URL', async () => {
    await prepareAuditStore(url);
    expect(await tables()).toEqual([
      'audit_migrations',
      'audit_migrations_lock',
      'audit_operation_customers',
      'audit_operations',
      'audit_purges',
    ]);
  });
});

describe('coordinates', () => {
  it('counts the closing … toward the limit', () => {
    // Two of these fill 60,000 bytes with their commas and brackets; with ["…"] only one fits.
    const list = ['b'.repeat(29_996), 'c'.repeat(29_996), 'd'.repeat(29_996)];
    expect(JSON.parse(coordinates(list))).toEqual([list[0], '…']);
  });

  it('keeps a list whose JSON fits exactly', () => {
    const fits = ['a'.repeat(MAX_LIST_BYTES - 4)];
    expect(Buffer.byteLength(JSON.stringify(fits))).toBe(60_000);
    expect(coordinates(fits)).toBe(JSON.stringify(fits));
  });

  it('cuts a longer list at the last coordinate that fits, ending with …', () => {
    // Each coordinate takes 17 bytes with its comma; with ["…"] (7 bytes) 3529 of them fill 60,000 bytes exactly.
    const list = Array.from({ length: 3600 }, (_, i) => `Type.f${String(i).padStart(8, '0')}`);
    const cut = coordinates(list);
    expect(Buffer.byteLength(cut)).toBe(60_000);
    expect(JSON.parse(cut)).toEqual([...list.slice(0, 3529), '…']);
    expect(TRUNCATED).toBe('…');
  });
});
