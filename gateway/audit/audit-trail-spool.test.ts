import fs, { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../../platform/logger';
import type { AuditRecord } from './audit-record';
import type { AuditStore } from './audit-store';
import { AuditTrail } from './audit-trail';

function record(n: number): AuditRecord {
  return {
    kind: 'read',
    at: `2026-11-01T00:00:${String(n % 60).padStart(2, '0')}.000Z`,
    requestId: `req-${n}`,
    clientRequestId: null,
    subject: 's',
    clientId: 'app',
    clientKind: 'first-party',
    purpose: 'sales',
    operationName: null,
    operationHash: 'h',
    refusal: null,
    returned: [],
    masked: [],
    denied: [],
    customers: [],
  };
}

const DOWN = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
const REFUSED = Object.assign(new Error('Data too long'), { code: 'ER_DATA_TOO_LONG' });

/** A store that takes records, is down, or refuses the records `refuses` picks (then the whole batch holding one). */
class FakeStore {
  readonly calls: string[][] = [];
  readonly stored: string[] = [];
  down = false;
  /** After this many more calls the store goes down. */
  downAfter = Number.POSITIVE_INFINITY;
  refuses: (record: AuditRecord) => boolean = () => false;

  async append(records: AuditRecord[]): Promise<void> {
    this.calls.push(records.map((r) => r.requestId));
    if (this.downAfter-- <= 0) this.down = true;
    if (this.down) throw DOWN;
    if (records.some(this.refuses)) throw REFUSED;
    this.stored.push(...records.map((r) => r.requestId));
  }
}

function fakeLogger() {
  const lines: Array<[string, unknown, string]> = [];
  const at = (level: string) => (fields: unknown, message: string) => void lines.push([level, fields, message]);
  return { lines, logger: { error: at('error'), warn: at('warn'), info: at('info') } as unknown as Logger };
}

describe('the audit trail with its spool', () => {
  let dir: string;
  let spoolFile: string;
  let store: FakeStore;
  let log: ReturnType<typeof fakeLogger>;
  const trailWith = (options: Partial<ConstructorParameters<typeof AuditTrail>[2]> = {}) =>
    new AuditTrail(store as unknown as AuditStore, log.logger, { spoolFile, ...options });
  const spooled = () =>
    existsSync(spoolFile)
      ? readFileSync(spoolFile, 'utf8')
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line).requestId)
      : [];
  const spool = (...records: AuditRecord[]) => writeFileSync(spoolFile, records.map((r) => `${JSON.stringify(r)}\n`).join(''));

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'audit-trail-spool-'));
    spoolFile = path.join(dir, 'spool', 'audit.jsonl');
    store = new FakeStore();
    log = fakeLogger();
  });
  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates the spool folder', () => {
    trailWith();
    expect(existsSync(path.dirname(spoolFile))).toBe(true);
  });

  it('flushes by itself once 200 records wait, by default', async () => {
    const trail = trailWith();
    for (let n = 0; n < 199; n++) trail.record(record(n));
    await new Promise((resolve) => setImmediate(resolve));
    expect(store.calls).toEqual([]);
    trail.record(record(199));
    await trail.flush();
    expect(store.calls.map((c) => c.length)).toEqual([200]);
  });

  it('flushes by itself as soon as the batch size is reached', async () => {
    const trail = trailWith({ batchSize: 2 });
    trail.record(record(1));
    await new Promise((resolve) => setImmediate(resolve));
    expect(store.calls).toEqual([]);
    trail.record(record(2));
    await new Promise((resolve) => setImmediate(resolve));
    expect(store.calls).toEqual([['req-1', 'req-2']]);
  });

  it('gives every record a key unless it has one', async () => {
    const appended: AuditRecord[] = [];
    const keeping = { append: async (records: AuditRecord[]) => void appended.push(...records) } as unknown as AuditStore;
    const trail = new AuditTrail(keeping, log.logger, { spoolFile });
    trail.record(record(1));
    trail.record({ ...record(2), key: 'mine' });
    await trail.flush();
    expect(appended[0].key).toMatch(/^[0-9a-f-]{36}$/);
    expect(appended[1].key).toBe('mine');
  });

  it('asks nothing of the store when nothing waits', async () => {
    const written: number[] = [];
    await trailWith({ onWritten: (n) => written.push(n) }).flush();
    expect([store.calls, written]).toEqual([[], []]);
  });

  it('flushes on its interval once started, and not after it stopped', async () => {
    const trail = trailWith({ flushIntervalMs: 5 });
    trail.start();
    trail.record(record(1));
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(store.stored).toEqual(['req-1']);
    await trail.stop();
    trail.record(record(2));
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(store.stored).toEqual(['req-1']);
    expect(spooled()).toEqual(['req-2']);
  });

  it('flushes every second by default, on a timer that does not keep the process alive', () => {
    const intervals = jest.spyOn(global, 'setInterval');
    const trail = trailWith();
    trail.start();
    expect(intervals).toHaveBeenCalledWith(expect.any(Function), 1000);
    const timer = intervals.mock.results[0].value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);
    clearInterval(timer);
  });

  it('counts as pending what is buffered and what is spooled, without touching a torn spool line', () => {
    mkdirSync(path.dirname(spoolFile), { recursive: true });
    const content = `${JSON.stringify(record(1))}\n{"torn\n`;
    writeFileSync(spoolFile, content);
    const trail = trailWith();
    trail.record(record(2));
    expect(trail.pending).toBe(2);
    expect(readFileSync(spoolFile, 'utf8')).toBe(content);
    expect(existsSync(`${spoolFile}.rejected`)).toBe(false);
  });

  it('replays the spool in chunks of 500, in order, before the new records', async () => {
    mkdirSync(path.dirname(spoolFile), { recursive: true });
    spool(...Array.from({ length: 501 }, (_, n) => record(n)));
    const written: number[] = [];
    const replaying = trailWith({ onWritten: (n) => written.push(n) });
    replaying.record(record(1001));
    await replaying.flush();
    expect(store.calls.map((c) => [c.length, c[0]])).toEqual([
      [500, 'req-0'],
      [1, 'req-500'],
      [1, 'req-1001'],
    ]);
    expect(written).toEqual([500, 1, 1]);
    expect(existsSync(spoolFile)).toBe(false);
    expect(log.lines).toEqual([['info', { records: 501 }, 'audit records replayed from the spool']]);
    expect(replaying.pending).toBe(0);
  });

  it('replays a spool of exactly one chunk in one write', async () => {
    mkdirSync(path.dirname(spoolFile), { recursive: true });
    spool(...Array.from({ length: 500 }, (_, n) => record(n)));
    const written: number[] = [];
    await trailWith({ onWritten: (n) => written.push(n) }).flush();
    expect(store.calls.map((c) => c.length)).toEqual([500]);
    expect(written).toEqual([500]);
  });

  it('keeps in the spool what a replay could not store when the store went away mid-way, and does not try the new ones', async () => {
    mkdirSync(path.dirname(spoolFile), { recursive: true });
    spool(...Array.from({ length: 502 }, (_, n) => record(n)));
    store.downAfter = 1;
    const trail = trailWith();
    trail.record(record(1000));
    await trail.flush();
    expect(store.calls.map((c) => c.length)).toEqual([500, 2]);
    expect(spooled()).toEqual(['req-500', 'req-501', 'req-1000']);
    expect(log.lines).toEqual([['error', { err: DOWN, records: 2 }, 'audit store unavailable; records kept in the spool']]);
  });

  it('spools a batch the store cannot take, fsynced, and says so', async () => {
    const appends = jest.spyOn(fs, 'appendFileSync');
    store.down = true;
    const trail = trailWith();
    trail.record(record(1));
    trail.record(record(2));
    await trail.flush();
    expect(spooled()).toEqual(['req-1', 'req-2']);
    expect(appends.mock.calls.filter(([file]) => file === spoolFile).map(([, , options]) => options)).toEqual([{ flush: true }]);
    expect(log.lines).toEqual([['error', { err: DOWN, records: 2 }, 'audit store unavailable; records kept in the spool']]);
    expect(trail.pending).toBe(2);
  });

  it('rewrites the spool fsynced when only some of it could be replayed, and removes it when all of it was', async () => {
    mkdirSync(path.dirname(spoolFile), { recursive: true });
    const writes = jest.spyOn(fs, 'writeFileSync');
    const removals = jest.spyOn(fs, 'rmSync');
    spool(record(1), record(2), record(3));
    store.refuses = (r) => r.requestId === 'req-2';
    await trailWith().flush();
    expect(spooled()).toEqual(['req-2']);
    expect(store.stored).toEqual(['req-1', 'req-3']);
    expect(writes.mock.calls.filter(([file]) => file === spoolFile).map(([, , options]) => options)).toEqual([{ flush: true }]);
    expect(log.lines.filter(([level]) => level === 'info')).toEqual([['info', { records: 2 }, 'audit records replayed from the spool']]);
    store.refuses = () => false;
    await trailWith().flush();
    expect(existsSync(spoolFile)).toBe(false);
    expect(removals.mock.calls.filter(([file]) => file === spoolFile).map(([, options]) => options)).toEqual([{ force: true }]);
  });

  it('does not say it replayed anything when the store refused all of the spool', async () => {
    mkdirSync(path.dirname(spoolFile), { recursive: true });
    spool(record(1));
    store.refuses = () => true;
    await trailWith().flush();
    expect(log.lines.filter(([level]) => level === 'info')).toEqual([]);
    expect(spooled()).toEqual(['req-1']);
  });

  it('keeps the records not yet tried when the store goes away while it looks for the ones it refuses', async () => {
    store.refuses = (r) => r.requestId === 'req-1';
    store.downAfter = 2; // the batch (refused), req-1 (refused), then down
    const trail = trailWith();
    for (const n of [1, 2, 3]) trail.record(record(n));
    await trail.flush();
    expect(store.calls).toEqual([['req-1', 'req-2', 'req-3'], ['req-1'], ['req-2']]);
    expect(spooled()).toEqual(['req-1', 'req-2', 'req-3']);
  });

  it('names at most 20 refused requests in its alarm, and counts them all', async () => {
    const refusedCounts: number[] = [];
    store.refuses = () => true;
    const trail = trailWith({ batchSize: 1000, onRefused: (n) => refusedCounts.push(n) });
    for (let n = 0; n < 21; n++) trail.record(record(n));
    await trail.flush();
    expect(refusedCounts).toEqual([21]);
    expect(log.lines).toEqual([
      [
        'error',
        {
          err: REFUSED,
          records: 21,
          requestIds: Array.from({ length: 20 }, (_, n) => `req-${n}`),
          spoolFile,
        },
        'audit records refused by the store although it answers; kept in the spool and tried again on every flush ' +
          'until the store takes them',
      ],
    ]);
  });

  it('keeps the batch in memory when the spool cannot be read, and never rejects', async () => {
    const trail = trailWith();
    mkdirSync(spoolFile, { recursive: true }); // a folder where the spool file should be
    trail.record(record(1));
    await expect(trail.flush()).resolves.toBeUndefined();
    expect(log.lines).toEqual([
      ['error', { err: expect.objectContaining({ code: 'EISDIR' }) }, 'audit flush failed; records kept for the next one'],
    ]);
    rmSync(spoolFile, { recursive: true });
    trail.record(record(2));
    await trail.flush();
    expect(store.stored).toEqual(['req-1', 'req-2']);
  });

  it('sets torn spool lines aside, fsynced, skipping blank ones, and removes a spool left with none', async () => {
    mkdirSync(path.dirname(spoolFile), { recursive: true });
    const appends = jest.spyOn(fs, 'appendFileSync');
    writeFileSync(spoolFile, '   \n{"torn\n{"too\n');
    await trailWith().flush();
    expect(readFileSync(`${spoolFile}.rejected`, 'utf8')).toBe(
      '{"reason":"unreadable spool line","line":"{\\"torn"}\n{"reason":"unreadable spool line","line":"{\\"too"}\n',
    );
    expect(appends.mock.calls.filter(([file]) => file === `${spoolFile}.rejected`).map(([, , options]) => options)).toEqual([
      { flush: true },
    ]);
    expect(existsSync(spoolFile)).toBe(false);
    expect(store.calls).toEqual([]);
  });

  it('rewrites the spool without its torn lines, fsynced, before replaying it', async () => {
    mkdirSync(path.dirname(spoolFile), { recursive: true });
    writeFileSync(spoolFile, `${JSON.stringify(record(1))}\n{"torn\n`);
    const writes = jest.spyOn(fs, 'writeFileSync');
    store.down = true;
    await trailWith().flush();
    expect(readFileSync(spoolFile, 'utf8')).toBe(`${JSON.stringify(record(1))}\n`);
    expect(writes.mock.calls.filter(([file]) => file === spoolFile).map(([, content, options]) => [content, options])).toEqual([
      [`${JSON.stringify(record(1))}\n`, { flush: true }],
      [`${JSON.stringify(record(1))}\n`, { flush: true }],
    ]);
  });
});
