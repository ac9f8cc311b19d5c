import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildFederatedSchema } from '../../subgraph-kit/build-federated-schema';
import { requiredProtectionStatus } from '../../subgraph-kit/external-data-protection';
import { CustomerAnalyticsResolver } from './customer-analytics.resolver';
import { CustomerListResolver } from './customer-list.resolver';
import { Customer } from './customer.type';
import { referenceResolvers } from './reference';

export function buildAnalyticsSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    {
      resolvers: [CustomerAnalyticsResolver, CustomerListResolver],
      orphanedTypes: [Customer],
      protectionStatusOf: requiredProtectionStatus,
    },
    referenceResolvers,
  );
}
