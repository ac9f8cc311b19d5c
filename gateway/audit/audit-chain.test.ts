import type { Knex } from '../../platform/database';
import { main as purgeMain } from '../../scripts/audit-purge';
import { main as verifyMain } from '../../scripts/audit-verify';
import { storeBackends } from '../../test/support/mysql';
import { GENESIS_HASH, purgeAudit, verifyAuditChains } from './audit-chain';
import type { AuditRecord } from './audit-record';
import { AuditStore } from './audit-store';
import { freshStoreDatabase } from '../../test/support/store-database';

const record = (key: string, at = '2026-11-01T09:00:00.000Z'): AuditRecord => ({
  key,
  kind: 'read',
  at,
  requestId: `gw-${key}`,
  clientRequestId: null,
  subject: 'agent@example.com',
  clientId: 'support-agent-app',
  clientKind: 'first-party',
  purpose: 'customer_service',
  operationName: 'Lookup',
  operationHash: 'a'.repeat(64),
  refusal: null,
  returned: [],
  masked: [],
  denied: [],
  customers: [
    { customerId: '1000002', returned: ['Customer.name', 'Customer.email'], masked: ['Customer.email'], denied: [] },
    { customerId: '1000001', returned: ['Customer.name'], masked: [], denied: ['Customer.segment'] },
  ],
});

describe.each(storeBackends())('the audit hash chain on %s', (backend) => {
  const fresh = freshStoreDatabase(backend, 'audit_chain');
  let url: string;
  let db: Knex;
  let a: AuditStore;
  let b: AuditStore;

  beforeEach(async () => {
    ({ db, url } = fresh);
    a = new AuditStore(db, { writerId: 'writer-a' });
    b = new AuditStore(db, { writerId: 'writer-b' });
  });

  const links = async (chain: string) =>
    (await db('audit_operations').where('chain', chain).orderBy('seq').select('record_key', 'seq', 'prev_hash', 'hash')).map((row) => ({
      ...row,
      seq: Number(row.seq),
    }));
  const problems = async () => (await verifyAuditChains(db, { pageSize: 2 })).problems;

  /** Five records of writer-a in two batches, two of writer-b between them. */
  async function fill(): Promise<void> {
    await a.append([record('a1'), record('a2'), record('a3')]);
    await b.append([record('b1'), record('b2')]);
    await a.append([record('a4'), record('a5')]);
  }

  it('continues each writer’s chain across batches, skips a stored record without re-chaining it, and verifies', async () => {
    await fill();
    await a.append([record('a3'), record('a6')]); // a3 is already stored: not chained again
    const chainA = await links('writer-a');
    expect(chainA.map((r) => [r.record_key, r.seq])).toEqual([
      ['a1', 1],
      ['a2', 2],
      ['a3', 3],
      ['a4', 4],
      ['a5', 5],
      ['a6', 6],
    ]);
    expect(chainA[0].prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < chainA.length; i++) expect(chainA[i].prev_hash).toBe(chainA[i - 1].hash);
    expect((await links('writer-b')).map((r) => [r.record_key, r.seq, r.prev_hash === GENESIS_HASH])).toEqual([
      ['b1', 1, true],
      ['b2', 2, false],
    ]);
    // Another store of the same writer (a failed transaction forgets the link the same way) reads where the chain stands.
    await new AuditStore(db, { writerId: 'writer-a' }).append([record('a7')]);
    expect((await links('writer-a')).at(-1)).toMatchObject({ record_key: 'a7', seq: 7, prev_hash: chainA[5].hash });

    const report = await verifyAuditChains(db, { pageSize: 2 });
    expect(report.ok).toBe(true);
    expect(report.chains.map((c) => [c.chain, c.records, c.start])).toEqual([
      ['writer-a', 7, 'seq 1 (genesis)'],
      ['writer-b', 2, 'seq 1 (genesis)'],
    ]);
  });

  it('names an edited operation row, then an edited customer row', async () => {
    await fill();
    await db('audit_operations').where('record_key', 'a2').update({ subject: 'someone-else@example.com' });
    expect(await problems()).toEqual(['chain writer-a seq 2 (record key a2): hash does not match its contents']);
    await db('audit_operations').where('record_key', 'a2').update({ subject: 'agent@example.com' });
    expect(await problems()).toEqual([]);

    const [{ id }] = await db('audit_operations').where('record_key', 'a4').select('id');
    await db('audit_operation_customers').where({ operation_id: id, customer_id: '1000001' }).update({ returned: '[]' });
    expect(await problems()).toEqual(['chain writer-a seq 4 (record key a4): hash does not match its contents']);
  });

  it('names a deleted record by the gap it leaves, and a first record deleted', async () => {
    await fill();
    await db('audit_operations').where('record_key', 'a3').delete();
    await db('audit_operations').where('record_key', 'b1').delete();
    expect(await problems()).toEqual([
      'chain writer-a: seq 3 is missing (after a2)',
      'chain writer-b: seq 1 is missing (before record key b2; no recorded purge explains it)',
    ]);
  });

  it('names a re-hashed row, and a link broken after it', async () => {
    await fill();
    const original = (await links('writer-a'))[1].hash;
    await db('audit_operations')
      .where('record_key', 'a2')
      .update({ hash: 'f'.repeat(64) });
    expect(await problems()).toEqual(['chain writer-a seq 2 (record key a2): hash does not match its contents']);
    await db('audit_operations').where('record_key', 'a2').update({ hash: original });
    await db('audit_operations')
      .where('record_key', 'a3')
      .update({ prev_hash: 'e'.repeat(64) });
    expect(await problems()).toEqual(['chain writer-a seq 3 (record key a3): prev_hash does not match the stored hash of seq 2 (a2)']);
  });

  it('verifies a chain that continues after a purge, and still catches a deletion no purge explains', async () => {
    await a.append([record('a1', '2026-01-01T00:00:00.000Z'), record('a2', '2026-01-02T00:00:00.000Z')]);
    await b.append([record('b1', '2026-01-01T12:00:00.000Z')]);
    await a.append([record('a3', '2026-11-01T00:00:00.000Z')]);
    const result = await purgeAudit(db, { cutoff: '2026-06-01T00:00:00.000Z', writerId: 'purge-1', batchSize: 1 });
    expect(result).toMatchObject({
      removed: 3,
      checkpoints: [
        { chain: 'writer-a', seq: 2, removed: 2 },
        { chain: 'writer-b', seq: 1 },
      ],
    });
    expect((await db('audit_operations').select('record_key')).map((r) => r.record_key)).toEqual(['a3']);
    expect(Number((await db('audit_operation_customers').count({ n: '*' }).first())?.n)).toBe(2);
    await a.append([record('a4')]);

    const report = await verifyAuditChains(db);
    expect(report.problems).toEqual([]);
    expect(report.chains.map((c) => [c.table, c.chain, c.records])).toEqual([
      ['operations', 'writer-a', 2],
      ['operations', 'writer-b', 0],
      ['purges', 'purge-1', 1],
    ]);
    expect(report.chains[0].start).toMatch(/^seq 3, after the purge of .* \(seq 1…2 removed\)$/);
    expect(report.chains[1].start).toMatch(/^wholly purged \(seq 1…1/);

    await db('audit_operations').where('record_key', 'a3').delete();
    expect(await problems()).toEqual(['chain writer-a: seq 3 is missing (before record key a4; no recorded purge explains it)']);
  });

  it('goes on from the purge that took a whole chain, not from genesis again, when its writer lost its place', async () => {
    await a.append([record('a1', '2026-01-01T00:00:00.000Z'), record('a2', '2026-01-02T00:00:00.000Z')]);
    await purgeAudit(db, { cutoff: '2026-06-01T00:00:00.000Z', writerId: 'purge-1' });
    // The same writer, without the link it had kept (a failed write forgets it): it asks the store.
    await new AuditStore(db, { writerId: 'writer-a' }).append([record('a3', '2026-11-01T00:00:00.000Z')]);
    expect((await links('writer-a')).map((l) => [l.record_key, l.seq])).toEqual([['a3', 3]]);
    expect(await problems()).toEqual([]);
  });

  it('does not explain a gap by an edited purge record', async () => {
    await a.append([record('a1', '2026-01-01T00:00:00.000Z'), record('a2', '2026-11-01T00:00:00.000Z')]);
    await purgeAudit(db, { cutoff: '2026-06-01T00:00:00.000Z', writerId: 'purge-1' });
    await db('audit_purges').update({ removed: 0 });
    expect(await problems()).toEqual([
      'chain purge-1 seq 1 (record key purge 1): hash does not match its contents',
      'chain writer-a: seq 1 is missing (before record key a2; no recorded purge explains it)',
    ]);
  });

  it('reports rows stored before the chain began as unchained, not as a failure', async () => {
    await a.append([record('a1')]);
    await db('audit_operations').insert({ ...(await db('audit_operations').first()), id: 99, record_key: 'old', chain: null, seq: null });
    const report = await verifyAuditChains(db);
    expect(report).toMatchObject({ ok: true, unchained: 1 });
  });

  it('has commands that exit 0 when the chains fit, 1 when not, 2 on bad usage', async () => {
    const lines: string[] = [];
    const print = (line: string) => lines.push(line);
    const env = { AUDIT_DATABASE_URL: url };
    await fill();
    expect(await verifyMain([], env, print)).toBe(0);
    expect(lines.join('\n')).toContain('ok   chain writer-a: 5 records');
    expect(await verifyMain(['--nonsense'], env, print)).toBe(2);
    expect(await verifyMain([], { AUDIT_DATABASE_URL: 'http://nowhere' }, print)).toBe(2);

    expect(await purgeMain([], env, print)).toBe(2);
    expect(lines.at(-1)).toMatch(/^AUDIT_RETENTION_DAYS is not set: nothing is purged \(there is no default retention\)\.\n/);
    expect(await purgeMain([], { ...env, AUDIT_RETENTION_DAYS: '0' }, print)).toBe(2);
    expect(await purgeMain([], { ...env, AUDIT_RETENTION_DAYS: '30' }, print, new Date('2026-12-15T00:00:00.000Z'))).toBe(0);
    expect(lines.at(-3)).toMatch(/^Purged 7 audit records older than 2026-11-15T00:00:00.000Z \(30 days\)/);
    expect(await verifyMain([], env, print)).toBe(0);

    await a.append([record('a6'), record('a7')]);
    await db('audit_operations').where('record_key', 'a6').delete();
    lines.length = 0;
    expect(await verifyMain([], env, print)).toBe(1);
    expect(lines).toContain('     chain writer-a: seq 6 is missing (before record key a7; no recorded purge explains it)');
  });
});
