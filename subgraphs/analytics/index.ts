import { runStandalone } from '../../platform/run-standalone';
import { systemUrlsFrom } from '../../systems/system-urls';
import { startAnalyticsSubgraph } from './server';

/** Runs the analytics subgraph on its own (ANALYTICS_PORT, HOST, WAREHOUSE_DATABASE_URL). */
runStandalone(
  'analytics',
  (env) => ({
    port: env.port('ANALYTICS_PORT', 4003),
    host: env.string('HOST', '127.0.0.1'),
    warehouseDatabaseUrl: systemUrlsFrom(env).warehouse,
  }),
  (config, logger) => startAnalyticsSubgraph({ ...config, logger }),
);
