import { redactUrl } from '../platform/database';
import { ConfigError, EnvReader } from '../platform/env-reader';
import { stopOnSignals } from '../platform/http-service';
import { createLogger, readLogLevel } from '../platform/logger';
import { systemUrlsFrom } from '../platform/system-urls';
import { MissingSystemError, prepareEmbeddedSystems } from '../systems/embedded-systems';
import { readStackConfig, type Stack, startStack } from './start-stack';

/**
 * `npm start`: the whole product in one process. On first run it creates and seeds
 * embedded SQLite stand-ins under data/; with OLTP_DATABASE_URL etc. set, it serves
 * those systems and seeds nothing.
 */
async function main(): Promise<void> {
  const env = new EnvReader();
  const systems = systemUrlsFrom(env);
  const config = readStackConfig(env);
  const seedCustomers = env.integer('SEED_CUSTOMERS', 2000, { min: 1, max: 10_000_000 });
  const logLevel = readLogLevel(env);
  env.assertValid();
  const logger = createLogger('start', logLevel);
  let stack: Stack | undefined;
  stopOnSignals(() => stack?.services ?? [], logger);

  await prepareEmbeddedSystems(systems, seedCustomers, (message) => console.log(message));
  stack = await startStack(config, (service) => createLogger(service, logLevel));
  console.log(
    [
      '',
      'Customer graph is running:',
      `  gateway       ${stack.gateway.url}`,
      `  crm           ${stack.crm.url}          (OLTP: ${redactUrl(systems.oltp)})`,
      `  archive       ${stack.archive.url}          (records API: ${stack.archiveApi?.url ?? config.archive.archiveApiUrl})`,
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

main().catch((error: unknown) => {
  const expected = error instanceof ConfigError || error instanceof MissingSystemError;
  console.error(expected ? error.message : error);
  process.exit(1);
});
