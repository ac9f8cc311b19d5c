import { connectDatabase, databaseDialect, type Knex } from '../platform/database';
import { AUDIT_TABLES } from './audit/tables';
import { oltpWriteGrants } from './oltp/write-grants';

/** The four systems a service may connect to: the three of record and the audit store. */
export type SystemName = 'oltp' | 'archive' | 'warehouse' | 'audit';

/** What a user may do in one system's database, as MySQL grants (`database` and `user` quoted already). */
type Grants = (database: string, user: string) => string[];

export interface ServiceDatabaseUser {
  /** The MySQL user (host `%`). */
  name: string;
  /** The environment variable its password comes from: there is no default. */
  passwordVariable: string;
  /** The service that connects as it, and with which of its settings. */
  usedBy: string;
  grants: Partial<Record<SystemName, Grants>>;
}

const readEverything: Grants = (database, user) => [`GRANT SELECT ON \`${database}\`.* TO ${user}`];

const { operations, operationCustomers, purges } = AUDIT_TABLES;

/**
 * The gateway appends to the audit trail and reads back only what appending needs: which record
 * keys are stored already, its own chain's last link (or where a purge left it), the ids of the
 * rows it just inserted, and which migrations were applied. It cannot read who was read, change
 * a row or delete one.
 */
const appendToTrail: Grants = (database, user) => [
  `GRANT INSERT, SELECT (id, record_key, chain, seq, hash) ON \`${database}\`.${operations} TO ${user}`,
  `GRANT INSERT ON \`${database}\`.${operationCustomers} TO ${user}`,
  `GRANT SELECT (id, checkpoints) ON \`${database}\`.${purges} TO ${user}`,
  `GRANT SELECT ON \`${database}\`.audit_migrations TO ${user}`,
];

/**
 * One user per service and purpose, each with only the rights it needs: the subgraphs and the
 * records API read the systems of record, the crm's writes go through a user of their own
 * (systems/oltp/write-grants.ts), the gateway only appends to the audit store, and the privacy
 * subgraph reads the trail and the systems it measures. Schema changes stay with the administrator
 * who runs `npm run db:users` (it migrates the audit store first).
 */
export const SERVICE_DATABASE_USERS: readonly ServiceDatabaseUser[] = [
  {
    name: 'archive_api',
    passwordVariable: 'ARCHIVE_API_DB_PASSWORD',
    usedBy: 'archive records API: ARCHIVE_DATABASE_URL',
    grants: { archive: readEverything },
  },
  { name: 'crm', passwordVariable: 'CRM_DB_PASSWORD', usedBy: 'crm subgraph: OLTP_DATABASE_URL', grants: { oltp: readEverything } },
  {
    name: 'crm_writer',
    passwordVariable: 'CRM_WRITER_DB_PASSWORD',
    usedBy: 'crm subgraph: OLTP_WRITE_DATABASE_URL',
    grants: { oltp: (database, user) => oltpWriteGrants(database, user) },
  },
  {
    name: 'analytics',
    passwordVariable: 'ANALYTICS_DB_PASSWORD',
    usedBy: 'analytics subgraph: WAREHOUSE_DATABASE_URL, OLTP_DATABASE_URL',
    grants: { warehouse: readEverything, oltp: readEverything },
  },
  {
    name: 'privacy',
    passwordVariable: 'PRIVACY_DB_PASSWORD',
    usedBy: 'privacy subgraph: AUDIT_DATABASE_URL, OLTP_DATABASE_URL, WAREHOUSE_DATABASE_URL, ARCHIVE_DATABASE_URL',
    grants: { audit: readEverything, oltp: readEverything, warehouse: readEverything, archive: readEverything },
  },
  { name: 'gateway', passwordVariable: 'GATEWAY_DB_PASSWORD', usedBy: 'gateway: AUDIT_DATABASE_URL', grants: { audit: appendToTrail } },
];

/**
 * A password that goes into a database URL unchanged (compose writes it there as it is), and long
 * enough not to be guessed: 16 or more of letters, digits and `-._~`.
 */
export const DATABASE_PASSWORD = /^[A-Za-z0-9._~-]{16,128}$/;

/** A user's name as MySQL sees it: letters, digits and `_`, at most 32 (MySQL's limit). */
const USER_NAME = /^[A-Za-z0-9_]{1,32}$/;

export interface DatabaseUsersOptions {
  /** An administrator's URL (MySQL) for each system, with the system's database in its path. */
  admin: Record<SystemName, string>;
  /** Each user's password, by the user's name in SERVICE_DATABASE_USERS. */
  passwords: Record<string, string | undefined>;
  /** The name each user is created under (default: its own); tests make unique ones. */
  nameOf?: (name: string) => string;
}

/** What was done for one user on one system. */
export interface AppliedGrants {
  user: string;
  system: SystemName;
  grants: number;
}

/**
 * Creates each service's user where it does not exist, sets its password, takes back every right it
 * held and grants what SERVICE_DATABASE_USERS says: run again after an upgrade, a user holds exactly
 * today's rights. Nothing is done unless every password is present and well formed.
 */
export async function applyDatabaseUsers(options: DatabaseUsersOptions): Promise<AppliedGrants[]> {
  const nameOf = options.nameOf ?? ownName;
  const problems = databaseUsersProblems(options);
  if (problems.length > 0) throw new DatabaseUsersError(problems.join('\n'));

  const connections = new Map<SystemName, Knex>();
  const admin = (system: SystemName) => {
    const db = connections.get(system) ?? connectDatabase(options.admin[system], { poolMax: 1 });
    connections.set(system, db);
    return db;
  };
  const applied: AppliedGrants[] = [];
  try {
    for (const user of SERVICE_DATABASE_USERS) {
      const account = `'${nameOf(user.name)}'@'%'`;
      const systems = Object.keys(user.grants) as SystemName[];
      // Users belong to a server, not a database: set up once on each server, then granted per database.
      const servers = new Map(systems.map((system) => [serverOf(options.admin[system]), system]));
      for (const system of servers.values()) {
        const password = options.passwords[user.name] as string;
        await admin(system).raw(`CREATE USER IF NOT EXISTS ${account} IDENTIFIED BY ?`, [password]);
        await admin(system).raw(`ALTER USER ${account} IDENTIFIED BY ?`, [password]);
        await admin(system).raw(`REVOKE ALL PRIVILEGES, GRANT OPTION FROM ${account}`);
      }
      for (const system of systems) {
        const grants = user.grants[system]!(databaseOf(options.admin[system]), account);
        for (const grant of grants) await admin(system).raw(grant);
        applied.push({ user: nameOf(user.name), system, grants: grants.length });
      }
    }
  } finally {
    await Promise.all([...connections.values()].map((db) => db.destroy()));
  }
  return applied;
}

/** What is wrong with the settings, one line each: nothing is done while there is anything. */
export function databaseUsersProblems(options: DatabaseUsersOptions): string[] {
  const nameOf = options.nameOf ?? ownName;
  const dialects = (Object.keys(options.admin) as SystemName[]).flatMap((system) => {
    if (databaseDialect(options.admin[system]) !== 'mysql') return [`${system}: database users are for MySQL only`];
    try {
      databaseOf(options.admin[system]);
      return [];
    } catch (error) {
      return [`${system}: ${(error as Error).message}`];
    }
  });
  const users = SERVICE_DATABASE_USERS.flatMap((user) => {
    const password = options.passwords[user.name];
    if (!USER_NAME.test(nameOf(user.name))) return [`${nameOf(user.name)} is not a MySQL user name this accepts`];
    if (password === undefined || password === '') return [`${user.passwordVariable} is not set (${user.usedBy})`];
    return DATABASE_PASSWORD.test(password)
      ? []
      : [`${user.passwordVariable}: 16 to 128 of A-Z a-z 0-9 - . _ ~ (it goes into a URL as it is)`];
  });
  return [...dialects, ...users];
}

/** A problem with the users' settings: the message says which and how to fix it. */
export class DatabaseUsersError extends Error {}

function ownName(name: string): string {
  return name;
}

function serverOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || '3306'}`;
}

function databaseOf(url: string): string {
  const database = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_$]{1,64}$/.test(database))
    throw new DatabaseUsersError(`${url.replace(/\/\/[^@]*@/, '//')}: no database name in its path`);
  return database;
}
