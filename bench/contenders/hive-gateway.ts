import http from 'node:http';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import { fromProjectRoot } from '../../platform/project-root';
import { subgraphTokens } from './subgraph-tokens';

/** Hive Gateway (the runtime of @graphql-hive/gateway) on the same supergraph. */
async function main(): Promise<void> {
  const tokens = await subgraphTokens();
  const gateway = createGatewayRuntime({
    supergraph: fromProjectRoot('schema', 'supergraph.graphql'),
    logging: false,
    propagateHeaders: {
      fromClientToSubgraphs: ({ subgraphName }: { subgraphName: string }) => ({ authorization: `Bearer ${tokens.current[subgraphName]}` }),
    },
  });
  http.createServer(gateway).listen(Number(process.argv[2]), '127.0.0.1', () => console.log('ready'));
}

void main();
