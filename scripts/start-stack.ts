import { readGatewayConfig, type GatewayConfig } from '../gateway/gateway-config';
import { type RunningGateway, startGateway } from '../gateway/gateway-server';
import type { EnvReader } from '../platform/env-reader';
import type { RunningService } from '../platform/http-service';
import type { Logger } from '../platform/logger';
import type { SubgraphName } from '../contracts/subgraphs';
import type { ConfigOf, RunningOf } from '../subgraph-kit/define-subgraph';
import { analyticsSubgraph } from '../subgraphs/analytics/service';
import { archiveSubgraph } from '../subgraphs/archive/service';
import { crmSubgraph } from '../subgraphs/crm/service';
import { privacySubgraph } from '../subgraphs/privacy/service';
import { prepareAuditStore } from '../gateway/audit/audit-store';
import { type ArchiveApiConfig, readArchiveApiConfig } from '../systems/archive/api/config';
import { startArchiveApi } from '../systems/archive/api/start-archive-api';

export interface StackConfig {
  /** Started when given; otherwise `archive.archiveApiUrl` names an existing records API. */
  archiveApi?: ArchiveApiConfig;
  crm: ConfigOf<typeof crmSubgraph>;
  archive: ConfigOf<typeof archiveSubgraph>;
  analytics: ConfigOf<typeof analyticsSubgraph>;
  privacy: ConfigOf<typeof privacySubgraph>;
  /** Its subgraph URLs are replaced by where the subgraphs really listen. */
  gateway: GatewayConfig;
}

/** Every service's own configuration, read from one environment. */
export function readStackConfig(env: EnvReader): StackConfig {
  const archiveApiGiven = env.optionalUrl('ARCHIVE_API_URL', ['http:', 'https:']) !== undefined;
  return {
    archiveApi: archiveApiGiven ? undefined : readArchiveApiConfig(env),
    crm: crmSubgraph.readConfig(env),
    archive: archiveSubgraph.readConfig(env),
    analytics: analyticsSubgraph.readConfig(env),
    privacy: privacySubgraph.readConfig(env),
    gateway: readGatewayConfig(env),
  };
}

export interface Stack {
  gateway: RunningGateway;
  crm: RunningOf<typeof crmSubgraph>;
  archive: RunningOf<typeof archiveSubgraph>;
  analytics: RunningOf<typeof analyticsSubgraph>;
  privacy: RunningOf<typeof privacySubgraph>;
  archiveApi?: Awaited<ReturnType<typeof startArchiveApi>>;
  /** Every service, in start order. */
  services: RunningService[];
  /** Stops the gateway first, then subgraphs, then the archive API. */
  stop(): Promise<void>;
}

export interface StackOptions {
  /**
   * Where a service is reached (the gateway's subgraphs, the archive subgraph's records API), given
   * where it listens: something in between, say; by default there.
   */
  routeTo?: (service: SubgraphName | 'archiveApi', url: string) => Promise<string>;
}

/** Starts the archive API (if configured), the four subgraphs and the gateway in this process. */
export async function startStack(config: StackConfig, logger: (service: string) => Logger, options: StackOptions = {}): Promise<Stack> {
  const started: RunningService[] = [];
  const track = <S extends RunningService>(service: S): S => {
    started.push(service);
    return service;
  };
  try {
    const archiveApi = config.archiveApi && track(await startArchiveApi({ ...config.archiveApi, logger: logger('archive-api') }));
    const route = options.routeTo ?? (async (_service: SubgraphName | 'archiveApi', url: string) => url);
    const archiveApiUrl = await route('archiveApi', archiveApi?.url ?? config.archive.archiveApiUrl);
    // The gateway owns the audit store; it exists before the privacy subgraph reads it.
    await prepareAuditStore(config.gateway.audit.databaseUrl);
    const subgraphs = [
      crmSubgraph.start({ ...config.crm, archiveApiUrl, logger: logger('crm') }).then(track),
      archiveSubgraph.start({ ...config.archive, archiveApiUrl, logger: logger('archive') }).then(track),
      analyticsSubgraph.start({ ...config.analytics, logger: logger('analytics') }).then(track),
      privacySubgraph.start({ ...config.privacy, logger: logger('privacy') }).then(track),
    ] as const;
    // Every subgraph has started or failed before one failure (say a port in use) stops the others.
    await Promise.allSettled(subgraphs);
    const [crm, archive, analytics, privacy] = await Promise.all(subgraphs);
    const subgraphUrls = {
      crm: await route('crm', crm.url),
      archive: await route('archive', archive.url),
      analytics: await route('analytics', analytics.url),
      privacy: await route('privacy', privacy.url),
    };
    const gateway = track(await startGateway({ ...config.gateway, subgraphUrls }, logger('gateway')));
    // The privacy subgraph's exports read the graph through this gateway, wherever it listens.
    privacy.subjectAccess.gateway.pointAt(gateway.url);
    const services = [...started];
    return { gateway, crm, archive, analytics, privacy, archiveApi, services, stop: () => stopAll(services) };
  } catch (error) {
    await stopAll(started);
    throw error;
  }
}

async function stopAll(services: RunningService[]): Promise<void> {
  for (const service of [...services].reverse()) await service.stop();
}
