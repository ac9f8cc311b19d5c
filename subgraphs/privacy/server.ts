import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { connectDatabase } from '../../platform/database';
import { buildFederatedSchema } from '../../subgraph-kit/build-federated-schema';
import { type RunningSubgraph, serviceOptionsOf, type SubgraphServiceOptions, startSubgraph } from '../../subgraph-kit/subgraph-server';
import { AccessLogRepository } from './access-log.repository';
import { AccessLogEntryResolver, AccessLogResolver } from './access-log.resolver';
import { Customer } from './access-log.type';
import { PrivacyLoaders } from './privacy.loaders';

export function buildPrivacySchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    // Only callers who may read restricted customers read the access log, so no status is needed.
    { resolvers: [AccessLogResolver, AccessLogEntryResolver], orphanedTypes: [Customer], protectionStatusOf: () => null },
    { Customer: { __resolveReference: (reference: Customer) => reference } },
  );
}

export interface PrivacySubgraphOptions extends SubgraphServiceOptions {
  auditDatabaseUrl: string;
}

/** The privacy subgraph: the audit trail, read-only, for the data-protection officer. */
export async function startPrivacySubgraph(options: PrivacySubgraphOptions): Promise<RunningSubgraph> {
  const db = connectDatabase(options.auditDatabaseUrl, { readOnly: true });
  const accessLog = new AccessLogRepository(db);
  return startSubgraph({
    name: 'privacy',
    schema: await buildPrivacySchema(),
    ...serviceOptionsOf(options),
    createLoaders: (_principal, observeBatch) => new PrivacyLoaders(accessLog, observeBatch),
    databases: [{ system: 'audit', db }],
    checkReady: () => accessLog.ping(),
    onStop: () => db.destroy(),
  });
}
