import '../platform/tracing';
import { redactUrl } from '../platform/database';
import { ConfigError, EnvReader } from '../platform/env-reader';
import { PortInUseError, stopOnSignals } from '../platform/http-service';
import { createLogger, readLogLevel } from '../platform/logger';
import { systemUrlsFrom } from '../platform/system-urls';
import { MissingSystemError, prepareEmbeddedSystems } from '../systems/embedded-systems';
import { mintDevelopmentToken } from '../gateway/identity/development-token';
import { loadPolicy, type Policy, PolicyError } from '../policy/policy';
import { readStackConfig, type Stack, type StackConfig, startStack } from './start-stack';

const DPO_TOKEN_COMMAND = '$(npm run -s token -- --role dpo)';

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
      `       -H "Authorization: Bearer ${config.gateway.production ? '<a token from your identity provider>' : DPO_TOKEN_COMMAND}" \\`,
      `       -d '{"query":"{ customers(first: 3) { nodes { id name valueTier archivedOrders(first: 1) { orderNumber } } } }"}'`,
      'Ctrl-C stops everything.',
      '',
      ...(await demoTokens(config, policy)),
      '',
    ].join('\n'),
  );
}

/**
 * One development token per demo role, ready to paste: only in development and with an HS256
 * secret. In production nothing is minted or printed, whatever the secret.
 */
async function demoTokens(config: StackConfig, policy: Policy): Promise<string[]> {
  const { identity, production } = config.gateway;
  if (production) return ['Tokens come from the identity provider (NODE_ENV=production): none are minted or printed here.'];
  if (!identity.secret) return ['Tokens come from the identity provider (the gateway verifies them with JWT_JWKS_URL).'];
  const tokens = await Promise.all(
    Object.keys(policy.roles).map(
      async (role) => `  ${role.padEnd(14)} ${await mintDevelopmentToken({ role }, identity, policy, { production })}`,
    ),
  );
  return ['Development tokens (valid 8 hours), one per demo role:', ...tokens];
}

main().catch((error: unknown) => {
  const expected =
    error instanceof ConfigError || error instanceof MissingSystemError || error instanceof PolicyError || error instanceof PortInUseError;
  console.error(expected ? error.message : error);
  process.exit(1);
});
