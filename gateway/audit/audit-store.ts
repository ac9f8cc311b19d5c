import { jsonStringList } from '../../systems/audit/json-list';
import { randomUUID } from 'node:crypto';
import { connectDatabase, isMysql, type Knex, PREPARED_STATEMENT } from '../../platform/database';
import { migrateAudit } from '../../systems/audit/schema';
import { AUDIT_TABLES, fitColumn, OPERATION_TEXT_WIDTHS } from '../../systems/audit/tables';
import { type ChainLink, lastLink, newWriterId, operationRowHash } from './audit-chain';
import type { AuditRecord, CustomerAccess } from './audit-record';
import { currentRecord } from './legacy-record';

const {
  operations: OPERATIONS_TABLE,
  operationCustomers: OPERATION_CUSTOMERS_TABLE,
  legacyRecords: LEGACY_RECORDS_TABLE,
  legacyRecordCustomers: LEGACY_CUSTOMERS_TABLE,
} = AUDIT_TABLES;

/**
 * Longest JSON list of coordinates a row holds, in bytes (a MySQL TEXT holds 65,535).
 * Lists of schema coordinates are bounded by the schema, not by the size of an answer,
 * so this is never reached by a real record; should one get there anyway, the list is
 * stored cut short, ending with the coordinate `…` (TRUNCATED), rather than not at all.
 */
export const MAX_LIST_BYTES = 60_000;
/** The last coordinate of a list that was too long to store whole (exported, with MAX_LIST_BYTES, for the store's tests). */
export const TRUNCATED = '…';

/**
 * The audit trail's own database (embedded SQLite by default, MySQL via
 * AUDIT_DATABASE_URL): one append-only row per operation, plus one row per customer it
 * returned or withheld data of, each holding only schema coordinates (`Customer.email`)
 * and caller text cut to its column, so any record fits. A batch costs four statements
 * plus one per 250 rows of either table, and a record whose key is already stored is skipped.
 *
 * Each store is one writer with a hash chain of its own (gateway/audit/audit-chain.ts): the
 * records it stores get seq 1, 2, … in its chain, each hashed with the previous one's hash. The
 * chain's last link is read once (and again after a failed transaction), then kept in memory.
 */
export class AuditStore {
  private migrated?: Promise<void>;
  /** This writer's chain: unique across workers and replicas, new for every process (and store). */
  readonly chain: string;
  /** The chain's last stored link; unknown at first and after a failed transaction. */
  private last?: ChainLink;
  /** Appends one at a time: each continues the chain where the one before left it. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Knex,
    options: { writerId?: string } = {},
  ) {
    this.chain = options.writerId ?? newWriterId();
  }

  /** Creates or upgrades the tables, once per store; a failed attempt is retried on the next call. */
  migrate(): Promise<void> {
    this.migrated ??= this.exclusively(() => this.createTablesBesideOthers()).catch((error: unknown) => {
      this.migrated = undefined;
      throw error;
    });
    return this.migrated;
  }

  /**
   * Another process (a replica, a worker) may create a table or hold the migration lock
   * between our look and our create: then look again.
   */
  private async createTablesBesideOthers(attempts = 5): Promise<void> {
    try {
      await this.createTables();
    } catch (error) {
      if (attempts <= 1 || !isRaceWithAnotherMigrator(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
      await this.createTablesBesideOthers(attempts - 1);
    }
  }

  /** On MySQL, one process at a time migrates (a named lock); SQLite has one writer per file anyway. */
  private async exclusively(work: () => Promise<void>): Promise<void> {
    if (!isMysql(this.db)) return work();
    const connection = await this.db.client.acquireConnection();
    try {
      await this.db.raw("SELECT GET_LOCK('customer_graph_audit_migration', 60)").connection(connection);
      try {
        await work();
      } finally {
        await this.db.raw("SELECT RELEASE_LOCK('customer_graph_audit_migration')").connection(connection);
      }
    } finally {
      await this.db.client.releaseConnection(connection);
    }
  }

  /** The tables as the audit system's migrations define them, then the records of earlier versions copied in. */
  private async createTables(): Promise<void> {
    await migrateAudit(this.db);
    await this.migrateLegacyTables();
  }

  /**
   * Stores created by earlier versions: their records are copied into the new tables
   * (once: the copy skips keys already there, so an interrupted copy is simply done
   * again), then the old tables are renamed (`…_v1`), never dropped. Legacy records
   * carried response paths, not coordinates per customer: see `currentRecord`.
   */
  private async migrateLegacyTables(): Promise<void> {
    if (await this.db.schema.hasTable(LEGACY_RECORDS_TABLE)) {
      const hasKey = await this.db.schema.hasColumn(LEGACY_RECORDS_TABLE, 'record_key');
      for (let after = 0; ; ) {
        const rows: LegacyRow[] = await this.db(LEGACY_RECORDS_TABLE).where('id', '>', after).orderBy('id').limit(INSERT_CHUNK);
        if (rows.length === 0) break;
        after = Number(rows[rows.length - 1].id);
        // Records stored before keys existed get one made of their number (the same on every attempt).
        await this.insert(rows.map((row) => legacyRecord(row, hasKey && row.record_key ? row.record_key : `v1-${row.id}`)));
      }
      await this.db.schema.renameTable(LEGACY_RECORDS_TABLE, await this.freeName(`${LEGACY_RECORDS_TABLE}_v1`));
    }
    // Only the records' own JSON is copied (it names the same customers); this table is kept beside them.
    if (await this.db.schema.hasTable(LEGACY_CUSTOMERS_TABLE)) {
      await this.db.schema.renameTable(LEGACY_CUSTOMERS_TABLE, await this.freeName(`${LEGACY_CUSTOMERS_TABLE}_v1`));
    }
  }

  /** `name`, or `name_2`, `name_3`… when an earlier migration already used it. */
  private async freeName(name: string): Promise<string> {
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? name : `${name}_${n}`;
      if (!(await this.db.schema.hasTable(candidate))) return candidate;
    }
  }

  /** Appends records in one transaction: all of them or none. */
  async append(records: AuditRecord[]): Promise<void> {
    if (records.length === 0) return;
    // Created on first use, and retried until it works: a store that is down at start is not fatal.
    await this.migrate();
    await this.insert(records);
  }

  private insert(records: AuditRecord[]): Promise<void> {
    const done = this.queue.then(() => this.insertChained(records));
    this.queue = done.catch(() => undefined);
    return done;
  }

  private async insertChained(records: AuditRecord[]): Promise<void> {
    const keyed = [
      ...new Map(
        records.map((record) => {
          const key = record.key ?? randomUUID();
          return [key, { ...record, key }] as const;
        }),
      ).values(),
    ];
    let link = this.last;
    try {
      await this.db.transaction(async (trx) => {
        const stored = new Set(
          await this.storedKeys(
            trx,
            keyed.map((r) => r.key),
          ),
        );
        const fresh = keyed.filter((record) => !stored.has(record.key));
        if (fresh.length === 0) return;
        link ??= await lastLink(trx, this.chain);
        // In record order, each continuing from the one before; the hash covers the row and its customer rows.
        const chained = fresh.map((record) => {
          const customers = customerRows(record.customers);
          const row = {
            ...toOperationRow(record),
            chain: this.chain,
            seq: (link as ChainLink).seq + 1,
            prev_hash: (link as ChainLink).hash,
          };
          link = { seq: row.seq, hash: operationRowHash(row, customers) };
          return { key: record.key, row: { ...row, hash: link.hash }, customers };
        });
        await insertInChunks(
          trx,
          OPERATIONS_TABLE,
          chained.map((c) => c.row),
        );
        const ids = new Map(
          (
            await trx(OPERATIONS_TABLE)
              .whereIn(
                'record_key',
                fresh.map((r) => r.key),
              )
              .select('id', 'record_key')
          ).map((row) => [row.record_key, row.id]),
        );
        const customers = chained.flatMap(({ key, customers }) => {
          const operationId = ids.get(key);
          // Written out rather than spread: a page of a hundred customers per record.
          return customers.map(({ customer_id, returned, masked, denied }) => ({
            customer_id,
            operation_id: operationId,
            returned,
            masked,
            denied,
          }));
        });
        await insertInChunks(trx, OPERATION_CUSTOMERS_TABLE, customers);
      });
    } catch (error) {
      this.last = undefined;
      throw error;
    }
    this.last = link;
  }

  private async storedKeys(trx: Knex.Transaction, keys: string[]): Promise<string[]> {
    const rows: Array<{ record_key: string }> = await trx(OPERATIONS_TABLE).whereIn('record_key', keys).select('record_key');
    return rows.map((row) => row.record_key);
  }
}

/** Creates the audit store's tables if they are missing (before any reader starts). */
export async function prepareAuditStore(databaseUrl: string): Promise<void> {
  const db = connectDatabase(databaseUrl);
  try {
    await new AuditStore(db).migrate();
  } finally {
    await db.destroy();
  }
}

/** Rows per INSERT: under SQLite's 500-term limit for a multi-row insert and the placeholder limits. */
const INSERT_CHUNK = 250;

/**
 * Rows in INSERT_CHUNK-row statements. A whole chunk goes prepared (on MySQL: the server then parses no values
 * out of the statement's text); the shorter last one as text, since each row count is a statement of its own and
 * a connection keeps only a few: a busy gateway's flushes write mostly whole chunks, and those always hit.
 */
async function insertInChunks(trx: Knex.Transaction, table: string, rows: Array<Record<string, unknown>>): Promise<void> {
  for (const chunk of chunks(rows, INSERT_CHUNK)) {
    const insert = trx(table).insert(chunk);
    await (chunk.length === INSERT_CHUNK ? insert.options(PREPARED_STATEMENT) : insert);
  }
}

function chunks<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

function toOperationRow(record: AuditRecord & { key: string }) {
  return {
    record_key: record.key,
    kind: fitColumn(record.kind, 16),
    at: fitColumn(record.at, 30),
    request_id: fitColumn(record.requestId, 128),
    client_request_id:
      record.clientRequestId === null || record.clientRequestId === undefined ? null : fitColumn(record.clientRequestId, 128),
    subject: fitColumn(record.subject, OPERATION_TEXT_WIDTHS.subject),
    client_id: fitColumn(record.clientId, OPERATION_TEXT_WIDTHS.client_id),
    client_kind: fitColumn(record.clientKind, 16),
    purpose: fitColumn(record.purpose, OPERATION_TEXT_WIDTHS.purpose),
    operation_name: record.operationName === null ? null : fitColumn(record.operationName, OPERATION_TEXT_WIDTHS.operation_name),
    operation_hash: fitColumn(record.operationHash, 64),
    refusal: record.refusal === null || record.refusal === undefined ? null : fitColumn(record.refusal, 64),
    returned: coordinates(record.returned),
    masked: coordinates(record.masked),
    denied: coordinates(record.denied),
    searches:
      record.searches && record.searches.length > 0
        ? JSON.stringify(record.searches.map(({ kind, termHash }) => ({ kind, termHash })))
        : null,
  };
}

/**
 * One row per customer. A customer named twice in a record (or two ids that are the same
 * once cut to the column) is one row holding both lists, so the primary key cannot refuse it.
 */
function customerRows(customers: CustomerAccess[]) {
  const merged = new Map<string, { returned: string[]; masked: string[]; denied: string[] }>();
  for (const customer of customers) {
    const customerId = fitColumn(String(customer.customerId), 20);
    const seen = merged.get(customerId);
    merged.set(customerId, {
      returned: eachOnce(seen?.returned, customer.returned),
      masked: eachOnce(seen?.masked, customer.masked),
      denied: eachOnce(seen?.denied, customer.denied),
    });
  }
  // Customers that got the same fields share one list (audit-outcome.ts): its JSON is made once.
  const json = new Map<readonly string[], string>();
  const jsonOf = (list: string[]) => json.get(list) ?? json.set(list, coordinates(list)).get(list)!;
  return [...merged].map(([customerId, lists]) => ({
    customer_id: customerId,
    returned: jsonOf(lists.returned),
    masked: jsonOf(lists.masked),
    denied: jsonOf(lists.denied),
  }));
}

/**
 * The coordinates of `earlier` and then `more`, each once, in the order first met. The usual list
 * (a customer's first, sorted without repeats) is kept as it is, not copied.
 */
function eachOnce(earlier: readonly string[] | undefined, more: string[]): string[] {
  if (!earlier && isStrictlySorted(more)) return more;
  return [...new Set([...(earlier ?? []), ...more])];
}

function isStrictlySorted(list: readonly string[]): boolean {
  for (let i = 1; i < list.length; i++) if (!(list[i - 1] < list[i])) return false;
  return true;
}

/** A JSON list that fits its column: cut short, ending with `…`, in the case that cannot happen with a real schema. */
export function coordinates(list: string[]): string {
  const json = JSON.stringify(list);
  if (Buffer.byteLength(json) <= MAX_LIST_BYTES) return json;
  const kept: string[] = [];
  let bytes = Buffer.byteLength(JSON.stringify([TRUNCATED]));
  for (const coordinate of list) {
    const more = Buffer.byteLength(JSON.stringify(coordinate)) + 1;
    if (bytes + more > MAX_LIST_BYTES) break;
    kept.push(coordinate);
    bytes += more;
  }
  return JSON.stringify([...kept, TRUNCATED]);
}

// biome-ignore lint/suspicious/noExplicitAny: a driver row, read column by column by the mapper that takes it
type LegacyRow = Record<string, any>;

/** A row of `audit_records` as the record it would be today (see `currentRecord`). */
function legacyRecord(row: LegacyRow, key: string): AuditRecord {
  return currentRecord({
    key,
    at: row.at,
    requestId: row.request_id,
    subject: row.subject,
    clientId: row.client_id,
    clientKind: row.client_kind,
    purpose: row.purpose,
    operationName: row.operation_name ?? null,
    operationHash: row.operation_hash,
    customerIds: jsonStringList(row.customer_ids),
    fields: jsonStringList(row.fields),
    maskedPaths: jsonStringList(row.masked_paths),
    deniedPaths: jsonStringList(row.denied_paths),
  });
}

function isRaceWithAnotherMigrator(error: unknown): boolean {
  const { code, message, name } = (error ?? {}) as { code?: unknown; message?: unknown; name?: unknown };
  if (name === 'MigrationLocked' || code === 'ER_TABLE_EXISTS_ERROR') return true;
  return typeof message === 'string' && /already exists|already locked|UNIQUE constraint failed: audit_migrations/.test(message);
}
