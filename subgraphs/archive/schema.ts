import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildFederatedSchema } from '../../subgraph-kit/build-federated-schema';
import { requiredProtectionStatus } from '../../subgraph-kit/external-data-protection';
import { CustomerArchiveResolver } from './customer-archive.resolver';
import { Customer } from './customer.type';
import { referenceResolvers } from './reference';

export function buildArchiveSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    { resolvers: [CustomerArchiveResolver], orphanedTypes: [Customer], protectionStatusOf: requiredProtectionStatus },
    referenceResolvers,
  );
}
