import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildFederatedSchema } from '../../subgraph-kit/build-federated-schema';
import { CustomerActivityResolver } from './customer-activity.resolver';
import { CustomerResolver } from './customer.resolver';
import { HouseholdResolver } from './household.resolver';
import { OrderResolver } from './order.resolver';
import { crmProtectionStatus } from './protection';
import { referenceResolvers } from './reference';

export function buildCrmSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    { resolvers: [CustomerResolver, CustomerActivityResolver, OrderResolver, HouseholdResolver], protectionStatusOf: crmProtectionStatus },
    referenceResolvers,
  );
}
