import { prepareAuditStore } from '../gateway/audit/audit-store';
import type { Env } from '../platform/env-reader';
import { applyDatabaseUsers, databaseUsersProblems, SERVICE_DATABASE_USERS, type SystemName } from '../systems/database-users';

const ADMIN_URLS: Record<SystemName, string> = {
  oltp: 'OLTP_DATABASE_URL',
  archive: 'ARCHIVE_DATABASE_URL',
  warehouse: 'WAREHOUSE_DATABASE_URL',
  audit: 'AUDIT_DATABASE_URL',
};

const USAGE =
  'Usage: npm run -s db:users   (an administrator in OLTP_, ARCHIVE_, WAREHOUSE_ and AUDIT_DATABASE_URL; ' +
  `the passwords in ${SERVICE_DATABASE_USERS.map((user) => user.passwordVariable).join(', ')})`;

/**
 * `npm run -s db:users`: migrates the audit store, then gives each service its own MySQL user with
 * only the rights it needs (systems/database-users.ts), on the systems of record after they are
 * seeded or migrated. Exit 2 for bad settings (nothing is changed), 1 when a database fails, 0 when done.
 */
export async function main(env: Env, print: (line: string) => void = console.log): Promise<number> {
  const missing = Object.values(ADMIN_URLS).filter((name) => !env[name]);
  if (missing.length > 0) {
    print(`${missing.join(', ')} not set.\n${USAGE}`);
    return 2;
  }
  const admin = Object.fromEntries(Object.entries(ADMIN_URLS).map(([system, name]) => [system, env[name]])) as Record<SystemName, string>;
  const passwords = Object.fromEntries(SERVICE_DATABASE_USERS.map((user) => [user.name, env[user.passwordVariable]]));
  const problems = databaseUsersProblems({ admin, passwords });
  if (problems.length > 0) {
    print(`${problems.join('\n')}\n${USAGE}`);
    return 2;
  }
  try {
    // The audit store's tables first: the gateway's grants name them, and it may not create them itself.
    await prepareAuditStore(admin.audit);
    for (const applied of await applyDatabaseUsers({ admin, passwords }))
      print(`${applied.user} on ${applied.system}: ${applied.grants} grant${applied.grants === 1 ? '' : 's'}`);
    return 0;
  } catch (error) {
    print(`The database users could not be set up: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

if (require.main === module) {
  main(process.env).then((code) => process.exit(code));
}
