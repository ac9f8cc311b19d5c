import { randomBytes, randomUUID } from 'node:crypto';
import { prepareAuditStore } from '../gateway/audit/audit-store';
import { connectDatabase, type Knex } from '../platform/database';
import { main as databaseUsers } from '../scripts/database-users';
import { applyDatabaseUsers, SERVICE_DATABASE_USERS, type SystemName } from '../systems/database-users';
import { createTestSystems, type TestSystems } from './support/backends';
import { describeMysql } from './support/mysql';
import { postGraphQL, startTestStack, type TestStack } from './support/test-stack';

const CUSTOMER_360 = `query Customer360($id: ID!) { customer(id: $id) {
  id name email accounts { accountNumber } orders(first: 2) { orderNumber } archivedOrders(first: 2) { orderNumber }
  legacyAccounts { legacyAccountNumber } segment valueTier accessLog(first: 3) { subject }
} }`;

describeMysql('each service connects as its own database user, with only the rights it needs (MariaDB)', () => {
  const suffix = randomBytes(3).toString('hex');
  const nameOf = (name: string) => `${name}_${suffix}`;
  const passwords = Object.fromEntries(SERVICE_DATABASE_USERS.map((user) => [user.name, randomBytes(12).toString('hex')]));
  let systems: TestSystems;
  let admin: Record<SystemName, string>;
  let root: Knex;
  let stack: TestStack;
  const opened: Knex[] = [];

  /** A system's URL with one service's user and password in it. */
  const urlAs = (user: string, url: string) => {
    const parsed = new URL(url);
    parsed.username = nameOf(user);
    parsed.password = passwords[user];
    return parsed.toString();
  };
  const connectAs = (user: string, system: SystemName) => {
    const db = connectDatabase(urlAs(user, admin[system]), { poolMax: 1 });
    opened.push(db);
    return db;
  };
  /** The driver's error code of a statement that must be refused, or 'allowed'. */
  const outcome = (statement: Promise<unknown>) =>
    statement.then(
      () => 'allowed',
      (error: { code?: string }) => error.code ?? String(error),
    );

  beforeAll(async () => {
    systems = await createTestSystems('mysql', 8);
    admin = { ...systems.urls, audit: systems.audit.databaseUrl };
    root = connectDatabase(systems.urls.oltp, { poolMax: 1 });
    await prepareAuditStore(admin.audit);
    await applyDatabaseUsers({ admin, passwords, nameOf });
    stack = await startTestStack(systems, { asUser: urlAs });
  });

  afterAll(async () => {
    await stack?.stop();
    await Promise.all(opened.map((db) => db.destroy()));
    for (const user of SERVICE_DATABASE_USERS) await root?.raw(`DROP USER IF EXISTS '${nameOf(user.name)}'@'%'`);
    await root?.destroy();
    await systems?.drop();
  });

  it('serves a whole customer, a write and the trail with every service on its own user', async () => {
    const [row] = await root('customers').where({ processing_restricted: false }).whereNull('erasure_requested_at').orderBy('id').limit(1);
    const id = String(row.id);
    const read = await postGraphQL(stack.gateway.url, CUSTOMER_360, { id });
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data.customer.id).toBe(id);

    const write = await postGraphQL(
      stack.gateway.url,
      'mutation($id: ID!, $key: String!) { ' +
        'grantConsent(customerId: $id, topic: EMAIL, reason: "Users test", idempotencyKey: $key) { kind } }',
      { id, key: `users-${randomUUID()}` },
    );
    expect(write.body.errors).toBeUndefined();

    await stack.gateway.audit.flush();
    const trail = await postGraphQL(stack.gateway.url, 'query($id: ID!) { customer(id: $id) { accessLog(first: 10) { subject } } }', {
      id,
    });
    expect(trail.body.errors).toBeUndefined();
    // The first read and the consent given, stored by the gateway's user and read back by the privacy subgraph's.
    expect(trail.body.data.customer.accessLog.length).toBeGreaterThanOrEqual(2);
  });

  it('lets the gateway append to the trail but not read whom it names, change it or delete from it', async () => {
    const gateway = connectAs('gateway', 'audit');
    expect(await outcome(gateway('audit_operations').select('id', 'record_key', 'chain', 'seq', 'hash').limit(1))).toBe('allowed');
    expect(await outcome(gateway('audit_operation_customers').select('customer_id').limit(1))).toBe('ER_TABLEACCESS_DENIED_ERROR');
    expect(await outcome(gateway('audit_operations').select('subject').limit(1))).toBe('ER_COLUMNACCESS_DENIED_ERROR');
    expect(await outcome(gateway('audit_operations').update({ subject: 'someone else' }))).toBe('ER_TABLEACCESS_DENIED_ERROR');
    expect(await outcome(gateway('audit_operations').delete())).toBe('ER_TABLEACCESS_DENIED_ERROR');
    expect(await outcome(gateway.raw('DROP TABLE audit_operations'))).toBe('ER_TABLEACCESS_DENIED_ERROR');
    expect(await outcome(gateway.raw('CREATE TABLE sneaky (id INT)'))).toBe('ER_TABLEACCESS_DENIED_ERROR');
  });

  it('keeps the readers to reading and the crm writer to its documented columns', async () => {
    const refused: Array<[string, SystemName, (db: Knex) => Promise<unknown>]> = [
      ['crm', 'oltp', (db) => db('consents').insert({ customer_id: 1, topic: 'EMAIL', granted: true, recorded_at: '2026-01-01 00:00:00' })],
      ['crm', 'oltp', (db) => db('customers').update({ email: 'x@example.com' })],
      ['archive_api', 'archive', (db) => db('legacy_accounts').delete()],
      ['analytics', 'warehouse', (db) => db.raw('CREATE TABLE sneaky (id INT)')],
      ['analytics', 'oltp', (db) => db('customers').delete()],
      ['privacy', 'audit', (db) => db('audit_operations').delete()],
      ['privacy', 'oltp', (db) => db('customers').update({ email: 'x@example.com' })],
      ['crm_writer', 'oltp', (db) => db('customers').update({ email: 'x@example.com' })],
      ['crm_writer', 'oltp', (db) => db('consents').delete()],
    ];
    for (const [user, system, statement] of refused)
      expect([user, system, await outcome(statement(connectAs(user, system)))]).toEqual([
        user,
        system,
        expect.stringMatching(/^ER_(TABLE|COLUMN)ACCESS_DENIED_ERROR$/),
      ]);
    // Nothing outside its own systems: the archive's records API has no user on the OLTP's database.
    expect(await outcome(connectAs('archive_api', 'oltp')('customers').count({ n: '*' }))).toMatch(
      /^ER_(DBACCESS|TABLEACCESS)_DENIED_ERROR$/,
    );
  });

  it('takes back a right granted by hand when run again, and changes nothing when a password is missing', async () => {
    await root.raw(`GRANT INSERT ON \`${new URL(admin.oltp).pathname.slice(1)}\`.consents TO '${nameOf('crm')}'@'%'`);
    const insert = (db: Knex) =>
      db('consents').insert({ customer_id: 1, topic: 'EMAIL', granted: true, recorded_at: '2026-01-01 00:00:00' });
    expect(await outcome(insert(connectAs('crm', 'oltp')))).toBe('allowed');
    await applyDatabaseUsers({ admin, passwords, nameOf });
    expect(await outcome(insert(connectAs('crm', 'oltp')))).toBe('ER_TABLEACCESS_DENIED_ERROR');

    const printed: string[] = [];
    const env = {
      OLTP_DATABASE_URL: admin.oltp,
      ARCHIVE_DATABASE_URL: admin.archive,
      WAREHOUSE_DATABASE_URL: admin.warehouse.replace(/\/[^/]*$/, '/'),
      AUDIT_DATABASE_URL: admin.audit,
      ...Object.fromEntries(SERVICE_DATABASE_USERS.map((user) => [user.passwordVariable, passwords[user.name]])),
      GATEWAY_DB_PASSWORD: 'short',
      CRM_DB_PASSWORD: undefined,
    };
    expect(await databaseUsers(env, (line) => printed.push(line))).toBe(2);
    expect(printed.join('\n')).toContain('CRM_DB_PASSWORD is not set (crm subgraph: OLTP_DATABASE_URL)');
    expect(printed.join('\n')).toContain('GATEWAY_DB_PASSWORD: 16 to 128 of A-Z a-z 0-9 - . _ ~');
    expect(printed.join('\n')).toContain('warehouse: mysql://127.0.0.1:3306/: no database name in its path');
    // The script's own names are the defaults, which this test never creates: none was.
    const [created] = await root.raw("SELECT COUNT(*) AS n FROM mysql.user WHERE User IN ('crm', 'gateway') AND Host = '%'");
    expect(Number(created[0].n)).toBe(0);
  });
});
