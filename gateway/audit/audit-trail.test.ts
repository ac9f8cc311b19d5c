import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectDatabase, type Knex, StatementCounter } from '../../platform/database';
import { createLogger } from '../../platform/logger';
import { dropSystemDatabase, openSystemDatabase } from '../../systems/system-database';
import { mysqlAvailable, TEST_MYSQL_URL } from '../../test/support/mysql';
import type { AuditRecord } from './audit-record';
import { AuditStore } from './audit-store';
import { AuditTrail } from './audit-trail';

function record(n: number): AuditRecord {
  return {
    at: new Date(Date.UTC(2026, 10, 1, 0, 0, n)).toISOString(), requestId: `req-${n}`, subject: 'agent@example.com', clientId: 'app',
    clientKind: 'first-party', purpose: 'customer_service', operationName: 'Lookup', operationHash: 'a'.repeat(64),
    customerIds: [String(1000000 + n)], fields: ['Customer.name'], maskedPaths: [], deniedPaths: [],
  };
}

describe.each(mysqlAvailable() ? ['mysql', 'sqlite'] : ['sqlite'])('audit trail on %s', (backend) => {
  let dir: string;
  let url: string;
  let db: Knex;
  let store: AuditStore;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'audit-'));
    url = backend === 'mysql' ? `${TEST_MYSQL_URL.replace(/\/+$/, '')}/cgt_audit_${process.pid}` : `sqlite:${path.join(dir, 'audit.sqlite')}`;
    db = await openSystemDatabase(url, { recreate: true });
    store = new AuditStore(db);
    await store.migrate();
  });

  afterEach(async () => {
    await db.destroy();
    await dropSystemDatabase(url);
    rmSync(dir, { recursive: true, force: true });
  });

  const rows = async () => Number((await db('audit_records').count({ n: '*' }).first())!.n);

  it('writes buffered records in batches, and the customers they concern', async () => {
    const trail = new AuditTrail(store, createLogger('test', 'silent'), { spoolFile: path.join(dir, 'spool.jsonl') });
    for (let n = 0; n < 5; n++) trail.record(record(n));
    expect(await rows()).toBe(0); // nothing written on the response path
    await trail.flush();
    expect(await rows()).toBe(5);
    expect(await db('audit_record_customers').where('customer_id', '1000003').count({ n: '*' }).first()).toMatchObject({ n: 1 });
  });

  it('keeps records in the spool while the store fails, and replays them when it is back', async () => {
    const spoolFile = path.join(dir, 'spool.jsonl');
    // A store whose connection is gone: every write fails.
    const lost = connectDatabase(url);
    await lost.destroy();
    const trail = new AuditTrail(new AuditStore(lost), createLogger('test', 'silent'), { spoolFile });
    for (let n = 0; n < 3; n++) trail.record(record(n));
    await trail.flush();
    trail.record(record(3));
    await trail.stop(); // a clean shutdown while the store is down: spooled, not lost
    expect(trail.pending).toBe(4);
    expect(readFileSync(spoolFile, 'utf8').trim().split('\n')).toHaveLength(4);

    // The store is back (a new process, say): the spool is replayed first, in order.
    const restarted = new AuditTrail(store, createLogger('test', 'silent'), { spoolFile });
    restarted.record(record(4));
    await restarted.flush();
    expect(await rows()).toBe(5);
    expect(existsSync(spoolFile)).toBe(false);
    expect(restarted.pending).toBe(0);
    expect((await db('audit_records').orderBy('id').pluck('request_id'))).toEqual(['req-0', 'req-1', 'req-2', 'req-3', 'req-4']);
  });

  it('does not need the store at start: tables are created on the first write', async () => {
    const fresh = connectDatabase(url);
    await fresh.schema.dropTableIfExists('audit_record_customers');
    await fresh.schema.dropTableIfExists('audit_records');
    const trail = new AuditTrail(new AuditStore(fresh), createLogger('test', 'silent'), { spoolFile: path.join(dir, 'spool.jsonl') });
    trail.record(record(7));
    await trail.flush();
    expect(await rows()).toBe(1);
    await fresh.destroy();
  });

  it('sets aside a record the store refuses on its own, writes the others, and survives a torn spool line', async () => {
    const spoolFile = path.join(dir, 'spool.jsonl');
    writeFileSync(spoolFile, `${JSON.stringify(record(1))}\n{"at":"2026-11-01T00:0`); // a crash mid-append
    const trail = new AuditTrail(store, createLogger('test', 'silent'), { spoolFile });
    trail.record(record(2));
    trail.record({ ...record(3), subject: null as unknown as string }); // NOT NULL in every database
    trail.record(record(4));
    await trail.flush();
    expect(await db('audit_records').orderBy('id').pluck('request_id')).toEqual(['req-1', 'req-2', 'req-4']);
    const rejected = readFileSync(`${spoolFile}.rejected`, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(rejected.map((entry) => entry.record?.requestId ?? entry.reason)).toEqual(['unreadable spool line', 'req-3']);
    expect(trail.pending).toBe(0);
  });

  it('writes a batch with one statement per 250 rows, not two per record', async () => {
    const statements = new StatementCounter(db);
    const trail = new AuditTrail(store, createLogger('test', 'silent'), { spoolFile: path.join(dir, 'spool.jsonl'), batchSize: 10_000 });
    for (let n = 0; n < 600; n++) trail.record({ ...record(n), customerIds: [String(1000000 + n), String(2000000 + n)] });
    const before = statements.total;
    await trail.flush();
    // begin, look up keys, 3 inserts of records, read their ids, 5 inserts of customers, commit.
    expect(statements.total - before).toBe(12);
    expect(await rows()).toBe(600);
    expect(Number((await db('audit_record_customers').count({ n: '*' }).first())!.n)).toBe(1200);
  });

  it('does not store a record twice when a spool is replayed after its records were already written', async () => {
    const spoolFile = path.join(dir, 'spool.jsonl');
    const trail = new AuditTrail(store, createLogger('test', 'silent'), { spoolFile });
    trail.record(record(1));
    await trail.flush();
    const [stored] = await db('audit_records').select('record_key');
    // A crash after the commit but before the spool was emptied: the same record is still spooled.
    writeFileSync(spoolFile, `${JSON.stringify({ ...record(1), key: stored.record_key })}\n${JSON.stringify(record(2))}\n`);
    await trail.flush();
    expect(await db('audit_records').orderBy('id').pluck('request_id')).toEqual(['req-1', 'req-2']);
    expect(existsSync(spoolFile)).toBe(false);
  });

  it('adds the record key to a store created before it existed, keeping its rows', async () => {
    await db.schema.alterTable('audit_records', (t) => {
      t.dropUnique(['record_key'], 'audit_records_record_key_uq');
    });
    await db.schema.alterTable('audit_records', (t) => {
      t.dropColumn('record_key');
    });
    const { key: _key, ...old } = { key: undefined, ...record(1) };
    await db('audit_records').insert({ at: old.at, request_id: old.requestId, subject: old.subject, client_id: old.clientId, client_kind: old.clientKind, purpose: old.purpose,
      operation_name: old.operationName, operation_hash: old.operationHash, fields: '[]', masked_paths: '[]', denied_paths: '[]', customer_ids: '[]' });
    const upgraded = new AuditStore(db);
    const trail = new AuditTrail(upgraded, createLogger('test', 'silent'), { spoolFile: path.join(dir, 'spool.jsonl') });
    trail.record(record(2));
    await trail.flush();
    expect(await db('audit_records').orderBy('id').pluck('request_id')).toEqual(['req-1', 'req-2']);
  });

  it('spools what is recorded after it stopped', async () => {
    const spoolFile = path.join(dir, 'spool.jsonl');
    const trail = new AuditTrail(store, createLogger('test', 'silent'), { spoolFile });
    await trail.stop();
    trail.record(record(9)); // a request that outlived the drain deadline
    expect(readFileSync(spoolFile, 'utf8')).toContain('req-9');
  });
});
