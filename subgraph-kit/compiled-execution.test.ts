import { ApolloServer } from '@apollo/server';
import { GraphQLError, GraphQLInt, GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { compiledExecution } from './compiled-execution';

/** Orders listed by `first`, the calls counted; `Order.secret` refused the way a subgraph's rules refuse a field. */
function ordersSchema(calls: { orders: number }): GraphQLSchema {
  const Order = new GraphQLObjectType({
    name: 'Order',
    fields: {
      number: { type: GraphQLString },
      secret: {
        type: GraphQLString,
        resolve: () => {
          throw new GraphQLError('You may not read Order.secret', { extensions: { code: 'FORBIDDEN' } });
        },
      },
    },
  });
  return new GraphQLSchema({
    query: new GraphQLObjectType({
      name: 'Query',
      fields: {
        orders: {
          type: new GraphQLList(Order),
          args: { first: { type: new GraphQLNonNull(GraphQLInt) } },
          resolve: (_root, args: { first: number }) => {
            calls.orders += 1;
            return Array.from({ length: args.first }, (_, i) => ({ number: `A-${i + 1}` }));
          },
        },
      },
    }),
  });
}

describe('compiled execution of a subgraph schema', () => {
  const calls = { orders: 0 };
  const server = new ApolloServer({ gateway: compiledExecution(ordersSchema(calls)), includeStacktraceInErrorResponses: false });
  beforeAll(() => server.start());
  afterAll(() => server.stop());

  const run = async (query: string, variables?: Record<string, unknown>) => {
    const response = await server.executeOperation({ query, variables });
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    return { status: response.http.status, ...response.body.singleResult };
  };

  it('answers as graphql-js would: values, aliases, a refused field null with its error and code', async () => {
    expect(await run('query($n: Int!) { orders(first: $n) { number later: number secret } }', { n: 2 })).toEqual({
      status: undefined,
      data: {
        orders: [
          { number: 'A-1', later: 'A-1', secret: null },
          { number: 'A-2', later: 'A-2', secret: null },
        ],
      },
      errors: [
        {
          message: 'You may not read Order.secret',
          locations: [{ line: 1, column: 60 }],
          path: ['orders', 0, 'secret'],
          extensions: { code: 'FORBIDDEN' },
        },
        {
          message: 'You may not read Order.secret',
          locations: [{ line: 1, column: 60 }],
          path: ['orders', 1, 'secret'],
          extensions: { code: 'FORBIDDEN' },
        },
      ],
    });
  });

  it("uses a variable's default when it is left out, even for a non-null variable; an explicit value wins", async () => {
    const query = 'query($n: Int! = 1, $show: Boolean! = false) { orders(first: $n) { number @include(if: $show) } }';
    expect((await run(query)).data).toEqual({ orders: [{}] });
    expect((await run(query, { n: 2, show: true })).data).toEqual({ orders: [{ number: 'A-1' }, { number: 'A-2' }] });
  });

  it("refuses variables it cannot coerce with graphql-js's own message, as the caller's mistake (400, BAD_USER_INPUT)", async () => {
    const refused = await run('query($n: Int!) { orders(first: $n) { number } }', { n: 'many' });
    expect(refused.status).toBe(400);
    expect(refused.data).toBeUndefined();
    expect(refused.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([
      ['Variable "$n" got invalid value "many"; Int cannot represent non-integer value: "many"', 'BAD_USER_INPUT'],
    ]);
    expect((await run('query($n: Int!) { orders(first: $n) { number } }')).errors?.map((e) => e.extensions?.code)).toEqual([
      'BAD_USER_INPUT',
    ]);
  });

  it('runs the same operation again from its compiled form, with new variables each time', async () => {
    const before = calls.orders;
    const query = 'query Again($n: Int!) { orders(first: $n) { number } }';
    const lengths = [];
    for (const n of [1, 3, 2]) lengths.push(((await run(query, { n })).data?.orders as unknown[] | undefined)?.length);
    expect(lengths).toEqual([1, 3, 2]);
    expect(calls.orders - before).toBe(3);
  });
});
