import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import { createLogger } from '../platform/logger';
import { internalTokenKey, verifyInternalToken } from '../contracts/internal-token';
import { ErrorCode } from '../contracts/error-codes';
import type { GatewayContext } from './gateway-context';
import { SubgraphDataSource } from './subgraph-data-source';

/** A subgraph stand-in on a real port: records what it is sent, answers one entity per representation. */
type Representation = { __typename: string; id: string; region?: string; stock?: Array<{ depot: string; units: number }> };

async function startEntityServer(answer: (representations: Representation[]) => unknown) {
  const received: Representation[][] = [];
  const server: Server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const representations = JSON.parse(body).variables.representations as Representation[];
    received.push(representations);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(answer(representations)));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    received,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

const context: GatewayContext = {
  requestId: 'test-request-0001',
  clientRequestId: null,
  principal: { subject: 'agent-1', scopes: ['customer:read'], purpose: 'support', clientId: 'web', clientKind: 'first-party' },
};

function fetchEntities(source: SubgraphDataSource, representations: Representation[], selection = '... on Customer{segment}') {
  return source.process({
    kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION,
    request: {
      query: `query($representations:[_Any!]!){_entities(representations:$representations){${selection}}}`,
      variables: { representations },
    },
    context,
    incomingRequestContext: {} as never,
    document: undefined as never,
  });
}

describe('SubgraphDataSource', () => {
  const logger = createLogger('test', 'silent');
  const key = internalTokenKey('test-internal-token-secret-0123456789abcdef');
  const sources: SubgraphDataSource[] = [];
  /** A data source for one test; its kept-alive connections are closed after it. */
  const dataSource = (name: string, url: string, timeoutMs = 5000) => {
    const source = new SubgraphDataSource({ name, url, logger, internalTokenKey: key, timeoutMs });
    sources.push(source);
    return source;
  };
  afterEach(async () => {
    await Promise.all(sources.splice(0).map((source) => source.close()));
  });
  const customer = (id: string) => ({ __typename: 'Customer', id });

  it('asks the subgraph once per distinct entity and answers every position the gateway asked for', async () => {
    const server = await startEntityServer((reps) => ({ data: { _entities: reps.map((r) => ({ segment: `segment-of-${r.id}` })) } }));
    try {
      const source = dataSource('analytics', server.url);
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
      const source = dataSource('analytics', server.url);
      const response = await fetchEntities(source, [customer('1'), customer('2'), customer('1')]);

      expect(response.data?._entities).toEqual([null, { segment: 'ok' }, null]);
      expect(response.errors?.map((e) => e.path)).toEqual([
        ['_entities', 0, 'segment'],
        ['_entities', 2, 'segment'],
      ]);
    } finally {
      await server.close();
    }
  });

  it('sends distinct representations unchanged', async () => {
    const server = await startEntityServer((reps) => ({ data: { _entities: reps.map(() => ({ segment: 'ok' })) } }));
    try {
      const source = dataSource('analytics', server.url);
      await fetchEntities(source, [customer('1'), customer('2')]);
      expect(server.received).toEqual([[customer('1'), customer('2')]]);
    } finally {
      await server.close();
    }
  });

  it('tells apart entities whose key spans several fields: same id, another region', async () => {
    const prices: Record<string, string> = { EU: '10.00 EUR', US: '12.00 USD' };
    const server = await startEntityServer((reps) => ({ data: { _entities: reps.map((r) => ({ price: prices[r.region!] })) } }));
    try {
      const source = dataSource('catalogue', server.url);
      const eu = { __typename: 'Product', id: '1', region: 'EU' };
      const us = { __typename: 'Product', id: '1', region: 'US' };
      const response = await fetchEntities(source, [eu, us, eu], '... on Product{price}');

      expect(server.received).toEqual([[eu, us]]);
      expect(response.data?._entities).toEqual([{ price: '10.00 EUR' }, { price: '12.00 USD' }, { price: '10.00 EUR' }]);
    } finally {
      await server.close();
    }
  });

  it('sends equal representations once, and tells apart those whose nested fields differ', async () => {
    const server = await startEntityServer((reps) => ({ data: { _entities: reps.map((r) => ({ price: `price-of-${r.id}` })) } }));
    try {
      const source = dataSource('catalogue', server.url);
      const eu = { __typename: 'Product', id: '1', region: 'EU', stock: [{ depot: 'A', units: 1 }] };
      const otherStock = { __typename: 'Product', id: '1', region: 'EU', stock: [{ depot: 'A', units: 2 }] };
      const response = await fetchEntities(
        source,
        [eu, { ...eu, stock: [{ depot: 'A', units: 1 }] }, otherStock, { __typename: 'Product', id: '2', region: 'EU' }],
        '... on Product{price}',
      );

      expect(server.received).toEqual([
        [
          { __typename: 'Product', id: '1', region: 'EU', stock: [{ depot: 'A', units: 1 }] },
          { __typename: 'Product', id: '1', region: 'EU', stock: [{ depot: 'A', units: 2 }] },
          { __typename: 'Product', id: '2', region: 'EU' },
        ],
      ]);
      expect(response.data?._entities).toEqual([
        { price: 'price-of-1' },
        { price: 'price-of-1' },
        { price: 'price-of-1' },
        { price: 'price-of-2' },
      ]);
    } finally {
      await server.close();
    }
  });

  it('sends the request whole: query, operation name, every variable beside the representations, extensions', async () => {
    const bodies: unknown[] = [];
    const server = createServer(async (req, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      bodies.push(JSON.parse(body));
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ data: { _entities: [{ orders: [] }, { orders: [] }] } }));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const source = dataSource('crm', `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`);
      const query =
        'query Orders__crm__1($representations:[_Any!]!,$first:Int)' +
        '{_entities(representations:$representations){...on Customer{orders(first:$first){id}}}}';
      const request = {
        query,
        operationName: 'Orders__crm__1',
        variables: { first: 2, representations: [customer('1'), customer('1'), customer('2')], note: 'a "quoted" \\ text' },
        extensions: { persisted: false },
      };
      await source.process({
        kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION,
        request,
        context,
        incomingRequestContext: {} as never,
        document: undefined as never,
      });
      await source.process({
        kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION,
        request: { query, variables: { representations: [customer('3'), customer('4')] } },
        context,
        incomingRequestContext: {} as never,
        document: undefined as never,
      });

      expect(bodies).toEqual([
        {
          query,
          operationName: 'Orders__crm__1',
          variables: { representations: [customer('1'), customer('2')], first: 2, note: 'a "quoted" \\ text' },
          extensions: { persisted: false },
        },
        { query, variables: { representations: [customer('3'), customer('4')] } },
      ]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('gives up on a subgraph that does not answer within its timeout, once, without retrying', async () => {
    let calls = 0;
    const silent = createServer(() => void (calls += 1)); // accepts, never answers
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/graphql`;
      const source = dataSource('analytics', url, 200);
      const response = await fetchEntities(source, [customer('1'), customer('2')]);
      expect(response.data).toBeUndefined();
      expect(response.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([
        [['_entities', 0, 'segment'], ErrorCode.SubgraphUnavailable],
        [['_entities', 1, 'segment'], ErrorCode.SubgraphUnavailable],
      ]);
      expect(calls).toBe(1);
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('turns a subgraph that does not answer into SUBGRAPH_UNAVAILABLE at each path, without naming its address', async () => {
    const server = await startEntityServer(() => ({}));
    await server.close();
    const source = dataSource('analytics', server.url);
    const response = await fetchEntities(source, [customer('1')]);
    expect(response.errors).toEqual([
      {
        message: 'The analytics service is not available right now',
        path: ['_entities', 0, 'segment'],
        extensions: { code: ErrorCode.SubgraphUnavailable, serviceName: 'analytics' },
      },
    ]);
  });

  it("passes on a value the subgraph refuses as the caller's mistake (BAD_USER_INPUT), not an outage", async () => {
    const server = createServer((_req, res) => {
      res.statusCode = 400;
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          errors: [
            { message: 'Variable "$to" got invalid value "x"; Expected type "DateTimeISO".', extensions: { code: 'BAD_USER_INPUT' } },
          ],
        }),
      );
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const source = dataSource('privacy', `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`);
      const response = await source.process({
        kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION,
        request: { query: 'query($to: DateTimeISO) { accessLog(to: $to) { at } }', variables: { to: 'x' } },
        context,
        incomingRequestContext: {} as never,
        document: undefined as never,
      });
      expect(response.errors).toEqual([
        {
          message: expect.stringContaining('DateTimeISO'),
          path: ['accessLog'],
          extensions: { code: 'BAD_USER_INPUT', serviceName: 'privacy' },
        },
      ]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
  it('signs every call for this subgraph with the caller inside, and passes the request id on', async () => {
    const headers: Array<Record<string, string | string[] | undefined>> = [];
    const server = createServer((req, res) => {
      headers.push(req.headers);
      req.resume();
      req.on('end', () => res.end(JSON.stringify({ data: { _entities: [{ segment: 'ok' }] } })));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const source = dataSource('analytics', `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`);
      const response = await fetchEntities(source, [customer('1')]);
      expect(response.data?._entities).toEqual([{ segment: 'ok' }]);
      expect(headers[0]['x-request-id']).toBe(context.requestId);
      expect(headers[0]['content-type']).toBe('application/json');
      const token = String(headers[0].authorization).replace(/^Bearer /, '');
      expect((await verifyInternalToken(token, 'analytics', key)).principal).toEqual(context.principal);
      await expect(verifyInternalToken(token, 'crm', key)).rejects.toThrow();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it.each([
    ['a server error', 500, '{"errors":[{"message":"boom at db-7.internal"}]}'],
    ['a body that is not JSON', 200, '<html>proxy error</html>'],
    ['JSON that is not an object', 200, '[1,2]'],
  ])('turns %s into SUBGRAPH_UNAVAILABLE at each path, saying nothing of it', async (_case, status, body) => {
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.statusCode = status;
        res.end(body);
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const source = dataSource('analytics', `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`);
      const response = await fetchEntities(source, [customer('1')]);
      expect(response.errors).toEqual([
        {
          message: 'The analytics service is not available right now',
          path: ['_entities', 0, 'segment'],
          extensions: { code: ErrorCode.SubgraphUnavailable, serviceName: 'analytics' },
        },
      ]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
