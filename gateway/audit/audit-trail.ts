import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isConnectionFailure } from '../../platform/connection-failure';
import type { Logger } from '../../platform/logger';
import type { AuditRecord } from './audit-record';
import type { AuditStore } from './audit-store';
import { currentRecord } from './legacy-record';
import { restoreRejected } from './spool-files';

interface AuditTrailOptions {
  /** Records that could not reach the store wait here (JSON lines, fsynced) until it is back. */
  spoolFile: string;
  flushIntervalMs?: number;
  /** Flush early when this many records wait. */
  batchSize?: number;
  /** Told how many records each successful write stored (for metrics). */
  onWritten?: (records: number) => void;
  /** Told, on each flush, how many records the store refused although it answered (an alarm: they wait in the spool). */
  onRefused?: (records: number) => void;
}

/** Records replayed from the spool per transaction. */
const REPLAY_CHUNK = 500;
/** Request ids named in the log line of a refusal. */
const NAMED_IN_LOG = 20;

/**
 * Buffers audit records off the response path and writes them in batches. Nothing is
 * dropped and nothing is set aside: while the store cannot be reached, batches are
 * appended to a local spool file and replayed, in order, once it answers again. Records
 * the store refuses although it answers (its tables were changed, say) are an alarm
 * (an error line, `onRefused`): the others go in, and the refused ones stay in the spool
 * and are tried again on every flush, so they go in once the store is fixed.
 * Stopping flushes what is left; anything recorded after that goes straight to the spool.
 */
export class AuditTrail {
  private buffer: AuditRecord[] = [];
  private timer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly batchSize: number;
  private readonly rejectedFile: string;
  /** Refused in the flush under way: told in one line and one call when it ends. */
  private refusals: Array<{ record: AuditRecord; error: unknown }> = [];

  constructor(
    private readonly store: AuditStore,
    private readonly logger: Logger,
    private readonly options: AuditTrailOptions,
  ) {
    this.batchSize = options.batchSize ?? 200;
    this.rejectedFile = `${options.spoolFile}.rejected`;
    mkdirSync(path.dirname(options.spoolFile), { recursive: true });
    // Earlier versions set refused records aside, where nothing replayed them: they go back in the spool.
    restoreRejected(this.rejectedFile, options.spoolFile, logger);
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

  /** Records not yet in the store: in memory, plus those waiting in the spool file (refused ones included). */
  get pending(): number {
    return this.buffer.length + this.spooled(false).length;
  }

  /** Writes what is buffered (and what waits in the spool) to the store. Never rejects. */
  flush(): Promise<void> {
    this.flushing = this.flushing
      .then(() => this.writeOut())
      .catch((error: unknown) => this.logger.error({ err: error }, 'audit flush failed; records kept for the next one'))
      .finally(() => this.reportRefusals());
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
      if (batch.length === 0) return;
      const refused = await this.write(batch);
      this.spool(refused ?? batch);
    } catch (error) {
      // Something unexpected (say the spool cannot be read): keep the batch for the next flush.
      this.buffer = [...batch, ...this.buffer];
      throw error;
    }
  }

  /**
   * Replays the spool in order, chunk by chunk. False when the store could not be reached:
   * what is left stays spooled. Otherwise the spool keeps only the records the store refused.
   */
  private async replay(waiting: AuditRecord[]): Promise<boolean> {
    const refused: AuditRecord[] = [];
    for (let start = 0; start < waiting.length; start += REPLAY_CHUNK) {
      const chunkRefused = await this.write(waiting.slice(start, start + REPLAY_CHUNK));
      if (chunkRefused === undefined) {
        writeFileSync(this.options.spoolFile, lines([...refused, ...waiting.slice(start)]), { flush: true });
        return false;
      }
      refused.push(...chunkRefused);
    }
    if (refused.length > 0) writeFileSync(this.options.spoolFile, lines(refused), { flush: true });
    else rmSync(this.options.spoolFile, { force: true });
    if (refused.length < waiting.length)
      this.logger.info({ records: waiting.length - refused.length }, 'audit records replayed from the spool');
    return true;
  }

  /**
   * Undefined when the store cannot be reached (the caller keeps them all); otherwise the
   * records it refused on their own, found by writing them one by one (the others are stored).
   */
  private async write(records: AuditRecord[]): Promise<AuditRecord[] | undefined> {
    try {
      await this.store.append(records);
      this.options.onWritten?.(records.length);
      return [];
    } catch (error) {
      if (isConnectionFailure(error)) {
        this.logger.error({ err: error, records: records.length }, 'audit store unavailable; records kept in the spool');
        return undefined;
      }
      if (records.length === 1) {
        this.refusals.push({ record: records[0], error });
        return records;
      }
      // The store answers but refuses this batch: find the records it refuses on their own.
      const refused: AuditRecord[] = [];
      for (let i = 0; i < records.length; i++) {
        const result = await this.write([records[i]]);
        // Lost mid-way: keep the refused ones and every one not tried yet (those stored are skipped on replay).
        if (result === undefined) return [...refused, ...records.slice(i)];
        refused.push(...result);
      }
      return refused;
    }
  }

  /** The alarm: one error line and one count per flush that met records the store refused. */
  private reportRefusals(): void {
    if (this.refusals.length === 0) return;
    const refusals = this.refusals;
    this.refusals = [];
    this.logger.error(
      {
        err: refusals[0].error,
        records: refusals.length,
        requestIds: refusals.slice(0, NAMED_IN_LOG).map(({ record }) => record.requestId),
        spoolFile: this.options.spoolFile,
      },
      'audit records refused by the store although it answers; kept in the spool and tried again on every flush until the store takes them',
    );
    this.options.onRefused?.(refusals.length);
  }

  private spool(records: AuditRecord[]): void {
    if (records.length > 0) appendFileSync(this.options.spoolFile, lines(records), { flush: true });
  }

  /** The spool's records; a torn last line (a crash mid-write) is set aside, not fatal. */
  private spooled(setAsideTornLines = true): AuditRecord[] {
    if (!existsSync(this.options.spoolFile)) return [];
    const records: AuditRecord[] = [];
    const torn: string[] = [];
    for (const line of readFileSync(this.options.spoolFile, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        records.push(currentRecord(JSON.parse(line)));
      } catch {
        torn.push(line);
      }
    }
    if (setAsideTornLines && torn.length > 0) {
      // Unreadable, so never replayable: kept apart for people to read, and out of the spool.
      appendFileSync(this.rejectedFile, `${torn.map((line) => JSON.stringify({ reason: 'unreadable spool line', line })).join('\n')}\n`, {
        flush: true,
      });
      if (records.length > 0) writeFileSync(this.options.spoolFile, lines(records), { flush: true });
      else rmSync(this.options.spoolFile, { force: true });
    }
    return records;
  }
}

function lines(records: AuditRecord[]): string {
  return `${records.map((record) => JSON.stringify(record)).join('\n')}\n`;
}
