import '../platform/tracing';
import { redactUrl } from '../platform/database';
import { ConfigError, EnvReader } from '../platform/env-reader';
import { stopOnSignals } from '../platform/http-service';
import { createLogger, readLogLevel } from '../platform/logger';
import { systemUrlsFrom } from '../platform/system-urls';
import { MissingSystemError, prepareEmbeddedSystems } from '../systems/embedded-systems';
import { mintDevelopmentToken } from '../gateway/identity/development-token';
import { loadPolicy, type Policy, PolicyError } from '../policy/policy';
import { readStackConfig, type Stack, type StackConfig, startStack } from './start-stack';

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
  const policy = loadPolicy(config.gateway.policyPath);
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
      `  privacy       ${stack.privacy.url}          (audit store: ${redactUrl(config.gateway.audit.databaseUrl)})`,
      ...(stack.archiveApi ? [`  archive API   ${stack.archiveApi.url}                  (archive: ${redactUrl(systems.archive)})`] : []),
      '',
      `Try: curl -s ${stack.gateway.url} -H 'content-type: application/json' \\`,
      `       -H "Authorization: Bearer $(npm run -s token -- --role dpo)" \\`,
      `       -d '{"query":"{ customers(first: 3) { nodes { id name valueTier archivedOrders(first: 1) { orderNumber } } } }"}'`,
      'Ctrl-C stops everything.',
      '',
      'Development tokens (valid 8 hours), one per demo role:',
      ...(await demoTokens(config, policy)),
      '',
    ].join('\n'),
  );
}

/** One development token per demo role, ready to paste (only with an HS256 secret, never with a JWKS). */
async function demoTokens(config: StackConfig, policy: Policy): Promise<string[]> {
  if (!config.gateway.identity.secret) return ['  (the gateway verifies tokens from JWT_JWKS_URL: get them from your identity provider)'];
  return Promise.all(
    Object.keys(policy.roles).map(async (role) => `  ${role.padEnd(14)} ${await mintDevelopmentToken({ role }, config.gateway.identity, policy)}`),
  );
}

main().catch((error: unknown) => {
  const expected = error instanceof ConfigError || error instanceof MissingSystemError || error instanceof PolicyError;
  console.error(expected ? error.message : error);
  process.exit(1);
});
