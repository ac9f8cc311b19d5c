import 'reflect-metadata';
import { requiredProtectionStatus } from '../../subgraph-kit/external-data-protection';
import type { GraphQLSchema } from 'graphql';
import { buildFederatedSchema } from '../../subgraph-kit/build-federated-schema';
import { type RunningSubgraph, serviceOptionsOf, type SubgraphServiceOptions, startSubgraph } from '../../subgraph-kit/subgraph-server';
import { ArchiveRecordsClient } from './archive-records.client';
import { ArchiveLoaders } from './archive.loaders';
import { CustomerArchiveResolver } from './customer-archive.resolver';
import { Customer } from './customer.type';

export function buildArchiveSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    { resolvers: [CustomerArchiveResolver], orphanedTypes: [Customer], protectionStatusOf: requiredProtectionStatus },
    // The representation already carries what the fields need (id and accounts).
    { Customer: { __resolveReference: (reference: Customer) => reference } },
  );
}

export interface ArchiveSubgraphOptions extends SubgraphServiceOptions {
  archiveApiUrl: string;
}

/** The archive subgraph, reading the records archive through its HTTP API. */
export async function startArchiveSubgraph(options: ArchiveSubgraphOptions): Promise<RunningSubgraph> {
  const client = new ArchiveRecordsClient(options.archiveApiUrl);
  return startSubgraph({
    name: 'archive',
    schema: await buildArchiveSchema(),
    ...serviceOptionsOf(options),
    createLoaders: (_principal, observeBatch) => new ArchiveLoaders(client, observeBatch),
    checkReady: () => client.ping(),
    onStop: async () => client.close(),
  });
}
