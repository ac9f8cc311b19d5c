import { existsSync } from 'node:fs';
import { databaseDialect, redactUrl, sqliteFilename } from '../platform/database';
import { EnvReader } from '../platform/env-reader';
import { stopOnSignals } from '../platform/http-service';
import { createLogger } from '../platform/logger';
import { seedSystems, type SystemUrls } from '../systems/seed/seed-systems';
import { systemUrlsFrom } from '../systems/system-urls';
import { startStack } from './start-stack';

/**
 * `npm start`: the whole product in one process. On first run it creates and seeds
 * embedded SQLite stand-ins under data/; with OLTP_DATABASE_URL etc. set, it serves
 * those systems instead and seeds nothing.
 */
async function main(): Promise<void> {
  const env = new EnvReader();
  const systems = systemUrlsFrom(env);
  const archiveApiUrl = env.optionalUrl('ARCHIVE_API_URL', ['http:', 'https:']);
  const seedCustomers = env.integer('SEED_CUSTOMERS', 2000, { min: 1, max: 10_000_000 });
  const host = env.string('HOST', '127.0.0.1');
  const ports = {
    gateway: env.port('GATEWAY_PORT', 4000),
    crm: env.port('CRM_PORT', 4001),
    archive: env.port('ARCHIVE_PORT', 4002),
    analytics: env.port('ANALYTICS_PORT', 4003),
    archiveApi: env.port('ARCHIVE_API_PORT', 4010),
  };
  env.assertValid();
  const logger = createLogger('start');

  const missing = missingEmbeddedSystems(systems);
  if (missing.length > 0) {
    console.log(`First run: creating embedded stand-ins (${missing.join(', ')}) with ${seedCustomers} customers…`);
    const report = await seedSystems({ urls: systems, customers: seedCustomers, recreate: true });
    console.log(`Seeded ${report.rows} rows in ${report.seconds.toFixed(1)} s.`);
  }

  const stack = await startStack({ systems, archiveApiUrl, ports, host, logger: (service) => createLogger(service) });
  stopOnSignals(() => stack.services, logger);
  console.log(
    [
      '',
      'Customer graph is running:',
      `  gateway       ${stack.gateway.url}`,
      `  crm           ${stack.crm.url}          (OLTP: ${redactUrl(systems.oltp)})`,
      `  archive       ${stack.archive.url}          (records API: ${archiveApiUrl ?? stack.archiveApi!.url})`,
      `  analytics     ${stack.analytics.url}          (warehouse: ${redactUrl(systems.warehouse)})`,
      ...(stack.archiveApi ? [`  archive API   ${stack.archiveApi.url}                  (archive: ${redactUrl(systems.archive)})`] : []),
      '',
      `Try: curl -s ${stack.gateway.url} -H 'content-type: application/json' \\`,
      `       -d '{"query":"{ customers(first: 3) { nodes { id name valueTier archivedOrders(first: 1) { orderNumber } } } }"}'`,
      'Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}

/** Embedded SQLite systems that have not been created yet (a real system is never seeded here). */
function missingEmbeddedSystems(systems: SystemUrls): string[] {
  return Object.entries(systems)
    .filter(([, url]) => databaseDialect(url) === 'sqlite' && !existsSync(sqliteFilename(url)))
    .map(([name]) => name);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
