import type { RunningService } from '../platform/http-service';
import type { Logger } from '../platform/logger';
import { DEFAULT_SUPERGRAPH_PATH } from '../gateway/gateway-config';
import { startGateway } from '../gateway/gateway-server';
import { startAnalyticsSubgraph } from '../subgraphs/analytics/server';
import { startArchiveSubgraph } from '../subgraphs/archive/server';
import { startCrmSubgraph } from '../subgraphs/crm/server';
import { startArchiveApi } from '../systems/archive/api/start-archive-api';
import type { SystemUrls } from '../systems/seed/seed-systems';

export interface StackOptions {
  systems: SystemUrls;
  /** Use this archive records API instead of starting one over `systems.archive`. */
  archiveApiUrl?: string;
  ports: { gateway: number; crm: number; archive: number; analytics: number; archiveApi: number };
  host?: string;
  logger: (service: string) => Logger;
}

export interface Stack {
  gateway: RunningService;
  crm: Awaited<ReturnType<typeof startCrmSubgraph>>;
  archive: Awaited<ReturnType<typeof startArchiveSubgraph>>;
  analytics: Awaited<ReturnType<typeof startAnalyticsSubgraph>>;
  archiveApi?: Awaited<ReturnType<typeof startArchiveApi>>;
  /** Every service, in start order. */
  services: RunningService[];
  /** Stops the gateway first, then subgraphs, then the archive API. */
  stop(): Promise<void>;
}

/** Starts the archive API (unless one is given), the three subgraphs and the gateway in this process. */
export async function startStack(options: StackOptions): Promise<Stack> {
  const host = options.host;
  const started: RunningService[] = [];
  const track = <S extends RunningService>(service: S): S => (started.push(service), service);
  try {
    const archiveApi = options.archiveApiUrl
      ? undefined
      : track(await startArchiveApi({ databaseUrl: options.systems.archive, port: options.ports.archiveApi, host, logger: options.logger('archive-api') }));
    const archiveApiUrl = options.archiveApiUrl ?? archiveApi!.url;
    const [crm, archive, analytics] = await Promise.all([
      startCrmSubgraph({ oltpDatabaseUrl: options.systems.oltp, port: options.ports.crm, host, logger: options.logger('crm') }).then(track),
      startArchiveSubgraph({ archiveApiUrl, port: options.ports.archive, host, logger: options.logger('archive') }).then(track),
      startAnalyticsSubgraph({ warehouseDatabaseUrl: options.systems.warehouse, port: options.ports.analytics, host, logger: options.logger('analytics') }).then(track),
    ]);
    const gateway = track(await startGateway(
      {
        port: options.ports.gateway,
        host: host ?? '127.0.0.1',
        supergraphPath: DEFAULT_SUPERGRAPH_PATH,
        subgraphUrls: { crm: crm.url, archive: archive.url, analytics: analytics.url },
        production: process.env.NODE_ENV === 'production',
      },
      options.logger('gateway'),
    ));
    const services = [...started];
    return {
      gateway, crm, archive, analytics, archiveApi, services,
      stop: () => stopAll(services),
    };
  } catch (error) {
    await stopAll(started);
    throw error;
  }
}

async function stopAll(services: RunningService[]): Promise<void> {
  for (const service of [...services].reverse()) await service.stop();
}
