import '../platform/no-telemetry';
import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { type Knex, StatementCounter } from '../platform/database';
import { createLogger } from '../platform/logger';
import type { RunningSubgraph } from '../subgraph-kit/subgraph-server';
import { DEFAULT_PORTS } from '../contracts/subgraphs';
import { analyticsSubgraph } from '../subgraphs/analytics/service';
import { DEFAULT_WAREHOUSE_CACHE } from '../subgraphs/analytics/warehouse-answer-cache';
import { archiveSubgraph } from '../subgraphs/archive/service';
import { crmSubgraph } from '../subgraphs/crm/service';
import { privacySubgraph } from '../subgraphs/privacy/service';
import { DEFAULT_POLICY_PATH } from '../policy/policy';
import { startArchiveApi } from '../systems/archive/api/start-archive-api';
import type { ServiceCounts, SharedServiceRequest } from './shared-services';

interface Started {
  counts: () => ServiceCounts;
  stop: () => Promise<void>;
}

/**
 * Starts the one service this process is for; SQL is counted on the crm's and analytics'
 * systems of record (the bench's `sqlPerRequest`).
 */
async function start({ service, urls, internalTokenSecret: secret }: SharedServiceRequest): Promise<Started> {
  const logger = createLogger('bench', 'error');
  if (service === 'archive-api') {
    const api = await startArchiveApi({ databaseUrl: urls.archive, port: DEFAULT_PORTS.archiveApi, logger });
    return { counts: () => ({ sql: 0, graphqlRequests: 0 }), stop: () => api.stop() };
  }
  if (service === 'crm') {
    const crm = await crmSubgraph.start({ oltpDatabaseUrl: urls.oltp, port: DEFAULT_PORTS.crm, internalTokenSecret: secret, logger });
    return counted(crm, crm.db);
  }
  if (service === 'analytics') {
    const analytics = await analyticsSubgraph.start({
      warehouseDatabaseUrl: urls.warehouse,
      oltpDatabaseUrl: urls.oltp,
      port: DEFAULT_PORTS.analytics,
      internalTokenSecret: secret,
      logger,
      warehouseCache: DEFAULT_WAREHOUSE_CACHE,
    });
    return counted(analytics, analytics.db);
  }
  if (service === 'archive') {
    return counted(
      await archiveSubgraph.start({
        archiveApiUrl: `http://127.0.0.1:${DEFAULT_PORTS.archiveApi}`,
        port: DEFAULT_PORTS.archive,
        internalTokenSecret: secret,
        logger,
      }),
    );
  }
  return counted(
    await privacySubgraph.start({
      auditDatabaseUrl: urls.audit,
      systemUrls: { oltp: urls.oltp, warehouse: urls.warehouse, archive: urls.archive },
      policyPath: DEFAULT_POLICY_PATH,
      port: DEFAULT_PORTS.privacy,
      internalTokenSecret: secret,
      logger,
    }),
  );
}

function counted(subgraph: RunningSubgraph, db?: Knex): Started {
  const sql = db && new StatementCounter(db);
  const graphql = countGraphQLRequests();
  return { counts: () => ({ sql: sql?.total ?? 0, graphqlRequests: graphql.total }), stop: () => subgraph.stop() };
}

/**
 * Counts the requests to /graphql every HTTP server of this process receives (it runs one
 * subgraph), from Node's own diagnostics channel: nothing is added to the path a request takes.
 */
function countGraphQLRequests(): { readonly total: number } {
  const counter = { total: 0 };
  subscribe('http.server.request.start', (message) => {
    const { pathname } = new URL((message as { request: IncomingMessage }).request.url ?? '/', 'http://subgraph');
    if (pathname === '/graphql' || pathname.startsWith('/graphql/')) counter.total += 1;
  });
  return counter;
}

/** One shared service in its own process; the bench asks it for its counts over IPC. */
async function main(): Promise<void> {
  // A bench that died, even while this service starts, leaves nothing behind on the default ports.
  process.on('disconnect', () => process.exit(0));
  const started = await start(JSON.parse(process.argv[2]) as SharedServiceRequest);
  process.on('message', (message) => {
    if (message === 'counts') process.send!(started.counts());
    if (message === 'stop') void started.stop().then(() => process.exit(0));
  });
  process.send!('ready');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
