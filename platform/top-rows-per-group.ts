import type { Knex } from './database';

interface TopRowsQuery {
  /** A table, or a query whose rows carry the group and order columns (e.g. facts joined to a dimension). */
  from: string | Knex.QueryBuilder;
  /** Column the rows are grouped by (the batch key, e.g. customer_id). */
  groupColumn: string;
  groupKeys: ReadonlyArray<string | number>;
  /** Newest first, with a unique tie-breaker last so the order is stable. */
  orderBy: Array<{ column: string; direction: 'asc' | 'desc' }>;
  /** Rows kept per group. */
  limit: number;
  /** Rows skipped per group before the `limit` kept (newest first: a page further back); 0 by default. */
  offset?: number;
  where?: (query: Knex.QueryBuilder) => void;
  /**
   * A unique column of the table `from` names (with `from` a table): the ranking then reads only
   * the group, order and key columns, which the table's index on (group, order…) holds, and only the
   * rows kept are read whole, by key. Without it every row of every group is read whole to be ranked.
   */
  key?: string;
}

/**
 * The first `limit` rows of every group after its first `offset` in one statement (ROW_NUMBER
 * window, which MySQL 8, MariaDB 10.2+ and SQLite 3.25+ all run), so a batch of N parents costs
 * one query instead of N, whichever page of their lists it asks for.
 */
export function topRowsPerGroup(db: Knex, query: TopRowsQuery): Knex.QueryBuilder {
  const order = query.orderBy.map(({ column, direction }) => `${quote(column)} ${direction.toUpperCase()}`).join(', ');
  const source: Knex.QueryBuilder = typeof query.from === 'string' ? db(query.from) : db.from(query.from.as('source'));
  if (query.key !== undefined && typeof query.from !== 'string')
    throw new Error('A key reads rows back from a table: `from` must name one');
  const keyed = query.key === undefined ? undefined : { table: query.from as string, key: quote(query.key) };
  const ranked = source
    .select(keyed ? [...new Set([keyed.key, query.groupColumn, ...query.orderBy.map((o) => o.column)])] : ['*'])
    .select(db.raw(`ROW_NUMBER() OVER (PARTITION BY ${quote(query.groupColumn)} ORDER BY ${order}) AS row_rank`))
    .whereIn(query.groupColumn, [...query.groupKeys]);
  query.where?.(ranked);
  const offset = query.offset ?? 0;
  if (!Number.isInteger(offset) || offset < 0) throw new Error(`Offset must be a whole number, not ${offset}`);
  const kept = keyed
    ? db
        .select('whole.*', 'ranked.row_rank')
        .from(ranked.as('ranked'))
        .join(`${keyed.table} as whole`, `whole.${keyed.key}`, `ranked.${keyed.key}`)
    : db.select('*').from(ranked.as('ranked'));
  return kept
    .where('ranked.row_rank', '>', offset)
    .andWhere('ranked.row_rank', '<=', offset + query.limit)
    .orderBy([{ column: `ranked.${quote(query.groupColumn)}` }, { column: 'ranked.row_rank' }]);
}

function quote(column: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(column)) throw new Error(`Unsafe column name: ${column}`);
  return column;
}
