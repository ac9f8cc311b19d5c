import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { connectDatabase } from '../../platform/database';
import type { Logger } from '../../platform/logger';
import { buildFederatedSchema } from '../../resolvers/build-federated-schema';
import { type RunningSubgraph, startSubgraph } from '../../resolvers/subgraph-server';
import { AccessLogRepository } from './access-log.repository';
import { AccessLogResolver } from './access-log.resolver';
import { Customer } from './access-log.type';
import { PrivacyLoaders } from './privacy.loaders';

export function buildPrivacySchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    // Only callers who may read restricted customers read the access log, so no status is needed.
    { resolvers: [AccessLogResolver], orphanedTypes: [Customer], protectionStatusOf: () => null },
    { Customer: { __resolveReference: (reference: Customer) => reference } },
  );
}

export interface PrivacySubgraphOptions {
  auditDatabaseUrl: string;
  internalTokenSecret: string;
  port: number;
  host?: string;
  logger: Logger;
}

/** The privacy subgraph: the audit trail, read-only, for the data-protection officer. */
export async function startPrivacySubgraph(options: PrivacySubgraphOptions): Promise<RunningSubgraph> {
  const db = connectDatabase(options.auditDatabaseUrl, { readOnly: true });
  const accessLog = new AccessLogRepository(db);
  return startSubgraph({
    name: 'privacy',
    schema: await buildPrivacySchema(),
    port: options.port,
    host: options.host,
    logger: options.logger,
    internalTokenSecret: options.internalTokenSecret,
    createLoaders: () => new PrivacyLoaders(accessLog),
    checkReady: () => accessLog.ping(),
    onStop: () => db.destroy(),
  });
}
