import 'reflect-metadata';
import { requiredProtectionStatus } from '../../subgraph-kit/external-data-protection';
import type { GraphQLSchema } from 'graphql';
import { connectDatabase, type Knex } from '../../platform/database';
import { buildFederatedSchema } from '../../subgraph-kit/build-federated-schema';
import { type RunningSubgraph, serviceOptionsOf, type SubgraphServiceOptions, startSubgraph } from '../../subgraph-kit/subgraph-server';
import { AnalyticsLoaders } from './analytics.loaders';
import { CustomerAnalyticsResolver } from './customer-analytics.resolver';
import { Customer } from './customer.type';
import { WarehouseRepository } from './warehouse.repository';
import { WarehouseAnswerCache, type WarehouseCacheOptions } from './warehouse-answer-cache';

export function buildAnalyticsSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    { resolvers: [CustomerAnalyticsResolver], orphanedTypes: [Customer], protectionStatusOf: requiredProtectionStatus },
    // Every field loads by CRM id, so the reference itself is the customer.
    { Customer: { __resolveReference: (reference: Customer) => reference } },
  );
}

export interface AnalyticsSubgraphOptions extends SubgraphServiceOptions {
  warehouseDatabaseUrl: string;
  warehouseCache: WarehouseCacheOptions;
}

/** The analytics subgraph over the warehouse, read-only. */
export async function startAnalyticsSubgraph(options: AnalyticsSubgraphOptions): Promise<RunningSubgraph & { db: Knex }> {
  const db = connectDatabase(options.warehouseDatabaseUrl, { readOnly: true });
  const warehouse = new WarehouseRepository(db);
  const cache = new WarehouseAnswerCache(() => warehouse.currentLoad(), options.warehouseCache);
  const subgraph = await startSubgraph({
    name: 'analytics',
    schema: await buildAnalyticsSchema(),
    ...serviceOptionsOf(options),
    createLoaders: (principal, observeBatch) => new AnalyticsLoaders(warehouse, cache, principal, observeBatch),
    databases: [{ system: 'warehouse', db }],
    checkReady: () => warehouse.ping(),
    onStop: () => db.destroy(),
  });
  return { ...subgraph, db };
}
