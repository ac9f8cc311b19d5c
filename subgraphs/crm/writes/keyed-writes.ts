import { UserInputError } from '../../../contracts/errors';
import { isMysql, type Knex } from '../../../platform/database';

// biome-ignore lint/suspicious/noExplicitAny: a driver row, read column by column by the mapper that takes it
export type Row = Record<string, any>;

/**
 * One write to the OLTP made idempotent by a client-supplied key, the way every crm mutation
 * records: the change and its row in a request log whose `idempotency_key` column is unique, in
 * one transaction. `sameRequest` says whether a logged row was this request (arguments and
 * caller); `replay` turns it into the first answer; `apply` makes the change and writes the row.
 */
export interface KeyedWrite<Answer> {
  /** The request log: a table with a unique `idempotency_key` column. */
  log: string;
  idempotencyKey: string;
  sameRequest(row: Row): boolean;
  replay(row: Row): Answer;
  apply(trx: Knex.Transaction): Promise<Answer>;
}

/** What a keyed write answered, and whether an earlier call with the same key recorded it. */
export interface KeyedAnswer<Answer> {
  answer: Answer;
  replayed: boolean;
}

/** Another write took the next free id between reading it and inserting: tried again this often. */
const ID_RACE_ATTEMPTS = 5;

/**
 * Records a write once per key: a key already in the log answers its first recording and applies
 * nothing (sent with anything else it is refused, by `refuse`); two calls racing with one key leave
 * one recording, and the one that lost answers the other's. A unique violation that is not the key
 * (an id taken by a concurrent insert) rolls the transaction back and the write is tried again.
 */
export async function recordOnce<Answer>(
  db: Knex,
  write: KeyedWrite<Answer>,
  refuse: () => Error = keyReused,
): Promise<KeyedAnswer<Answer>> {
  for (let attempt = 1; ; attempt++) {
    const earlier = await recorded(db, write, refuse);
    if (earlier) return earlier;
    try {
      return { answer: await db.transaction((trx) => write.apply(trx)), replayed: false };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Another call with the same key committed first: its recording is the answer, and this one changed nothing.
      const raced = await recorded(db, write, refuse);
      if (raced) return raced;
      if (attempt >= ID_RACE_ATTEMPTS) throw error;
    }
  }
}

async function recorded<Answer>(db: Knex, write: KeyedWrite<Answer>, refuse: () => Error): Promise<KeyedAnswer<Answer> | undefined> {
  const row: Row | undefined = await db(write.log).where('idempotency_key', write.idempotencyKey).first();
  if (!row) return undefined;
  if (!write.sameRequest(row)) throw refuse();
  return { answer: write.replay(row), replayed: true };
}

/** The refusal of a key already used: the caller's mistake, and it says nothing of the first request. */
export function keyReused(): Error {
  return new UserInputError(
    'This idempotency key was already used for a different request: send a new key for a new request',
    'idempotencyKey',
  );
}

/** Now, as the OLTP's DATETIME columns hold it: UTC to the second. */
export function sqlNow(): string {
  return new Date().toISOString().slice(0, 19).replace('T', ' ');
}

/** `text` cut to what a column holds (who sent a request: subjects and client ids are not ours to refuse). */
export function cut(text: string, length: number): string {
  return text.length > length ? text.slice(0, length) : text;
}

/** Rows read for update: MySQL locks them until commit; SQLite writes one transaction at a time anyway. */
export function forUpdate<T extends Knex.QueryBuilder>(db: Knex, query: T): T {
  return (isMysql(db) ? query.forUpdate() : query) as T;
}

export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
