import { mkdirSync } from 'node:fs';
import path from 'node:path';
import knex, { type Knex } from 'knex';
import { createLogger, type Logger } from './logger';
import { MysqlClient, PREPARED_STATEMENTS_PER_CONNECTION } from './mysql-client';

export type { Knex };
export { PREPARED_STATEMENT } from './mysql-client';

interface DatabaseOptions {
  /** Subgraphs read the systems of record on read-only connections (the crm's data-subject rights write on one of their own). */
  readOnly?: boolean;
  /** Upper bound of pooled connections (MySQL). */
  poolMax?: number;
  /** Where the driver's own messages (pool errors, warnings) go; a `database` JSON logger unless given. */
  logger?: Logger;
}

let defaultDatabaseLogger: Logger | undefined;

/** knex's messages as JSON log lines: without this, knex writes them to the console as bare text. */
function driverLog(logger: Logger = (defaultDatabaseLogger ??= createLogger('database'))): Knex.Config['log'] {
  const line = (level: 'debug' | 'warn' | 'error') => (message: unknown) => {
    if (message instanceof Error) logger[level]({ source: 'knex', err: message }, message.message);
    else logger[level]({ source: 'knex' }, typeof message === 'string' ? message : JSON.stringify(message));
  };
  return { debug: line('debug'), warn: line('warn'), error: line('error'), deprecate: line('warn') };
}

type DatabaseDialect = 'mysql' | 'sqlite';

/**
 * Opens a database from a connection URL:
 * `mysql://user:password@host:3306/name` (MySQL, MariaDB and MySQL-protocol warehouses)
 * or `sqlite:relative/or/absolute/file.sqlite` (embedded default).
 */
export function connectDatabase(url: string, options: DatabaseOptions = {}): Knex {
  const dialect = databaseDialect(url);
  if (dialect === 'mysql') {
    const parsed = new URL(url);
    return knex({
      log: driverLog(options.logger),
      client: MysqlClient as unknown as typeof Knex.Client,
      connection: {
        host: parsed.hostname,
        port: parsed.port ? Number(parsed.port) : 3306,
        user: decodeURIComponent(parsed.username),
        password: decodeURIComponent(parsed.password),
        database: parsed.pathname.replace(/^\//, '') || undefined,
        // Dates stay strings: the systems store local business dates, not instants.
        dateStrings: true,
        supportBigNumbers: true,
        charset: 'utf8mb4',
        maxPreparedStatements: PREPARED_STATEMENTS_PER_CONNECTION,
      },
      pool: {
        min: 0,
        max: options.poolMax ?? 10,
        // A subgraph must not be able to change a system of record, even by mistake.
        afterCreate: options.readOnly
          ? (
              connection: { query: (sql: string, done: (err: Error | null) => void) => void },
              done: (err: Error | null, c: unknown) => void,
            ) => connection.query('SET SESSION TRANSACTION READ ONLY', (err) => done(err, connection))
          : undefined,
      },
    });
  }
  const filename = sqliteFilename(url);
  if (filename !== ':memory:' && !options.readOnly) mkdirSync(path.dirname(filename), { recursive: true });
  return knex({
    log: driverLog(options.logger),
    client: 'better-sqlite3',
    connection: { filename, options: { readonly: options.readOnly ?? false } },
    useNullAsDefault: true,
    pool: {
      afterCreate: (connection: { pragma: (sql: string) => void }, done: (err: Error | null) => void) => {
        connection.pragma('busy_timeout = 5000');
        done(null);
      },
    },
  });
}

/** Whether a database opened by `connectDatabase` is MySQL (or MariaDB); SQLite otherwise. */
export function isMysql(db: Knex): boolean {
  return db.client.driverName === 'mysql2';
}

export function databaseDialect(url: string): DatabaseDialect {
  if (/^(mysql|mariadb):\/\//.test(url)) return 'mysql';
  if (/^sqlite:/.test(url)) return 'sqlite';
  throw new Error(`Unsupported database URL "${redactUrl(url)}": use mysql://… or sqlite:<file>`);
}

export function sqliteFilename(url: string): string {
  const rest = url.replace(/^sqlite:(\/\/)?/, '');
  return rest === ':memory:' ? rest : path.resolve(rest);
}

/** The URL without its password, safe to log. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

/**
 * Counts the SQL statements a connection sends. Tests assert on it (statements
 * per request must not grow with the number of customers returned).
 */
export class StatementCounter {
  private count = 0;

  constructor(db: Knex) {
    db.on('query', () => {
      this.count += 1;
    });
  }

  get total(): number {
    return this.count;
  }
}
