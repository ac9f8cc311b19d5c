import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isConnectionFailure } from '../../platform/connection-failure';
import type { Logger } from '../../platform/logger';
import type { AuditRecord } from './audit-record';
import type { AuditStore } from './audit-store';

export interface AuditTrailOptions {
  /** Records that could not reach the store wait here (JSON lines, fsynced) until it is back. */
  spoolFile: string;
  flushIntervalMs?: number;
  /** Flush early when this many records wait. */
  batchSize?: number;
  /** Told how many records each successful write stored (for metrics). */
  onWritten?: (records: number) => void;
}

/** Records replayed from the spool per transaction. */
const REPLAY_CHUNK = 500;

/**
 * Buffers audit records off the response path and writes them in batches. Nothing is
 * dropped: while the store cannot be reached, batches are appended to a local spool
 * file and replayed, in order, once it answers again; a record the store refuses on
 * its own (bad data) goes to `<spool>.rejected` with the reason, and the rest go on.
 * Stopping flushes what is left; anything recorded after that goes straight to the spool.
 */
export class AuditTrail {
  private buffer: AuditRecord[] = [];
  private timer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly batchSize: number;
  private readonly rejectedFile: string;

  constructor(private readonly store: AuditStore, private readonly logger: Logger, private readonly options: AuditTrailOptions) {
    this.batchSize = options.batchSize ?? 200;
    this.rejectedFile = `${options.spoolFile}.rejected`;
    mkdirSync(path.dirname(options.spoolFile), { recursive: true });
  }

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.options.flushIntervalMs ?? 1000);
    this.timer.unref();
  }

  /** Called on the response path: only appends to memory (or, once stopped, to the spool). */
  readonly record = (unkeyed: AuditRecord): void => {
    const record = { key: randomUUID(), ...unkeyed };
    if (this.stopped) return this.spool([record]);
    this.buffer.push(record);
    if (this.buffer.length >= this.batchSize) void this.flush();
  };

  /** Records not yet in the store: in memory, plus those waiting in the spool file. */
  get pending(): number {
    return this.buffer.length + this.spooled(false).length;
  }

  /** Writes what is buffered (and what waits in the spool) to the store. Never rejects. */
  flush(): Promise<void> {
    this.flushing = this.flushing
      .then(() => this.writeOut())
      .catch((error: unknown) => this.logger.error({ err: error }, 'audit flush failed; records kept for the next one'));
    return this.flushing;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush();
    this.stopped = true;
  }

  private async writeOut(): Promise<void> {
    const batch = this.buffer;
    this.buffer = [];
    try {
      const waiting = this.spooled();
      if (waiting.length > 0 && !(await this.replay(waiting))) return this.spool(batch);
      if (batch.length > 0 && !(await this.write(batch))) this.spool(batch);
    } catch (error) {
      // Something unexpected (say the spool cannot be read): keep the batch for the next flush.
      this.buffer = [...batch, ...this.buffer];
      throw error;
    }
  }

  /** Replays the spool in order, chunk by chunk; what is left stays spooled. True when all went in. */
  private async replay(waiting: AuditRecord[]): Promise<boolean> {
    for (let start = 0; start < waiting.length; start += REPLAY_CHUNK) {
      if (!(await this.write(waiting.slice(start, start + REPLAY_CHUNK)))) {
        writeFileSync(this.options.spoolFile, lines(waiting.slice(start)), { flush: true });
        return false;
      }
    }
    rmSync(this.options.spoolFile, { force: true });
    this.logger.info({ records: waiting.length }, 'audit records replayed from the spool');
    return true;
  }

  /** False when the store cannot be reached (the caller spools); bad records are set aside. */
  private async write(records: AuditRecord[]): Promise<boolean> {
    try {
      await this.store.append(records);
      this.options.onWritten?.(records.length);
      return true;
    } catch (error) {
      if (isConnectionFailure(error)) {
        this.logger.error({ err: error, records: records.length }, 'audit store unavailable; records kept in the spool');
        return false;
      }
      if (records.length > 1) {
        // The store answers but refuses this batch: find the records it refuses on their own.
        for (const record of records) if (!(await this.write([record]))) return false;
        return true;
      }
      appendFileSync(this.rejectedFile, JSON.stringify({ reason: (error as Error).message, record: records[0] }) + '\n', { flush: true });
      this.logger.error({ err: error, requestId: records[0].requestId }, `audit record refused by the store; kept in ${this.rejectedFile}`);
      return true;
    }
  }

  private spool(records: AuditRecord[]): void {
    if (records.length > 0) appendFileSync(this.options.spoolFile, lines(records), { flush: true });
  }

  /** The spool's records; a torn last line (a crash mid-write) is set aside, not fatal. */
  private spooled(setAsideTornLines = true): AuditRecord[] {
    if (!existsSync(this.options.spoolFile)) return [];
    const records: AuditRecord[] = [];
    for (const line of readFileSync(this.options.spoolFile, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        records.push(JSON.parse(line) as AuditRecord);
      } catch {
        if (setAsideTornLines) appendFileSync(this.rejectedFile, JSON.stringify({ reason: 'unreadable spool line', line }) + '\n', { flush: true });
      }
    }
    return records;
  }
}

function lines(records: AuditRecord[]): string {
  return records.map((record) => JSON.stringify(record)).join('\n') + '\n';
}
