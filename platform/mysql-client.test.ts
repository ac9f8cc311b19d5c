import { describeMysql } from '../test/support/mysql';
import { freshStoreDatabase } from '../test/support/store-database';
import { connectDatabase, type Knex, PREPARED_STATEMENT } from './database';
import { MysqlClient } from './mysql-client';

describeMysql('statements marked prepared, on MariaDB', () => {
  const fresh = freshStoreDatabase('mysql', 'prepared');
  let db: Knex;

  beforeEach(async () => {
    // One connection: the session's own counters tell what it sent.
    db = connectDatabase(fresh.url, { poolMax: 1 });
    await db.schema.createTable('t', (table) => {
      table.bigInteger('id').unsigned().primary();
      table.text('list').notNullable();
      table.string('note', 20).nullable();
    });
  });
  afterEach(() => db.destroy());

  const sessionStatus = async (name: string): Promise<number> => Number((await db.raw('SHOW SESSION STATUS LIKE ?', [name]))[0][0].Value);

  it('go to the server prepared, store exactly the values given, and are seen by knex like any other', async () => {
    const methods: string[] = [];
    db.on('query', (query: { method?: string }) => methods.push(query.method ?? ''));
    const executed = await sessionStatus('Com_stmt_execute');
    await db('t')
      .insert([
        { id: 9007199254740991, list: '["Customer.name","Zoë ✓ 😀"]', note: null },
        { id: 1, list: '[]', note: "it's" },
      ])
      .options(PREPARED_STATEMENT);
    expect(await sessionStatus('Com_stmt_execute')).toBe(executed + 1);
    expect(methods).toContain('insert');
    expect(await db('t').orderBy('id')).toEqual([
      { id: 1, list: '[]', note: "it's" },
      { id: 9007199254740991, list: '["Customer.name","Zoë ✓ 😀"]', note: null },
    ]);
  });

  it('unmarked go as text', async () => {
    const executed = await sessionStatus('Com_stmt_execute');
    await db('t').insert({ id: 2, list: '[]' });
    expect(await sessionStatus('Com_stmt_execute')).toBe(executed);
    expect(await db('t').pluck('id')).toEqual([2]);
  });

  it('stay at most 16 per connection: the oldest is closed on the server when another is prepared', async () => {
    const closed = await sessionStatus('Com_stmt_close');
    // 20 row counts, 20 statement texts.
    for (let rows = 1; rows <= 20; rows++) {
      const first = rows * 100;
      await db('t')
        .insert(Array.from({ length: rows }, (_, i) => ({ id: first + i, list: '[]' })))
        .options(PREPARED_STATEMENT);
    }
    expect(await sessionStatus('Com_stmt_close')).toBe(closed + 4);
    expect(Number((await db('t').count({ n: '*' }).first())?.n)).toBe(210);
  });

  it('fail as the server says when it refuses the statement itself', async () => {
    await expect(
      db('t')
        .insert([{ id: 3, list: null }])
        .options(PREPARED_STATEMENT),
    ).rejects.toMatchObject({ code: 'ER_BAD_NULL_ERROR' });
  });
});

describe('a server that takes no more prepared statements', () => {
  // The client alone, on a stand-in connection that refuses to prepare: no server lowers its limit for a test.
  it('gets the statement as text', async () => {
    const client = new MysqlClient({ client: MysqlClient, connection: {} } as never) as unknown as MysqlClient;
    const sent: string[] = [];
    const connection = {
      execute: (_options: unknown, _values: unknown[], done: (error: Error | null, rows: unknown, fields: unknown) => void) => {
        sent.push('prepared');
        done(Object.assign(new Error("Can't create more than max_prepared_stmt_count statements"), { errno: 1461 }), undefined, undefined);
      },
      query: (_options: unknown, _values: unknown[], done: (error: Error | null, rows: unknown, fields: unknown) => void) => {
        sent.push('text');
        done(null, { affectedRows: 1 }, undefined);
      },
    };
    const answer = await client._query(connection, { sql: 'insert into t (id) values (?)', bindings: [1], options: { prepared: true } });
    expect(sent).toEqual(['prepared', 'text']);
    expect(answer.response).toEqual([{ affectedRows: 1 }, undefined]);
  });

  it('but any other refusal of a prepared statement is the caller’s error', async () => {
    const client = new MysqlClient({ client: MysqlClient, connection: {} } as never) as unknown as MysqlClient;
    const connection = {
      execute: (_options: unknown, _values: unknown[], done: (error: Error | null, rows: unknown, fields: unknown) => void) =>
        done(Object.assign(new Error('Duplicate entry'), { errno: 1062 }), undefined, undefined),
      query: () => {
        throw new Error('not sent as text');
      },
    };
    await expect(client._query(connection, { sql: 'insert', bindings: [], options: { prepared: true } })).rejects.toMatchObject({
      errno: 1062,
    });
  });
});
