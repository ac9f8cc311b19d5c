import {
  ApolloClient,
  ApolloLink,
  CombinedGraphQLErrors,
  type ErrorLike,
  type FieldPolicy,
  gql,
  HttpLink,
  InMemoryCache,
  makeVar,
  ServerError,
} from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { ErrorLink } from '@apollo/client/link/error';
import { readFileSync } from 'node:fs';
import { filter, firstValueFrom, map } from 'rxjs';
import { fromProjectRoot } from '../platform/project-root';
import { type RunningGateway, startGateway } from '../gateway/gateway-server';
import { type Backend, createTestSystems, type TestSystems, testBackends } from './support/backends';
import { startTestStack, type TestStack, testGatewayConfig, testLogger, tokenFor } from './support/test-stack';

// The client docs/front-end.md shows ("Apollo Client 4"), from here to the end marker: the docs hold this code, each
// `export` aside (the last test checks it).
// client:start

// errorPolicy 'all' as the default, declared for TypeScript (Apollo Client 4 refuses an undeclared default).
declare module '@apollo/client' {
  namespace ApolloClient {
    namespace DeclareDefaultOptions {
      interface WatchQuery {
        errorPolicy?: 'all';
      }
      interface Query {
        errorPolicy?: 'all';
      }
      interface Mutate {
        errorPolicy?: 'all';
      }
    }
  }
}

/** The masked paths (`customer.email`) of each operation's last answer, by operation name. */
const maskedPaths = makeVar<Record<string, readonly string[]>>({});

/** A request the gateway refused (any answer but 2xx): its code, status and, after a 429, how long to wait. */
interface Refusal {
  code: string | undefined;
  status: number;
  retryAfterSeconds: number | undefined;
}

/** The `extensions.code` of each error Apollo Client reports; none for a network failure or a body that is no GraphQL. */
function errorCodes(error: ErrorLike | undefined): string[] {
  if (CombinedGraphQLErrors.is(error)) return error.errors.map((e) => String(e.extensions?.code));
  if (ServerError.is(error)) {
    try {
      return JSON.parse(error.bodyText).errors.map((e: { extensions?: { code?: string } }) => String(e.extensions?.code));
    } catch {
      return [];
    }
  }
  return [];
}

/** `customers(first, after)`: one list for all pages; a page with `after` appends its nodes to the ones before. */
const keysetPages: FieldPolicy = {
  keyArgs: false,
  merge(existing, incoming, { args }) {
    if (!existing || !incoming || !args?.after) return incoming;
    return { ...incoming, nodes: [...existing.nodes, ...incoming.nodes] };
  },
};

/** A customer's list paged with `first` + `offset`: each page lands at its offset; `null` (withheld) stays `null`. */
const offsetPages: FieldPolicy = {
  keyArgs: false,
  merge(existing, incoming, { args }) {
    if (!incoming) return incoming;
    const offset: number = args?.offset ?? 0;
    const merged = offset > 0 && existing ? existing.slice(0) : [];
    incoming.forEach((item: unknown, i: number) => {
      merged[offset + i] = item;
    });
    return merged;
  },
};

/** The lists of a customer that page with `first` + `offset` (crm's and the archive's). */
const offsetPagedLists = [
  'orders',
  'invoices',
  'payments',
  'interactions',
  'offers',
  'archivedOrders',
  'archivedInvoices',
  'archivedInteractions',
];

interface GatewayClientOptions {
  uri: string;
  token: () => string | undefined;
  purpose?: () => string | undefined;
  onRefusal?: (refusal: Refusal) => void;
}

function createGatewayClient({ uri, token, purpose = () => undefined, onRefusal = () => {} }: GatewayClientOptions): ApolloClient {
  const auth = new SetContextLink((context) => {
    const [bearer, forPurpose] = [token(), purpose()];
    return {
      headers: {
        ...context.headers,
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        ...(forPurpose ? { 'x-purpose': forPurpose } : {}),
      },
    };
  });
  const refusals = new ErrorLink(({ error, operation }) => {
    const response: Response | undefined = operation.getContext().response;
    if (!response || response.ok) return; // a 200 with errors is a partial answer: the component reads it
    const retryAfter = response.headers.get('retry-after');
    onRefusal({ code: errorCodes(error)[0], status: response.status, retryAfterSeconds: retryAfter ? Number(retryAfter) : undefined });
  });
  const masked = new ApolloLink((operation, forward) =>
    forward(operation).pipe(
      map((result) => {
        const paths = result.extensions?.maskedPaths;
        maskedPaths({ ...maskedPaths(), [operation.operationName ?? '']: Array.isArray(paths) ? paths : [] });
        return result;
      }),
    ),
  );
  return new ApolloClient({
    link: ApolloLink.from([auth, refusals, masked, new HttpLink({ uri })]),
    cache: new InMemoryCache({
      typePolicies: {
        Query: { fields: { customers: keysetPages } },
        Customer: { fields: Object.fromEntries(offsetPagedLists.map((field) => [field, offsetPages])) },
      },
    }),
    defaultOptions: {
      watchQuery: { errorPolicy: 'all' },
      query: { errorPolicy: 'all' },
      mutate: { errorPolicy: 'all' },
    },
  });
}
// client:end

const CUSTOMER_LIST = gql`
  query CustomerList($after: String) {
    customers(first: 3, after: $after) {
      nodes {
        id
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

const CUSTOMER_ORDERS = gql`
  query CustomerOrders($id: ID!, $offset: Int!) {
    customer(id: $id) {
      id
      orders(first: 3, offset: $offset) {
        id
      }
    }
  }
`;

const NAME = gql`
  query CustomerName {
    customer(id: "1000002") {
      id
      name
    }
  }
`;

describe.each(testBackends())('Apollo Client 4 against the gateway, on %s', (backend: Backend) => {
  let systems: TestSystems;
  let stack: TestStack;
  let url: string;
  let agent: string;
  const limitedGateways: RunningGateway[] = [];

  beforeAll(async () => {
    systems = await createTestSystems(backend, 12);
    stack = await startTestStack(systems);
    url = stack.gateway.url;
    agent = await tokenFor('support_agent', { subject: 'agent@example.com' });
  });

  afterAll(async () => {
    for (const gateway of limitedGateways) await gateway.stop();
    await stack?.stop();
    await systems?.drop();
  });

  /** A client of the test's gateway with this token and purpose, and the refusals it was told of. */
  function clientFor(token: string | undefined, purpose?: string, uri = url) {
    const refusals: Refusal[] = [];
    const client = createGatewayClient({ uri, token: () => token, purpose: () => purpose, onRefusal: (r) => refusals.push(r) });
    return { client, refusals };
  }

  it("gives a support agent the data with a field they may not read null, and that field's FORBIDDEN error", async () => {
    const { client, refusals } = clientFor(agent);
    const query = gql`
      query CustomerRisk {
        customer(id: "1000002") {
          id
          name
          churnRisk
        }
      }
    `;
    const { data, error } = await client.query({ query });
    expect(data).toEqual({ customer: { __typename: 'Customer', id: '1000002', name: 'Sofia Adler', churnRisk: null } });
    expect(CombinedGraphQLErrors.is(error)).toBe(true);
    expect(errorCodes(error)).toEqual(['FORBIDDEN']);
    expect((error as CombinedGraphQLErrors).errors).toEqual([
      { message: 'You may not read Customer.churnRisk', path: ['customer', 'churnRisk'], extensions: { code: 'FORBIDDEN' } },
    ]);
    expect(refusals).toEqual([]);

    // With Apollo Client's default errorPolicy ('none') the same answer is an error only: client.query rejects.
    const strict = client.query({ query, errorPolicy: 'none', fetchPolicy: 'network-only' });
    await expect(strict).rejects.toBeInstanceOf(CombinedGraphQLErrors);
    await expect(strict).rejects.toThrow('You may not read Customer.churnRisk');
  });

  it('pages customers with fetchMore: the cache holds both pages, in order', async () => {
    const { client } = clientFor(agent);
    const list = client.watchQuery({ query: CUSTOMER_LIST });
    const watching = list.subscribe(() => {});
    try {
      const first = await firstValueFrom(list.pipe(filter((result) => result.dataState === 'complete')));
      expect((first.data as any).customers.pageInfo).toEqual({ __typename: 'PageInfo', hasNextPage: true, endCursor: 'azE6MTAwMDAwMw' });
      const next = await list.fetchMore({ variables: { after: (first.data as any).customers.pageInfo.endCursor } });
      expect((next.data as any).customers.nodes.map((node: { id: string }) => node.id)).toEqual(['1000004', '1000005', '1000006']);

      const cached: any = client.readQuery({ query: CUSTOMER_LIST });
      expect(cached.customers.nodes.map((node: { id: string }) => node.id)).toEqual([
        '1000001',
        '1000002',
        '1000003',
        '1000004',
        '1000005',
        '1000006',
      ]);
      expect(cached.customers.pageInfo).toEqual({ __typename: 'PageInfo', hasNextPage: true, endCursor: 'azE6MTAwMDAwNg' });
      // And the watched query (what useQuery renders) is told of both pages.
      const watched = await firstValueFrom(list.pipe(filter((result) => (result.data as any)?.customers.nodes.length !== 3)));
      expect((watched.data as any).customers.nodes).toEqual(cached.customers.nodes);
    } finally {
      watching.unsubscribe();
    }
  });

  it("pages a customer's orders with first + offset: the cache holds both pages, in order", async () => {
    const { client } = clientFor(agent);
    const orders = client.watchQuery({ query: CUSTOMER_ORDERS, variables: { id: '1000005', offset: 0 } });
    const watching = orders.subscribe(() => {});
    try {
      await firstValueFrom(orders.pipe(filter((result) => result.dataState === 'complete')));
      await orders.fetchMore({ variables: { offset: 3 } });
      const cached: any = client.readQuery({ query: CUSTOMER_ORDERS, variables: { id: '1000005', offset: 0 } });
      expect(cached.customer.orders.map((order: { id: string }) => order.id)).toEqual([
        '100000511',
        '100000507',
        '100000510',
        '100000519',
        '100000503',
        '100000513',
      ]);
    } finally {
      watching.unsubscribe();
    }
  });

  it("exposes the masked paths of a support agent's read of email through the link, and none of the officer's", async () => {
    const query = gql`
      query CustomerEmail {
        customer(id: "1000002") {
          id
          email
        }
      }
    `;
    const { data } = await clientFor(agent).client.query({ query });
    expect(data).toEqual({ customer: { __typename: 'Customer', id: '1000002', email: 's***@example.org' } });
    expect(maskedPaths().CustomerEmail).toEqual(['customer.email']);

    const officer = await clientFor(await tokenFor('dpo')).client.query({ query });
    expect((officer.data as any).customer.email).not.toContain('***');
    expect(maskedPaths().CustomerEmail).toEqual([]);
  });

  it('tells the app of a request without a token: UNAUTHENTICATED, status 401', async () => {
    const { client, refusals } = clientFor(undefined);
    const { data, error } = await client.query({ query: NAME });
    expect(data).toBeUndefined();
    expect(CombinedGraphQLErrors.is(error)).toBe(true);
    expect(errorCodes(error)).toEqual(['UNAUTHENTICATED']);
    expect(refusals).toEqual([{ code: 'UNAUTHENTICATED', status: 401, retryAfterSeconds: undefined }]);
  });

  it('tells the app of a purpose its token does not hold: PURPOSE_NOT_ALLOWED, status 403', async () => {
    const { client, refusals } = clientFor(agent, 'marketing');
    const { data, error } = await client.query({ query: NAME });
    expect(data).toBeUndefined();
    expect((error as CombinedGraphQLErrors).errors).toEqual([
      { message: 'This token may not be used for the purpose "marketing"', extensions: { code: 'PURPOSE_NOT_ALLOWED' } },
    ]);
    expect(refusals).toEqual([{ code: 'PURPOSE_NOT_ALLOWED', status: 403, retryAfterSeconds: undefined }]);
  });

  it('tells the app it is over its rate limit: RATE_LIMITED, status 429 and how long to wait', async () => {
    const subgraphUrls = { crm: stack.crm.url, archive: stack.archive.url, analytics: stack.analytics.url, privacy: stack.privacy.url };
    const limited = await startGateway(
      testGatewayConfig(systems, { gateway: { subgraphUrls, rateLimits: { perClientPerMinute: 0, perSubjectPerMinute: 2 } } }),
      testLogger('gateway'),
    );
    limitedGateways.push(limited);
    const { client, refusals } = clientFor(agent, undefined, limited.url);
    for (let i = 0; i < 2; i++) expect((await client.query({ query: NAME, fetchPolicy: 'network-only' })).error).toBeUndefined();

    const { data, error } = await client.query({ query: NAME, fetchPolicy: 'network-only' });
    expect(data).toBeUndefined();
    expect(errorCodes(error)).toEqual(['RATE_LIMITED']);
    expect(refusals).toEqual([{ code: 'RATE_LIMITED', status: 429, retryAfterSeconds: expect.any(Number) }]);
    const [{ retryAfterSeconds }] = refusals;
    expect(retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(retryAfterSeconds).toBeLessThanOrEqual(60);
    expect((error as CombinedGraphQLErrors).errors[0].extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds });
  });

  it("reads the gateway's other refusals the same way: 400 GRAPHQL_VALIDATION_FAILED, 413 BAD_REQUEST", async () => {
    const { client, refusals } = clientFor(agent);
    const invalid = await client.query({ query: gql`query Nothing { nothing }` });
    expect([invalid.data, errorCodes(invalid.error)]).toEqual([undefined, ['GRAPHQL_VALIDATION_FAILED']]);
    const tooLarge = await client.query({
      query: gql`query Large($id: ID!) { customer(id: $id) { id } }`,
      variables: { id: 'x'.repeat(1_100_000) },
    });
    expect([tooLarge.data, errorCodes(tooLarge.error)]).toEqual([undefined, ['BAD_REQUEST']]);
    expect(refusals.map((r) => [r.code, r.status])).toEqual([
      ['GRAPHQL_VALIDATION_FAILED', 400],
      ['BAD_REQUEST', 413],
    ]);
  });

  it("tells a partner's app that only its registered operations run: PERSISTED_QUERY_REQUIRED, status 400", async () => {
    const { client, refusals } = clientFor(await tokenFor('acme_delivery'));
    const { data, error } = await client.query({ query: NAME });
    expect(data).toBeUndefined();
    expect(errorCodes(error)).toEqual(['PERSISTED_QUERY_REQUIRED']);
    expect(refusals).toEqual([{ code: 'PERSISTED_QUERY_REQUIRED', status: 400, retryAfterSeconds: undefined }]);
  });

  it('tells the app of a gateway it cannot reach as a network error: no code, no refusal, no data', async () => {
    const { client, refusals } = clientFor(agent, undefined, 'http://127.0.0.1:1/graphql');
    const { data, error } = await client.query({ query: NAME });
    expect(data).toBeUndefined();
    expect(error).toMatchObject({ name: 'TypeError', message: 'fetch failed' });
    expect([CombinedGraphQLErrors.is(error), ServerError.is(error), errorCodes(error)]).toEqual([false, false, []]);
    expect(refusals).toEqual([]);
  });

  it('reports a ServerError to a client whose Accept leaves out application/graphql-response+json; the code is in its body', async () => {
    const client = new ApolloClient({
      link: new HttpLink({ uri: url, headers: { accept: 'application/json' } }),
      cache: new InMemoryCache(),
      defaultOptions: { query: { errorPolicy: 'all' } },
    });
    const { error } = await client.query({ query: NAME });
    expect(ServerError.is(error)).toBe(true);
    expect((error as ServerError).statusCode).toBe(401);
    expect(errorCodes(error)).toEqual(['UNAUTHENTICATED']);
  });

  it('is the client docs/front-end.md shows', () => {
    const source = readFileSync(fromProjectRoot('test/apollo-client.e2e.test.ts'), 'utf8');
    const client = source.slice(source.indexOf('// client:start\n') + 16, source.indexOf('// client:end'));
    const docs = readFileSync(fromProjectRoot('docs/front-end.md'), 'utf8').replace(/^export /gm, '');
    expect(client.length).toBeGreaterThan(1000);
    expect(docs).toContain(client);
  });
});
