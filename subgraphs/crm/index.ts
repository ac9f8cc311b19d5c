import { runStandalone } from '../../platform/run-standalone';
import { systemUrlsFrom } from '../../systems/system-urls';
import { startCrmSubgraph } from './server';

/** Runs the crm subgraph on its own (CRM_PORT, HOST, OLTP_DATABASE_URL). */
runStandalone(
  'crm',
  (env) => ({ port: env.port('CRM_PORT', 4001), host: env.string('HOST', '127.0.0.1'), oltpDatabaseUrl: systemUrlsFrom(env).oltp }),
  (config, logger) => startCrmSubgraph({ ...config, logger }),
);
