import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import { createLogger } from '../platform/logger';
import { internalTokenKey } from '../platform/internal-token';
import { ErrorCode } from '../resolvers/errors';
import type { GatewayContext } from './gateway-context';
import { SubgraphDataSource } from './subgraph-data-source';

/** A subgraph stand-in on a real port: records what it is sent, answers one entity per representation. */
async function startEntityServer(answer: (representations: Array<{ id: string }>) => unknown) {
  const received: Array<Array<{ id: string }>> = [];
  const server: Server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const representations = JSON.parse(body).variables.representations as Array<{ id: string }>;
    received.push(representations);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(answer(representations)));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, received, close: () => new Promise((resolve) => server.close(resolve)) };
}

const context: GatewayContext = {
  requestId: 'test-request-0001',
  principal: { subject: 'agent-1', scopes: ['customer:read'], purpose: 'support', clientId: 'web', clientKind: 'first-party' },
};

function fetchEntities(source: SubgraphDataSource, representations: Array<{ __typename: string; id: string }>) {
  return source.process({
    kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION,
    request: { query: 'query($representations:[_Any!]!){_entities(representations:$representations){... on Customer{segment}}}', variables: { representations } },
    context,
    incomingRequestContext: {} as never,
    document: undefined as never,
  });
}

describe('SubgraphDataSource', () => {
  const logger = createLogger('test', 'silent');
  const key = internalTokenKey('test-internal-token-secret-0123456789abcdef');
  const customer = (id: string) => ({ __typename: 'Customer', id });

  it('asks the subgraph once per distinct entity and answers every position the gateway asked for', async () => {
    const server = await startEntityServer((reps) => ({ data: { _entities: reps.map((r) => ({ segment: `segment-of-${r.id}` })) } }));
    try {
      const source = new SubgraphDataSource({ name: 'analytics', url: server.url, logger, internalTokenKey: key });
      const response = await fetchEntities(source, [customer('1'), customer('2'), customer('1'), customer('1')]);

      expect(server.received).toEqual([[customer('1'), customer('2')]]);
      expect(response.data?._entities).toEqual(['1', '2', '1', '1'].map((id) => ({ segment: `segment-of-${id}` })));
      // Repeats are separate objects: the gateway merges later fetches into each one.
      const entities = response.data?._entities as object[];
      expect(entities[2]).not.toBe(entities[0]);
    } finally {
      await server.close();
    }
  });

  it('reports an error on a shared entity at every position that shared it', async () => {
    const server = await startEntityServer((reps) => ({
      data: { _entities: reps.map((r) => (r.id === '1' ? null : { segment: 'ok' })) },
      errors: [{ message: 'withheld', path: ['_entities', 0, 'segment'], extensions: { code: 'FORBIDDEN' } }],
    }));
    try {
      const source = new SubgraphDataSource({ name: 'analytics', url: server.url, logger, internalTokenKey: key });
      const response = await fetchEntities(source, [customer('1'), customer('2'), customer('1')]);

      expect(response.data?._entities).toEqual([null, { segment: 'ok' }, null]);
      expect(response.errors?.map((e) => e.path)).toEqual([['_entities', 0, 'segment'], ['_entities', 2, 'segment']]);
    } finally {
      await server.close();
    }
  });

  it('sends distinct representations unchanged', async () => {
    const server = await startEntityServer((reps) => ({ data: { _entities: reps.map(() => ({ segment: 'ok' })) } }));
    try {
      const source = new SubgraphDataSource({ name: 'analytics', url: server.url, logger, internalTokenKey: key });
      await fetchEntities(source, [customer('1'), customer('2')]);
      expect(server.received).toEqual([[customer('1'), customer('2')]]);
    } finally {
      await server.close();
    }
  });

  it('turns a subgraph that does not answer into SUBGRAPH_UNAVAILABLE without naming its address', async () => {
    const server = await startEntityServer(() => ({}));
    await server.close();
    const source = new SubgraphDataSource({ name: 'analytics', url: server.url, logger, internalTokenKey: key });
    const failure = await fetchEntities(source, [customer('1')]).then(() => undefined, (error: unknown) => error as { message: string; extensions: { code: string } });
    expect(failure?.extensions.code).toBe(ErrorCode.SubgraphUnavailable);
    expect(failure?.message).not.toContain('127.0.0.1');
  });
});
