import 'reflect-metadata';
import { crmProtectionStatus } from './protection';
import type { GraphQLSchema } from 'graphql';
import { connectDatabase, type Knex } from '../../platform/database';
import { buildFederatedSchema } from '../../subgraph-kit/build-federated-schema';
import { type RunningSubgraph, serviceOptionsOf, type SubgraphServiceOptions, startSubgraph } from '../../subgraph-kit/subgraph-server';
import { CommerceRepository } from './commerce.repository';
import { type CrmContext, CrmLoaders, type CrmRepositories } from './crm.loaders';
import { CustomerActivityResolver } from './customer-activity.resolver';
import { CustomerRepository } from './customer.repository';
import { CustomerResolver } from './customer.resolver';
import { HouseholdResolver } from './household.resolver';
import { OrderResolver } from './order.resolver';
import { RelationshipRepository } from './relationship.repository';

export function buildCrmSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    { resolvers: [CustomerResolver, CustomerActivityResolver, OrderResolver, HouseholdResolver], protectionStatusOf: crmProtectionStatus },
    {
      Customer: {
        __resolveReference: (reference: { id: string }, ctx: CrmContext) => ctx.loaders.customer.load(reference.id),
      },
    },
  );
}

export interface CrmSubgraphOptions extends SubgraphServiceOptions {
  oltpDatabaseUrl: string;
}

/** The crm subgraph over the OLTP database, read-only. */
export async function startCrmSubgraph(options: CrmSubgraphOptions): Promise<RunningSubgraph & { db: Knex }> {
  const db = connectDatabase(options.oltpDatabaseUrl, { readOnly: true });
  const repos: CrmRepositories = {
    customers: new CustomerRepository(db),
    commerce: new CommerceRepository(db),
    relationship: new RelationshipRepository(db),
  };
  const subgraph = await startSubgraph({
    name: 'crm',
    schema: await buildCrmSchema(),
    ...serviceOptionsOf(options),
    createLoaders: (_principal, observeBatch) => new CrmLoaders(repos, observeBatch),
    databases: [{ system: 'oltp', db }],
    checkReady: () => repos.customers.ping(),
    onStop: () => db.destroy(),
  });
  return { ...subgraph, db };
}
