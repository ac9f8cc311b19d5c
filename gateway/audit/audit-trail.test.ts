import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { connectDatabase, type Knex, StatementCounter } from '../../platform/database';
import { createLogger } from '../../platform/logger';
import { AccessLogRepository } from '../../subgraphs/privacy/access-log.repository';
import { storeBackends } from '../../test/support/mysql';
import type { AuditRecord } from './audit-record';
import { AuditStore } from './audit-store';
import { AuditTrail } from './audit-trail';
import { freshStoreDatabase } from '../../test/support/store-database';

function record(n: number): AuditRecord {
  return {
    kind: 'read',
    at: new Date(Date.UTC(2026, 10, 1, 0, 0, n)).toISOString(),
    requestId: `req-${n}`,
    clientRequestId: null,
    subject: 'agent@example.com',
    clientId: 'app',
    clientKind: 'first-party',
    purpose: 'customer_service',
    operationName: 'Lookup',
    operationHash: 'a'.repeat(64),
    refusal: null,
    returned: [],
    masked: [],
    denied: [],
    customers: [{ customerId: String(1000000 + n), returned: ['Customer.name'], masked: [], denied: [] }],
  };
}

describe.each(storeBackends())('audit trail on %s', (backend) => {
  const fresh = freshStoreDatabase(backend, 'audit');
  let dir: string;
  let url: string;
  let db: Knex;
  let store: AuditStore;

  beforeEach(async () => {
    ({ db, dir, url } = fresh);
    store = new AuditStore(db);
    await store.migrate();
  });

  const rows = async () => Number((await db('audit_operations').count({ n: '*' }).first())!.n);
  const storedRequestIds = () => db('audit_operations').orderBy('id').pluck('request_id');
  const spooledRequestIds = (spoolFile: string) =>
    readFileSync(spoolFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).requestId);

  it('writes buffered records in batches, and the customers they concern', async () => {
    const trail = new AuditTrail(store, createLogger('test', 'silent'), { spoolFile: path.join(dir, 'spool.jsonl') });
    for (let n = 0; n < 5; n++) trail.record(record(n));
    expect(await rows()).toBe(0); // nothing written on the response path
    await trail.flush();
    expect(await rows()).toBe(5);
    expect(await db('audit_operation_customers').where('customer_id', '1000003').count({ n: '*' }).first()).toMatchObject({ n: 1 });
  });

  it('keeps records in the spool while the store fails, and replays them when it is back', async () => {
    const spoolFile = path.join(dir, 'spool.jsonl');
    // A store whose connection is gone: every write fails.
    const lost = connectDatabase(url);
    await lost.destroy();
    const refused: number[] = [];
    const trail = new AuditTrail(new AuditStore(lost), createLogger('test', 'silent'), { spoolFile, onRefused: (n) => refused.push(n) });
    for (let n = 0; n < 3; n++) trail.record(record(n));
    await trail.flush();
    trail.record(record(3));
    await trail.stop(); // a clean shutdown while the store is down: spooled, not lost
    expect(trail.pending).toBe(4);
    expect(readFileSync(spoolFile, 'utf8').trim().split('\n')).toHaveLength(4);
    expect(refused).toEqual([]); // an outage is not a refusal

    // The store is back (a new process, say): the spool is replayed first, in order.
    const restarted = new AuditTrail(store, createLogger('test', 'silent'), { spoolFile });
    restarted.record(record(4));
    await restarted.flush();
    expect(await rows()).toBe(5);
    expect(existsSync(spoolFile)).toBe(false);
    expect(restarted.pending).toBe(0);
    expect(await storedRequestIds()).toEqual(['req-0', 'req-1', 'req-2', 'req-3', 'req-4']);
  });

  it('does not need the store at start: tables are created on the first write', async () => {
    const fresh = connectDatabase(url);
    for (const table of ['audit_operation_customers', 'audit_operations', 'audit_migrations', 'audit_migrations_lock']) {
      await fresh.schema.dropTableIfExists(table);
    }
    const trail = new AuditTrail(new AuditStore(fresh), createLogger('test', 'silent'), { spoolFile: path.join(dir, 'spool.jsonl') });
    trail.record(record(7));
    await trail.flush();
    expect(await rows()).toBe(1);
    await fresh.destroy();
  });

  it('sets a torn spool line aside (it cannot be replayed) and replays the rest', async () => {
    const spoolFile = path.join(dir, 'spool.jsonl');
    writeFileSync(spoolFile, `${JSON.stringify(record(1))}\n{"at":"2026-11-01T00:0`); // a crash mid-append
    const trail = new AuditTrail(store, createLogger('test', 'silent'), { spoolFile });
    trail.record(record(2));
    await trail.flush();
    await trail.flush();
    expect(await storedRequestIds()).toEqual(['req-1', 'req-2']);
    const rejected = readFileSync(`${spoolFile}.rejected`, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rejected).toEqual([{ reason: 'unreadable spool line', line: '{"at":"2026-11-01T00:0' }]); // once, not once per flush
    expect(trail.pending).toBe(0);
  });

  describe('a store that answers but refuses records', () => {
    // Made narrower than the 200 characters the store writes: a client id of more than 8 is refused.
    const narrow = async () => {
      if (backend === 'mysql') await db.raw('ALTER TABLE audit_operations MODIFY client_id VARCHAR(8) NOT NULL');
      else
        await db.raw(
          'CREATE TRIGGER audit_client_id_narrow BEFORE INSERT ON audit_operations WHEN length(NEW.client_id) > 8 ' +
            "BEGIN SELECT RAISE(ABORT, 'client_id too long'); END",
        );
    };
    const fix = async () => {
      if (backend === 'mysql') await db.raw('ALTER TABLE audit_operations MODIFY client_id VARCHAR(200) NOT NULL');
      else await db.raw('DROP TRIGGER audit_client_id_narrow');
    };

    it('raises the alarm, stores the others, keeps the refused ones in the spool and stores them once the store is fixed', async () => {
      const spoolFile = path.join(dir, 'spool.jsonl');
      const logger = createLogger('test', 'silent');
      const errors = jest.spyOn(logger, 'error');
      const refused: number[] = [];
      const written: number[] = [];
      const trail = new AuditTrail(store, logger, { spoolFile, onRefused: (n) => refused.push(n), onWritten: (n) => written.push(n) });
      await narrow();
      trail.record(record(1));
      trail.record({ ...record(2), clientId: 'partner-portal' });
      trail.record(record(3));
      await trail.flush();

      expect(await storedRequestIds()).toEqual(['req-1', 'req-3']);
      expect(spooledRequestIds(spoolFile)).toEqual(['req-2']);
      expect(existsSync(`${spoolFile}.rejected`)).toBe(false);
      expect(refused).toEqual([1]);
      expect(written).toEqual([1, 1]);
      expect(errors).toHaveBeenCalledWith(
        expect.objectContaining({ records: 1, requestIds: ['req-2'] }),
        expect.stringMatching(/refused by the store/),
      );
      expect(trail.pending).toBe(1);

      // Still refused: tried again on the next flush (with what came since), and told again.
      trail.record(record(4));
      await trail.flush();
      expect(await storedRequestIds()).toEqual(['req-1', 'req-3', 'req-4']);
      expect(spooledRequestIds(spoolFile)).toEqual(['req-2']);
      expect(refused).toEqual([1, 1]);

      await fix();
      await trail.flush();
      expect(await storedRequestIds()).toEqual(['req-1', 'req-3', 'req-4', 'req-2']);
      expect(await db('audit_operations').where('request_id', 'req-2').pluck('client_id')).toEqual(['partner-portal']);
      expect(existsSync(spoolFile)).toBe(false);
      expect(existsSync(`${spoolFile}.rejected`)).toBe(false);
      expect(refused).toEqual([1, 1]);
      expect(trail.pending).toBe(0);
    });

    it('keeps refused records spooled across a restart', async () => {
      const spoolFile = path.join(dir, 'spool.jsonl');
      const trail = new AuditTrail(store, createLogger('test', 'silent'), { spoolFile });
      await narrow();
      trail.record({ ...record(1), clientId: 'partner-portal' });
      await trail.stop();
      expect(spooledRequestIds(spoolFile)).toEqual(['req-1']);
      await fix();
      const restarted = new AuditTrail(store, createLogger('test', 'silent'), { spoolFile });
      await restarted.flush();
      expect(await storedRequestIds()).toEqual(['req-1']);
      expect(existsSync(spoolFile)).toBe(false);
    });
  });

  it('moves records an earlier version set aside in <spool>.rejected back into the spool at start, and stores them', async () => {
    const spoolFile = path.join(dir, 'spool.jsonl');
    // Written by an earlier version: a record in the old shape the store refused, and an unreadable spool line.
    const old = {
      key: '5d0c8a7e-1111-4b2c-9d3e-000000000005',
      at: '2026-11-01T00:00:05.000Z',
      requestId: 'req-5',
      subject: 'agent@example.com',
      clientId: 'app',
      clientKind: 'first-party',
      purpose: 'customer_service',
      operationName: 'Lookup',
      operationHash: 'a'.repeat(64),
      customerIds: ['1000005', '1000006'],
      fields: ['Customer.name', 'Customer.email'],
      maskedPaths: ['a0.nodes.0.email', 'a0.nodes.1.email'],
      deniedPaths: [],
    };
    writeFileSync(
      `${spoolFile}.rejected`,
      [
        JSON.stringify({ reason: "Data too long for column 'masked_paths' at row 1", record: old }),
        JSON.stringify({ reason: 'unreadable spool line', line: '{"at":"2026-11-01T00:0' }),
        '',
      ].join('\n'),
    );
    writeFileSync(spoolFile, `${JSON.stringify(record(4))}\n`);

    const trail = new AuditTrail(store, createLogger('test', 'silent'), { spoolFile });
    expect(readFileSync(`${spoolFile}.rejected`, 'utf8')).toBe(
      '{"reason":"unreadable spool line","line":"{\\"at\\":\\"2026-11-01T00:0"}\n',
    );
    expect(trail.pending).toBe(2);
    await trail.flush();
    expect(await storedRequestIds()).toEqual(['req-4', 'req-5']);
    expect(existsSync(spoolFile)).toBe(false);

    const repository = new AccessLogRepository(db);
    const [entry] = await repository.search({ subject: 'agent@example.com', limit: 1 });
    expect(entry).toMatchObject({
      kind: 'read',
      requestId: 'req-5',
      clientRequestId: null,
      refusal: null,
      customerIds: ['1000005', '1000006'],
      fields: ['Customer.name', 'Customer.email'],
      masked: ['a0.nodes.0.email', 'a0.nodes.1.email'],
      denied: [],
    });
    const [forCustomer] = await repository.newestForCustomers(['1000006'], 1);
    expect(forCustomer).toMatchObject({
      requestId: 'req-5',
      fields: ['Customer.name', 'Customer.email'],
      masked: [],
      denied: [],
      customers: [{ customerId: '1000006', returned: ['Customer.name', 'Customer.email'], masked: [], denied: [] }],
    });
  });

  it('writes a batch with one statement per 250 rows, not two per record', async () => {
    const statements = new StatementCounter(db);
    const trail = new AuditTrail(store, createLogger('test', 'silent'), { spoolFile: path.join(dir, 'spool.jsonl'), batchSize: 10_000 });
    for (let n = 0; n < 600; n++) {
      const customers = [String(1000000 + n), String(2000000 + n)].map((customerId) => ({
        customerId,
        returned: ['Customer.name'],
        masked: [],
        denied: [],
      }));
      trail.record({ ...record(n), customers });
    }
    const before = statements.total;
    await trail.flush();
    // begin, look up keys, read the chain's last link and, the chain being new, where a purge may have
    // left it (a store's first batch only), 3 inserts of records, read their ids, 5 inserts of customers, commit.
    expect(statements.total - before).toBe(14);
    expect(await rows()).toBe(600);
    expect(Number((await db('audit_operation_customers').count({ n: '*' }).first())!.n)).toBe(1200);
  });

  it('does not store a record twice when a spool is replayed after its records were already written', async () => {
    const spoolFile = path.join(dir, 'spool.jsonl');
    const trail = new AuditTrail(store, createLogger('test', 'silent'), { spoolFile });
    trail.record(record(1));
    await trail.flush();
    const [stored] = await db('audit_operations').select('record_key');
    // A crash after the commit but before the spool was emptied: the same record is still spooled.
    writeFileSync(spoolFile, `${JSON.stringify({ ...record(1), key: stored.record_key })}\n${JSON.stringify(record(2))}\n`);
    await trail.flush();
    expect(await storedRequestIds()).toEqual(['req-1', 'req-2']);
    expect(existsSync(spoolFile)).toBe(false);
  });

  it('spools what is recorded after it stopped', async () => {
    const spoolFile = path.join(dir, 'spool.jsonl');
    const trail = new AuditTrail(store, createLogger('test', 'silent'), { spoolFile });
    await trail.stop();
    trail.record(record(9)); // a request that outlived the drain deadline
    expect(readFileSync(spoolFile, 'utf8')).toContain('req-9');
  });
});
