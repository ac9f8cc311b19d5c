import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../../platform/logger';
import { adoptOrphanedSpools, spoolFileForSlot } from './spool-files';

describe('audit spool files of gateway workers', () => {
  let dir: string;
  let spool: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'spool-files-'));
    spool = path.join(dir, 'audit-spool.jsonl');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('gives slot 1 (and a gateway without workers) the configured file and every other slot its own', () => {
    expect(spoolFileForSlot(spool, undefined)).toBe(spool);
    expect(spoolFileForSlot(spool, 1)).toBe(spool);
    expect(spoolFileForSlot(spool, 3)).toBe(`${spool}.worker-3`);
  });

  it('moves the spools of slots that no longer exist into the configured file, keeping every line and a torn one apart', () => {
    writeFileSync(spool, '{"n":1}\n');
    writeFileSync(`${spool}.worker-2`, '{"n":2}\n');
    writeFileSync(`${spool}.worker-3`, '{"n":3}\n{"n":4');
    writeFileSync(`${spool}.worker-3.rejected`, 'kept for people to read\n');

    adoptOrphanedSpools(spool, 2, createLogger('test', 'silent'));

    expect(readFileSync(spool, 'utf8')).toBe('{"n":1}\n{"n":3}\n{"n":4\n');
    expect(existsSync(`${spool}.worker-2`)).toBe(true);
    expect(existsSync(`${spool}.worker-3`)).toBe(false);
    expect(existsSync(`${spool}.worker-3.rejected`)).toBe(true);
  });

  it(
    'moves the records an earlier version set aside for a slot that no longer exists into the configured file, ' +
      'keeping unreadable lines apart',
    () => {
      writeFileSync(
        `${spool}.worker-3.rejected`,
        '{"reason":"Data too long","record":{"requestId":"r-1"}}\n{"reason":"unreadable spool line","line":"{\\"at"}\n',
      );
      writeFileSync(`${spool}.worker-2.rejected`, '{"reason":"Data too long","record":{"requestId":"r-2"}}\n');

      adoptOrphanedSpools(spool, 2, createLogger('test', 'silent'));

      expect(readFileSync(spool, 'utf8')).toBe('{"requestId":"r-1"}\n');
      expect(readFileSync(`${spool}.worker-3.rejected`, 'utf8')).toBe('{"reason":"unreadable spool line","line":"{\\"at"}\n');
      // A slot that still exists restores its own when its trail starts.
      expect(readFileSync(`${spool}.worker-2.rejected`, 'utf8')).toBe('{"reason":"Data too long","record":{"requestId":"r-2"}}\n');
    },
  );

  it('does nothing when the spool folder does not exist yet', () => {
    expect(() => adoptOrphanedSpools(path.join(dir, 'missing', 'spool.jsonl'), 1, createLogger('test', 'silent'))).not.toThrow();
  });
});
