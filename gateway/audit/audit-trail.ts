import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../../platform/logger';
import type { AuditRecord } from './audit-record';
import type { AuditStore } from './audit-store';

export interface AuditTrailOptions {
  /** Records that could not reach the store wait here (JSON lines, fsynced) until it is back. */
  spoolFile: string;
  flushIntervalMs?: number;
  /** Flush early when this many records wait. */
  batchSize?: number;
}

/**
 * Buffers audit records off the response path and writes them in batches. Nothing is
 * dropped: a batch the store refuses is appended to a local spool file and replayed
 * once the store answers again; stopping flushes what is left (to the spool, if need be).
 */
export class AuditTrail {
  private buffer: AuditRecord[] = [];
  private timer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();
  private readonly batchSize: number;

  constructor(private readonly store: AuditStore, private readonly logger: Logger, private readonly options: AuditTrailOptions) {
    this.batchSize = options.batchSize ?? 200;
    mkdirSync(path.dirname(options.spoolFile), { recursive: true });
  }

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.options.flushIntervalMs ?? 1000);
    this.timer.unref();
  }

  /** Called on the response path: only appends to memory. */
  readonly record = (record: AuditRecord): void => {
    this.buffer.push(record);
    if (this.buffer.length >= this.batchSize) void this.flush();
  };

  /** Records not yet in the store: in memory, plus those waiting in the spool file. */
  get pending(): number {
    return this.buffer.length + this.spooled().length;
  }

  /** Writes what is buffered (and what waits in the spool) to the store. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.writeOut());
    return this.flushing;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush();
  }

  private async writeOut(): Promise<void> {
    const batch = this.buffer;
    this.buffer = [];
    const waiting = this.spooled();
    if (waiting.length > 0) {
      try {
        await this.store.append(waiting);
        rmSync(this.options.spoolFile, { force: true });
        this.logger.info({ records: waiting.length }, 'audit records replayed from the spool');
      } catch (error) {
        this.spool(batch);
        this.logger.error({ err: error, spooled: waiting.length + batch.length }, 'audit store unavailable; records kept in the spool');
        return;
      }
    }
    if (batch.length === 0) return;
    try {
      await this.store.append(batch);
    } catch (error) {
      this.spool(batch);
      this.logger.error({ err: error, spooled: batch.length }, 'audit store unavailable; records kept in the spool');
    }
  }

  private spool(records: AuditRecord[]): void {
    if (records.length === 0) return;
    appendFileSync(this.options.spoolFile, records.map((record) => JSON.stringify(record)).join('\n') + '\n', { flush: true });
  }

  private spooled(): AuditRecord[] {
    if (!existsSync(this.options.spoolFile)) return [];
    const text = readFileSync(this.options.spoolFile, 'utf8');
    return text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as AuditRecord);
  }
}
