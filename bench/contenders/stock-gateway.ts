import '../../platform/no-telemetry';
import { readFileSync } from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { fromProjectRoot } from '../../platform/project-root';
import { subgraphTokens } from './subgraph-tokens';

/** The stock gateway: @apollo/gateway + @apollo/server on the same supergraph, no plugins of ours. */
async function main(): Promise<void> {
  const tokens = await subgraphTokens();
  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(fromProjectRoot('schema', 'supergraph.graphql'), 'utf8'),
    buildService: ({ name, url }) =>
      new (class extends RemoteGraphQLDataSource {
        override willSendRequest({ request }: Parameters<NonNullable<RemoteGraphQLDataSource['willSendRequest']>>[0]) {
          request.http?.headers.set('authorization', `Bearer ${tokens.current[name]}`);
        }
      })({ url }),
  });
  const server = new ApolloServer({ gateway });
  await server.start();
  const app = express();
  app.use('/graphql', express.json({ limit: '1mb' }), expressMiddleware(server));
  app.listen(Number(process.argv[2]), '127.0.0.1', () => console.log('ready'));
}

void main();
