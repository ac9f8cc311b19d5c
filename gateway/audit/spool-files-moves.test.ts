import fs, { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../../platform/logger';
import { adoptOrphanedSpools, restoreRejected } from './spool-files';

function fakeLogger() {
  const warnings: Array<[unknown, string]> = [];
  return { warnings, logger: { warn: (fields: unknown, message: string) => void warnings.push([fields, message]) } as unknown as Logger };
}

describe('moving audit spools between files', () => {
  let dir: string;
  let spool: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'spool-moves-'));
    spool = path.join(dir, 'audit.jsonl');
  });
  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  it('moves a former worker spool ending in a newline as it is, fsynced, and says so', () => {
    const { warnings, logger } = fakeLogger();
    const appends = jest.spyOn(fs, 'appendFileSync');
    writeFileSync(`${spool}.worker-2`, '{"n":2}\n');
    adoptOrphanedSpools(spool, 1, logger);
    expect(readFileSync(spool, 'utf8')).toBe('{"n":2}\n');
    expect(appends.mock.calls.filter(([file]) => file === spool).map(([, , options]) => options)).toEqual([{ flush: true }]);
    expect(warnings).toEqual([[{ from: `${spool}.worker-2`, into: spool }, 'audit spool of a former worker moved into the main spool']]);
  });

  it('removes an empty former worker spool without writing anything', () => {
    writeFileSync(`${spool}.worker-2`, '');
    adoptOrphanedSpools(spool, 1, fakeLogger().logger);
    expect(existsSync(`${spool}.worker-2`)).toBe(false);
    expect(existsSync(spool)).toBe(false);
  });

  it('leaves the spools of workers that still exist, and files of other names', () => {
    for (const name of [
      'audit.jsonl.worker-1',
      'audit.jsonl.worker-x',
      'audit.jsonl.worker-3.bak',
      'other.jsonl.worker-3',
      'xaudit.jsonl.worker-3',
    ])
      writeFileSync(path.join(dir, name), '{}\n');
    adoptOrphanedSpools(spool, 1, fakeLogger().logger);
    expect(fs.readdirSync(dir).sort()).toEqual([
      'audit.jsonl.worker-1',
      'audit.jsonl.worker-3.bak',
      'audit.jsonl.worker-x',
      'other.jsonl.worker-3',
      'xaudit.jsonl.worker-3',
    ]);
  });

  it('treats the spool name literally, dots and all', () => {
    writeFileSync(path.join(dir, 'auditXjsonl.worker-2'), '{}\n');
    adoptOrphanedSpools(spool, 1, fakeLogger().logger);
    expect(existsSync(path.join(dir, 'auditXjsonl.worker-2'))).toBe(true);
  });
});

describe('restoreRejected', () => {
  let dir: string;
  let spool: string;
  let rejected: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'restore-rejected-'));
    spool = path.join(dir, 'audit.jsonl');
    rejected = `${spool}.rejected`;
  });
  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  it('moves the records back into the spool, fsynced, keeps the lines without one, and says how many it moved', () => {
    const { warnings, logger } = fakeLogger();
    const appends = jest.spyOn(fs, 'appendFileSync');
    const writes = jest.spyOn(fs, 'writeFileSync');
    writeFileSync(
      rejected,
      [
        '{"reason":"x","record":{"requestId":"r-1"}}',
        '  ',
        '{"reason":"y","record":null}',
        'not json',
        '"text"',
        '{"reason":"z","record":{"requestId":"r-2"}}',
        '',
      ].join('\n'),
    );
    writes.mockClear();
    restoreRejected(rejected, spool, logger);
    expect(readFileSync(spool, 'utf8')).toBe('{"requestId":"r-1"}\n{"requestId":"r-2"}\n');
    expect(readFileSync(rejected, 'utf8')).toBe('{"reason":"y","record":null}\nnot json\n"text"\n');
    expect(appends.mock.calls.filter(([file]) => file === spool).map(([, , options]) => options)).toEqual([{ flush: true }]);
    expect(writes.mock.calls.filter(([file]) => file === rejected).map(([, , options]) => options)).toEqual([{ flush: true }]);
    expect(warnings).toEqual([
      [{ from: rejected, into: spool, records: 2 }, 'audit records an earlier version set aside moved back into the spool, to be replayed'],
    ]);
  });

  it('removes the file once every line of it went back', () => {
    writeFileSync(rejected, '{"record":{"requestId":"r-1"}}\n\n');
    restoreRejected(rejected, spool, fakeLogger().logger);
    expect(existsSync(rejected)).toBe(false);
    expect(readFileSync(spool, 'utf8')).toBe('{"requestId":"r-1"}\n');
  });

  it('touches nothing when no line holds a record, or there is no file', () => {
    const { warnings, logger } = fakeLogger();
    writeFileSync(rejected, '{"reason":"unreadable spool line","line":"{"}\n');
    restoreRejected(rejected, spool, logger);
    restoreRejected(path.join(dir, 'missing'), spool, logger);
    expect(readFileSync(rejected, 'utf8')).toBe('{"reason":"unreadable spool line","line":"{"}\n');
    expect(existsSync(spool)).toBe(false);
    expect(warnings).toEqual([]);
  });
});
