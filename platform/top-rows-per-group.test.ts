import { storeBackends } from '../test/support/mysql';
import { freshStoreDatabase } from '../test/support/store-database';
import { topRowsPerGroup } from './top-rows-per-group';

/** Two groups; in `a` two rows share a date, so only the id tells them apart. */
const ROWS = [
  { id: 1, grp: 'a', at: '2026-01-01', note: 'a1' },
  { id: 2, grp: 'a', at: '2026-01-03', note: 'a2' },
  { id: 3, grp: 'a', at: '2026-01-03', note: 'a3' },
  { id: 4, grp: 'a', at: '2026-01-02', note: 'a4' },
  { id: 5, grp: 'b', at: '2026-01-05', note: 'b5' },
  { id: 6, grp: 'c', at: '2026-01-09', note: 'c6' },
];

describe.each(storeBackends())('topRowsPerGroup (%s)', (backend) => {
  const store = freshStoreDatabase(backend, 'top_rows');

  beforeEach(async () => {
    await store.db.schema.createTable('items', (t) => {
      t.integer('id').primary();
      t.string('grp', 8).notNullable();
      t.string('at', 10).notNullable();
      t.string('note', 8).notNullable();
      t.index(['grp', 'at'], 'items_grp_at_idx');
    });
    await store.db('items').insert(ROWS);
  });

  const page = (limit: number, offset: number, key?: string) =>
    topRowsPerGroup(store.db, {
      from: 'items',
      groupColumn: 'grp',
      groupKeys: ['a', 'b', 'x'],
      orderBy: [
        { column: 'at', direction: 'desc' },
        { column: 'id', direction: 'desc' },
      ],
      limit,
      offset,
      ...(key ? { key } : {}),
    }).then((rows: Array<Record<string, unknown>>) => rows.map((row) => `${row.note}#${row.row_rank}`));

  it('keeps the newest rows of each asked group, ties broken by id, whole', async () => {
    expect(await page(2, 0)).toEqual(['a3#1', 'a2#2', 'b5#1']);
    expect(await page(2, 2)).toEqual(['a4#3', 'a1#4']);
  });

  it('gives the same rows, whole, when it ranks by key and reads only the rows it keeps', async () => {
    expect(await page(2, 0, 'id')).toEqual(['a3#1', 'a2#2', 'b5#1']);
    expect(await page(2, 2, 'id')).toEqual(['a4#3', 'a1#4']);
    expect(await page(10, 0, 'id')).toEqual(['a3#1', 'a2#2', 'a4#3', 'a1#4', 'b5#1']);
    const [row] = await topRowsPerGroup(store.db, {
      from: 'items',
      groupColumn: 'grp',
      groupKeys: ['b'],
      orderBy: [{ column: 'id', direction: 'desc' }],
      limit: 1,
      key: 'id',
    });
    expect({ ...row, id: Number(row.id), row_rank: Number(row.row_rank) }).toEqual({
      id: 5,
      grp: 'b',
      at: '2026-01-05',
      note: 'b5',
      row_rank: 1,
    });
  });

  it('refuses a key with a query to rank, which it could not read rows back from', () => {
    expect(() =>
      topRowsPerGroup(store.db, { from: store.db('items'), groupColumn: 'grp', groupKeys: ['a'], orderBy: [], limit: 1, key: 'id' }),
    ).toThrow('A key reads rows back from a table: `from` must name one');
  });

  it('refuses a key that is not a plain column name', () => {
    expect(() =>
      topRowsPerGroup(store.db, {
        from: 'items',
        groupColumn: 'grp',
        groupKeys: ['a'],
        orderBy: [],
        limit: 1,
        key: 'id; drop table items',
      }),
    ).toThrow('Unsafe column name: id; drop table items');
  });
});
