import http from 'node:http';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import { fromProjectRoot } from '../../platform/project-root';
import { subgraphTokens } from './subgraph-tokens';

/**
 * Hive Gateway (the runtime of @graphql-hive/gateway) on the same supergraph: `hive-gateway.js PORT`
 * with its default (JavaScript) planner, `hive-gateway.js PORT --rust-planner` with Hive Router's Rust
 * query planner and executor (@graphql-hive/router-runtime), what its users pick for a faster planner.
 */
async function main(): Promise<void> {
  const tokens = await subgraphTokens();
  const rustPlanner = process.argv.includes('--rust-planner');
  const gateway = createGatewayRuntime({
    supergraph: fromProjectRoot('schema', 'supergraph.graphql'),
    logging: false,
    // The package's ESM and CommonJS typings of the same handler differ; the handler is the one its docs name.
    ...(rustPlanner ? { unifiedGraphHandler: (await import('@graphql-hive/router-runtime')).unifiedGraphHandler as never } : {}),
    propagateHeaders: {
      fromClientToSubgraphs: ({ subgraphName }: { subgraphName: string }) => ({ authorization: `Bearer ${tokens.current[subgraphName]}` }),
    },
  });
  http.createServer(gateway).listen(Number(process.argv[2]), '127.0.0.1', () => console.log('ready'));
}

void main();
