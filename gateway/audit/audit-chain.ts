import { createHash, randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Knex } from '../../platform/database';
import { AUDIT_TABLES, OPERATION_FACT_COLUMNS } from '../../systems/audit/tables';

/**
 * The audit store's hash chains. Every writer (a gateway process: each worker, each replica, and
 * each run of `audit:purge`) has a chain of its own, named by its writer id; each operation row
 * it stores carries `seq` (1, 2, … in that chain), `prev_hash` (the hash of the chain's previous
 * row; GENESIS_HASH for seq 1) and `hash`: the sha256 of the row's columns and its customer rows.
 * Editing either table, or deleting a row, then shows when the chains are walked again.
 */

const { operations: OPERATIONS_TABLE, operationCustomers: CUSTOMERS_TABLE, purges: PURGES_TABLE } = AUDIT_TABLES;

/** The `prev_hash` of a chain's first record. */
export const GENESIS_HASH = '0'.repeat(64);

/** A writer id: stable for this process's lifetime, unique across workers and replicas (host, pid, 48 random bits). */
export function newWriterId(): string {
  const host =
    os
      .hostname()
      .replace(/[^A-Za-z0-9_.-]/g, '_')
      .slice(0, 80) || 'host';
  return `${host}-${process.pid}-${randomBytes(6).toString('hex')}`;
}

/** The operation columns a hash covers: all but the autoincrement id and the hash itself. */
const HASHED_OPERATION_COLUMNS = [
  'record_key',
  ...OPERATION_FACT_COLUMNS,
  'returned',
  'masked',
  'denied',
  'chain',
  'seq',
  'prev_hash',
] as const;

/** A customer row's columns a hash covers (its operation is the row the hash belongs to). */
const HASHED_CUSTOMER_COLUMNS = ['customer_id', 'returned', 'masked', 'denied'] as const;

const HASHED_PURGE_COLUMNS = ['at', 'cutoff', 'removed', 'checkpoints', 'chain', 'seq', 'prev_hash'] as const;

const NUMERIC_COLUMNS = new Set(['seq', 'removed']);

// biome-ignore lint/suspicious/noExplicitAny: a driver row, read column by column
type Row = Record<string, any>;

/**
 * The text a hash covers is canonical JSON: every object's keys in sorted order (as
 * safe-stable-stringify wrote it when the format was set, and every stored hash was made of).
 * Columns are picked in sorted order, so JSON.stringify writes that text without sorting per row.
 */
const sorted = (columns: readonly string[]) => [...columns].sort();
const OPERATION_KEYS = sorted(HASHED_OPERATION_COLUMNS);
const OPERATION_KEYS_WITH_SEARCHES = sorted([...HASHED_OPERATION_COLUMNS, 'searches']);
const CUSTOMER_KEYS = sorted(HASHED_CUSTOMER_COLUMNS);
const PURGE_KEYS = sorted(HASHED_PURGE_COLUMNS);

/**
 * The hash of an operation row and its customer rows (in any order: sorted by customer id here). The text is
 * what `JSON.stringify({ customers: [each row picked], operation: picked })` writes, put together a customer at
 * a time: a page's customers share their coordinate lists, whose JSON is then written once, not once per customer.
 */
export function operationRowHash(operation: Row, customers: readonly Row[]): string {
  const listJson = CUSTOMER_KEYS.map(() => new Map<unknown, string>());
  const ownCustomers = customers.map((row) => {
    const id = canonical(row.customer_id, 'customer_id');
    let text = `{${CUSTOMER_KEY_JSON[0]}${JSON.stringify(id)}`;
    for (let i = 1; i < CUSTOMER_KEYS.length; i++) {
      const value = row[CUSTOMER_KEYS[i]];
      let json = listJson[i].get(value);
      if (json === undefined) listJson[i].set(value, (json = JSON.stringify(canonical(value, CUSTOMER_KEYS[i]))));
      text += `,${CUSTOMER_KEY_JSON[i]}${json}`;
    }
    return { id: String(id), text: `${text}}` };
  });
  ownCustomers.sort((a, b) => compare(a.id, b.id));
  // `searches` (migration 004) is covered when it holds something: rows without one hash as they always did.
  const columns = operation.searches === null || operation.searches === undefined ? OPERATION_KEYS : OPERATION_KEYS_WITH_SEARCHES;
  const customersJson = ownCustomers.map((customer) => customer.text).join(',');
  return sha256(`{"customers":[${customersJson}],"operation":${JSON.stringify(pick(operation, columns))}}`);
}

/** `"customer_id":` and the like: each customer column's key as JSON writes it, in sorted order (customer_id first). */
const CUSTOMER_KEY_JSON = CUSTOMER_KEYS.map((column) => `${JSON.stringify(column)}:`);

export function purgeRowHash(purge: Row): string {
  return sha256(JSON.stringify({ purge: pick(purge, PURGE_KEYS) }));
}

/** Canonical values: null, numbers for the numeric columns, well-formed strings (what either database gives back). */
function pick(row: Row, columns: readonly string[]): Record<string, string | number | null> {
  const picked: Record<string, string | number | null> = {};
  for (const column of columns) picked[column] = canonical(row[column], column);
  return picked;
}

function canonical(value: unknown, column: string): string | number | null {
  if (value === null || value === undefined) return null;
  if (NUMERIC_COLUMNS.has(column)) return Number(value);
  return wellFormed(String(value));
}

/** Lone surrogates as U+FFFD, as a round trip through UTF-8 gives them (only text holding a surrogate takes it). */
function wellFormed(text: string): string {
  return SURROGATE.test(text) ? Buffer.from(text, 'utf8').toString('utf8') : text;
}

const SURROGATE = /[\ud800-\udfff]/;

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The last link of a chain as stored: where its next record continues (seq 0 and GENESIS_HASH for a new chain). */
export async function lastLink(db: Knex, chain: string): Promise<ChainLink> {
  const row = await db(OPERATIONS_TABLE).where('chain', chain).orderBy('seq', 'desc').first('seq', 'hash');
  if (row) return { seq: Number(row.seq), hash: String(row.hash) };
  // A chain purged whole goes on from where the newest purge left it, not from genesis again.
  return (await lastPurgedLink(db, chain)) ?? { seq: 0, hash: GENESIS_HASH };
}

/** Where the newest purge that reached this chain left it, if one did. */
async function lastPurgedLink(db: Knex, chain: string): Promise<ChainLink | undefined> {
  const purges: Row[] = await db(PURGES_TABLE).orderBy('id', 'desc').select('checkpoints');
  for (const purge of purges) {
    const checkpoint = parseCheckpoints(purge.checkpoints).find((c) => c.chain === chain);
    if (checkpoint) return { seq: checkpoint.seq, hash: checkpoint.hash };
  }
  return undefined;
}

export interface ChainLink {
  seq: number;
  hash: string;
}

/** Where a purge left a chain: its last purged record, and how many of its records went. */
export interface PurgeCheckpoint extends ChainLink {
  chain: string;
  removed: number;
}

// ---------------------------------------------------------------------------------------------
// Verification
// ---------------------------------------------------------------------------------------------

export interface ChainSummary {
  /** `operations` (audit_operations) or `purges` (audit_purges). */
  table: 'operations' | 'purges';
  chain: string;
  /** Records stored now. */
  records: number;
  firstSeq: number | null;
  lastSeq: number | null;
  firstAt: string | null;
  lastAt: string | null;
  /** How the chain begins: at genesis, after a recorded purge, or wholly purged. */
  start: string;
  /** The first record that does not fit, if any. */
  problem?: string;
}

export interface VerifyReport {
  ok: boolean;
  /** Operation chains ordered by their first record's `at`, then the purge chains. */
  chains: ChainSummary[];
  /** Rows stored before the chain began (before migration 002): not verified, not a failure. */
  unchained: number;
  problems: string[];
}

interface ChainRow {
  seq: number;
  prevHash: string;
  hash: string;
  /** What names the record in a message: its record key. */
  key: string;
  at: string;
  /** The hash recomputed from its contents. */
  recomputed: string;
}

/** Walks every chain of the store in seq order, a page at a time, and names per chain the first record that does not fit. */
export async function verifyAuditChains(db: Knex, options: { pageSize?: number } = {}): Promise<VerifyReport> {
  const pageSize = options.pageSize ?? 200;
  const problems: string[] = [];
  const chains: ChainSummary[] = [];

  // The purge records first: their checkpoints say where the chains they purged continue.
  const checkpoints = new Map<string, Array<PurgeCheckpoint & { purgeAt: string }>>();
  for (const summary of await chainSummaries(db, PURGES_TABLE, 'purges')) {
    const walked = await walkChain(summary, new Map(), (after) => purgePage(db, summary.chain, after, pageSize));
    if (walked.problem) problems.push(walked.problem);
    chains.push(walked);
  }
  for (let after = 0; ; ) {
    const rows: Row[] = await db(PURGES_TABLE).where('id', '>', after).orderBy('id').limit(pageSize);
    if (rows.length === 0) break;
    after = Number(rows[rows.length - 1].id);
    for (const row of rows) {
      if (purgeRowHash(row) !== row.hash) continue; // named above; an edited purge explains nothing
      for (const checkpoint of parseCheckpoints(row.checkpoints)) {
        const list = checkpoints.get(checkpoint.chain) ?? [];
        list.push({ ...checkpoint, purgeAt: String(row.at) });
        checkpoints.set(checkpoint.chain, list);
      }
    }
  }

  const operationChains = await chainSummaries(db, OPERATIONS_TABLE, 'operations');
  const walkedOperations: ChainSummary[] = [];
  for (const summary of operationChains) {
    const walked = await walkChain(summary, checkpoints, (after) => operationPage(db, summary.chain, after, pageSize));
    if (walked.problem) problems.push(walked.problem);
    walkedOperations.push(walked);
  }
  // Chains a purge removed whole: nothing left to walk, the checkpoint says where they ended.
  const stored = new Set(operationChains.map((c) => c.chain));
  for (const [chain, list] of checkpoints) {
    if (stored.has(chain)) continue;
    const last = list.reduce((a, b) => (b.seq > a.seq ? b : a));
    walkedOperations.push({
      table: 'operations',
      chain,
      records: 0,
      firstSeq: null,
      lastSeq: null,
      firstAt: null,
      lastAt: null,
      start: `wholly purged (seq 1…${last.seq}, by the purge of ${last.purgeAt})`,
    });
  }

  const [{ unchained }] = await db(OPERATIONS_TABLE).whereNull('chain').count({ unchained: '*' });
  return { ok: problems.length === 0, chains: [...walkedOperations, ...chains], unchained: Number(unchained), problems };
}

async function chainSummaries(db: Knex, table: string, kind: ChainSummary['table']): Promise<ChainSummary[]> {
  const rows: Row[] = await db(table)
    .whereNotNull('chain')
    .groupBy('chain')
    .select('chain')
    .count({ records: '*' })
    .min({ firstSeq: 'seq', firstAt: 'at' })
    .max({ lastSeq: 'seq', lastAt: 'at' })
    .orderBy([{ column: 'firstAt' }, { column: 'chain' }]);
  return rows.map((row) => ({
    table: kind,
    chain: String(row.chain),
    records: Number(row.records),
    firstSeq: Number(row.firstSeq),
    lastSeq: Number(row.lastSeq),
    firstAt: String(row.firstAt),
    lastAt: String(row.lastAt),
    start: '',
  }));
}

async function operationPage(db: Knex, chain: string, after: number, limit: number): Promise<ChainRow[]> {
  const rows: Row[] = await db(OPERATIONS_TABLE).where('chain', chain).andWhere('seq', '>', after).orderBy('seq').limit(limit);
  const customers = new Map<string, Row[]>();
  if (rows.length > 0) {
    const customerRows: Row[] = await db(CUSTOMERS_TABLE).whereIn(
      'operation_id',
      rows.map((row) => row.id),
    );
    for (const row of customerRows) {
      const list = customers.get(String(row.operation_id)) ?? [];
      list.push(row);
      customers.set(String(row.operation_id), list);
    }
  }
  return rows.map((row) => ({
    seq: Number(row.seq),
    prevHash: String(row.prev_hash),
    hash: String(row.hash),
    key: String(row.record_key),
    at: String(row.at),
    recomputed: operationRowHash(row, customers.get(String(row.id)) ?? []),
  }));
}

async function purgePage(db: Knex, chain: string, after: number, limit: number): Promise<ChainRow[]> {
  const rows: Row[] = await db(PURGES_TABLE).where('chain', chain).andWhere('seq', '>', after).orderBy('seq').limit(limit);
  return rows.map((row) => ({
    seq: Number(row.seq),
    prevHash: String(row.prev_hash),
    hash: String(row.hash),
    key: `purge ${row.id}`,
    at: String(row.at),
    recomputed: purgeRowHash(row),
  }));
}

/** One chain, page by page: the first record that does not fit ends the walk (the rest cannot be trusted to link). */
async function walkChain(
  summary: ChainSummary,
  checkpoints: Map<string, Array<PurgeCheckpoint & { purgeAt: string }>>,
  page: (after: number) => Promise<ChainRow[]>,
): Promise<ChainSummary> {
  const { chain } = summary;
  const own = checkpoints.get(chain) ?? [];
  const fail = (problem: string): ChainSummary => ({ ...summary, problem });
  let previous: ChainRow | undefined;
  let start = '';
  for (let after = 0; ; ) {
    const rows = await page(after);
    if (rows.length === 0) break;
    after = rows[rows.length - 1].seq;
    for (const row of rows) {
      const named = `chain ${chain} seq ${row.seq} (record key ${row.key})`;
      if (!previous) {
        const resumed = own.find((c) => c.seq === row.seq - 1);
        if (row.seq === 1) {
          if (row.prevHash !== GENESIS_HASH) return fail(`${named}: prev_hash is not the genesis value`);
          start = 'seq 1 (genesis)';
        } else if (resumed) {
          if (row.prevHash !== resumed.hash) return fail(`${named}: prev_hash does not match the purge of ${resumed.purgeAt}`);
          start = `seq ${row.seq}, after the purge of ${resumed.purgeAt} (seq 1…${resumed.seq} removed)`;
        } else {
          const unfinished = own.find((c) => c.seq >= row.seq);
          if (unfinished) {
            return fail(
              `chain ${chain}: the purge of ${unfinished.purgeAt} up to seq ${unfinished.seq} is unfinished ` +
                `(seq ${row.seq - 1} is gone, seq ${row.seq} is still stored): run audit:purge again`,
            );
          }
          const below = own.filter((c) => c.seq < row.seq - 1).reduce((a, c) => Math.max(a, c.seq), 0);
          return fail(`chain ${chain}: seq ${below + 1} is missing (before record key ${row.key}; no recorded purge explains it)`);
        }
      } else if (row.seq !== previous.seq + 1) {
        return fail(`chain ${chain}: seq ${previous.seq + 1} is missing (after ${previous.key})`);
      } else if (row.prevHash !== previous.hash) {
        return fail(`${named}: prev_hash does not match the stored hash of seq ${previous.seq} (${previous.key})`);
      }
      if (row.recomputed !== row.hash) return fail(`${named}: hash does not match its contents`);
      const checkpoint = own.find((c) => c.seq === row.seq && c.hash !== row.hash);
      if (checkpoint) return fail(`${named}: hash does not match the one the purge of ${checkpoint.purgeAt} recorded`);
      previous = row;
    }
  }
  return { ...summary, start };
}

function parseCheckpoints(json: unknown): PurgeCheckpoint[] {
  try {
    const list = JSON.parse(String(json));
    return Array.isArray(list)
      ? list.map((c) => ({ chain: String(c.chain), seq: Number(c.seq), hash: String(c.hash), removed: Number(c.removed) }))
      : [];
  } catch {
    return [];
  }
}

/** The report as the command prints it. */
export function describeReport(report: VerifyReport): string[] {
  const lines = [
    'Chains are independent: one per writer (gateway process, worker, replica, purge run); across writers records are',
    "ordered by `at`. Each chain's first record names its start: seq 1 at genesis, or the seq after a recorded purge.",
    '',
  ];
  for (const c of report.chains) {
    const span = c.records === 0 ? '' : `, seq ${c.firstSeq}…${c.lastSeq}, first at ${c.firstAt}, last at ${c.lastAt}`;
    const table = c.table === 'purges' ? ' (purge records)' : '';
    lines.push(`${c.problem ? 'FAIL' : 'ok  '} chain ${c.chain}${table}: ${c.records} records${span}; starts ${c.start || '—'}`);
    if (c.problem) lines.push(`     ${c.problem}`);
  }
  if (report.unchained > 0) lines.push(`${report.unchained} records unchained, before the chain began (not verified)`);
  lines.push(
    report.ok
      ? `Every chain fits (${report.chains.length} chains).`
      : `${report.problems.length} of ${report.chains.length} chains do not fit.`,
  );
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Retention
// ---------------------------------------------------------------------------------------------

export interface PurgeResult {
  cutoff: string;
  removed: number;
  unchainedRemoved: number;
  checkpoints: PurgeCheckpoint[];
  /** The purge record's own chain (the command's writer id). */
  chain: string;
}

/**
 * Purges the operation records (and their customer rows) older than `cutoff`. Per chain only a
 * prefix goes, so what stays is still one unbroken chain: the records before its first record at or
 * after the cutoff (an older record stored after a newer one waits for a later purge). The purge
 * is recorded first, in `audit_purges` (cutoff, count, per chain the last purged (seq, hash)), then
 * the rows are deleted in batches of `batchSize`, each batch its own transaction; an interrupted
 * purge is finished by running it again.
 */
export async function purgeAudit(
  db: Knex,
  options: { cutoff: string; now?: string; writerId?: string; batchSize?: number },
): Promise<PurgeResult> {
  const { cutoff } = options;
  const batchSize = options.batchSize ?? 500;
  const chain = options.writerId ?? newWriterId();
  const checkpoints: PurgeCheckpoint[] = [];
  const candidates: Row[] = await db(OPERATIONS_TABLE)
    .whereNotNull('chain')
    .andWhere('at', '<', cutoff)
    .groupBy('chain')
    .select('chain')
    .min({ firstSeq: 'seq' });
  for (const candidate of candidates) {
    const name = String(candidate.chain);
    const firstKept: Row | undefined = await db(OPERATIONS_TABLE)
      .where('chain', name)
      .andWhere('at', '>=', cutoff)
      .min({ seq: 'seq' })
      .first();
    const last =
      firstKept?.seq !== null && firstKept?.seq !== undefined
        ? Number(firstKept.seq) - 1
        : // Older than the cutoff only: a record its writer appends meanwhile is newer, and stays.
          Number((await db(OPERATIONS_TABLE).where('chain', name).andWhere('at', '<', cutoff).max({ seq: 'seq' }).first())?.seq);
    const [{ removed }] = await db(OPERATIONS_TABLE).where('chain', name).andWhere('seq', '<=', last).count({ removed: '*' });
    if (Number(removed) === 0) continue;
    const lastRow = await db(OPERATIONS_TABLE).where({ chain: name, seq: last }).first('hash');
    checkpoints.push({ chain: name, seq: last, hash: String(lastRow?.hash), removed: Number(removed) });
  }
  checkpoints.sort((a, b) => compare(a.chain, b.chain));
  const [{ unchained }] = await db(OPERATIONS_TABLE).whereNull('chain').andWhere('at', '<', cutoff).count({ unchained: '*' });
  const unchainedRemoved = Number(unchained);
  const removed = unchainedRemoved + checkpoints.reduce((sum, c) => sum + c.removed, 0);

  const purge = {
    at: options.now ?? new Date().toISOString(),
    cutoff,
    removed,
    checkpoints: JSON.stringify(checkpoints),
    chain,
    seq: 1,
    prev_hash: GENESIS_HASH,
  };
  await db(PURGES_TABLE).insert({ ...purge, hash: purgeRowHash(purge) });

  for (const checkpoint of checkpoints) {
    await deleteInBatches(db, batchSize, () =>
      db(OPERATIONS_TABLE).where('chain', checkpoint.chain).andWhere('seq', '<=', checkpoint.seq).orderBy('seq'),
    );
  }
  await deleteInBatches(db, batchSize, () => db(OPERATIONS_TABLE).whereNull('chain').andWhere('at', '<', cutoff).orderBy('id'));
  return { cutoff, removed, unchainedRemoved, checkpoints, chain };
}

async function deleteInBatches(db: Knex, batchSize: number, selection: () => Knex.QueryBuilder): Promise<void> {
  for (;;) {
    const ids = (await selection().limit(batchSize).select('id')).map((row: Row) => row.id);
    if (ids.length === 0) return;
    await db.transaction(async (trx) => {
      await trx(CUSTOMERS_TABLE).whereIn('operation_id', ids).delete();
      await trx(OPERATIONS_TABLE).whereIn('id', ids).delete();
    });
  }
}
