import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  assertObjectType,
  getNamedType,
  type GraphQLArgument,
  type GraphQLInputField,
  type GraphQLInputType,
  isEnumType,
  isInputObjectType,
  isNonNullType,
  isObjectType,
} from 'graphql';
import { DEFAULT_SUPERGRAPH_PATH } from '../platform/supergraph-file';
import { buildManifest, manifestPath, PERSISTED_OPERATIONS_DIR, registeredOperation } from '../gateway/persisted/manifest';
import { loadPolicy } from '../policy/policy';
import { apiSchemaFromFile } from '../platform/supergraph-file';
import type { Stack } from '../scripts/start-stack';
import { createTestSystems, type TestSystems } from './support/backends';
import { describeMysql } from './support/mysql';
import { type RunningGateway, startGateway } from '../gateway/gateway-server';
import { postGraphQL, postPersisted, startTestStack, testGatewayConfig, testLogger, tokenFor } from './support/test-stack';

/** What no response may ever contain, whatever was sent. */
const INTERNALS = /select |insert |stacktrace|\n\s+at |\.ts:\d+|node_modules|127\.0\.0\.1|ECONN|\bER_[A-Z_]+|<html/i;

const repeat = (n: number, make: (i: number) => string) => Array.from({ length: n }, (_, i) => make(i)).join(' ');
const nested = (levels: number, inner: string) =>
  repeat(levels, () => 'household { members {').concat(
    ` ${inner} `,
    repeat(levels, () => '} }'),
  );

describeMysql('hostile and bad requests', () => {
  let systems: TestSystems;
  let stack: Stack;
  let operationsDir: string;
  let token: string;
  let production: RunningGateway;

  beforeAll(async () => {
    systems = await createTestSystems('mysql', 30);
    // A registered partner operation that is over the partner limits (11 aliases; partners may use 10).
    operationsDir = mkdtempSync(path.join(os.tmpdir(), 'operations-'));
    cpSync(PERSISTED_OPERATIONS_DIR, operationsDir, { recursive: true });
    const acme = path.join(operationsDir, 'acme-delivery');
    mkdirSync(acme, { recursive: true });
    writeFileSync(
      path.join(acme, 'TooManyAliases.graphql'),
      `# purpose: order_delivery\nquery TooManyAliases($id: ID!) { ${repeat(11, (i) => `a${i}: customer(id: $id) { id }`)} }\n`,
    );
    writeFileSync(
      manifestPath(acme),
      JSON.stringify(buildManifest(acme, apiSchemaFromFile(DEFAULT_SUPERGRAPH_PATH), loadPolicy()), null, 2),
    );
    stack = await startTestStack(systems, { gateway: { persistedOperations: { dir: operationsDir, mode: 'allow' } } });
    token = await tokenFor('dpo');
    // The same subgraphs behind a gateway in production mode (NODE_ENV=production).
    const subgraphUrls = { crm: stack.crm.url, archive: stack.archive.url, analytics: stack.analytics.url, privacy: stack.privacy.url };
    production = await startGateway(
      testGatewayConfig(systems, { gateway: { subgraphUrls, production: true, sandbox: false } }),
      testLogger('gateway'),
    );
  });

  afterAll(async () => {
    await production?.stop();
    await stack?.stop();
    await systems?.drop();
    rmSync(operationsDir, { recursive: true, force: true });
  });

  /** Sends a raw HTTP request to a gateway (the development one unless told) as an authenticated first-party caller. */
  async function send(init: {
    method?: string;
    contentType?: string | null;
    body?: string;
    query?: string;
    headers?: Record<string, string>;
    gateway?: string;
    token?: string;
  }) {
    const url = new URL(init.gateway ?? stack.gateway.url);
    if (init.query) url.searchParams.set('query', init.query);
    const headers: Record<string, string> = { authorization: `Bearer ${init.token ?? token}`, ...init.headers };
    if (init.contentType !== null) headers['content-type'] = init.contentType ?? 'application/json';
    const response = await fetch(url, { method: init.method ?? 'POST', headers, body: init.body });
    const text = await response.text();
    return {
      status: response.status,
      text,
      body: JSON.parse(text) as { errors?: Array<{ message: string; extensions?: { code?: string } }> },
    };
  }
  const graphql = (query: string, variables?: Record<string, unknown>, gateway?: string, as?: string) =>
    send({ body: JSON.stringify({ query, variables }), gateway, token: as });

  it.each([
    [
      'an alias flood',
      () => graphql(`{ ${repeat(40, (i) => `a${i}: customers(first: 1) { nodes { id } }`)} }`),
      400,
      'OPERATION_TOO_LARGE',
    ],
    [
      'a directive flood',
      () => graphql(`{ customers(first: 1) { nodes { ${repeat(25, (i) => `f${i}: id @include(if: true)`)} } } }`),
      400,
      'OPERATION_TOO_LARGE',
    ],
    ['deep nesting', () => graphql(`{ customers(first: 1) { nodes { ${nested(7, 'id')} } } }`), 400, 'OPERATION_TOO_LARGE'],
    [
      'a costly operation',
      () =>
        graphql(`{ ${repeat(3, (i) => `a${i}: customers(first: 100) { nodes { id orders(first: 50) { id lines { sku quantity } } } }`)} }`),
      400,
      'OPERATION_TOO_LARGE',
    ],
    [
      'a huge document (tokens)',
      () => graphql(`{ customers(first: 1) { nodes { id ${repeat(6000, () => '__typename')} } } }`),
      400,
      'OPERATION_TOO_LARGE',
    ],
    [
      'a huge list of variables',
      () => graphql('query($id: ID!) { customer(id: $id) { id } }', { id: Array.from({ length: 100_000 }, (_, i) => String(i)) }),
      400,
      'BAD_USER_INPUT',
    ],
    ['a page size far over the limit', () => graphql('{ customers(first: 1000000) { nodes { id } } }'), 400, 'OPERATION_TOO_LARGE'],
    // The cost is estimated with the variables: refused before anything is planned.
    [
      'a page size far over the limit, as a variable',
      () => graphql('query($n: Int!) { customers(first: $n) { nodes { id } } }', { n: 1_000_000 }),
      400,
      'OPERATION_TOO_LARGE',
    ],
    [
      'circular fragments',
      () =>
        graphql(
          '{ customers(first: 1) { nodes { ...A } } } fragment A on Customer { household { members { ...B } } } ' +
            'fragment B on Customer { ...A }',
        ),
      400,
      'GRAPHQL_VALIDATION_FAILED',
    ],
    [
      'introspection nested without end',
      () => graphql('{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }'),
      400,
      'GRAPHQL_VALIDATION_FAILED',
    ],
    ['a body over 1 MB', () => graphql(`{ customers(first: 1) { nodes { id } } } #${'x'.repeat(1_100_000)}`), 413, 'BAD_REQUEST'],
    ['malformed JSON', () => send({ body: '{"query": "{ customers' }), 400, 'BAD_REQUEST'],
    ['a JSON body that is not an object', () => send({ body: '"{ customers(first: 1) { nodes { id } } }"' }), 400, 'BAD_REQUEST'],
    [
      'a batch of operations',
      () => send({ body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]) }),
      400,
      'BAD_REQUEST',
    ],
    [
      'text/plain (a cross-site form post)',
      () => send({ contentType: 'text/plain', body: JSON.stringify({ query: '{ __typename }' }) }),
      400,
      'BAD_REQUEST',
    ],
    [
      'application/xml',
      () =>
        send({ contentType: 'application/xml', body: '<query>{ __typename }</query>', headers: { 'apollo-require-preflight': 'true' } }),
      400,
      'BAD_REQUEST',
    ],
    ['no content type', () => send({ contentType: null, body: JSON.stringify({ query: '{ __typename }' }) }), 400, 'BAD_REQUEST'],
    [
      'a GET without a preflight header (cross-site)',
      () => send({ method: 'GET', contentType: null, query: '{ __typename }' }),
      400,
      'BAD_REQUEST',
    ],
    [
      'a mutation over GET',
      () => send({ method: 'GET', contentType: null, query: 'mutation { __typename }', headers: { 'apollo-require-preflight': 'true' } }),
      405,
      'BAD_REQUEST',
    ],
    ['a query that is not a string', () => send({ body: JSON.stringify({ query: { evil: true } }) }), 400, 'BAD_REQUEST'],
    [
      'variables that are not an object',
      () => send({ body: JSON.stringify({ query: 'query($id: ID!) { customer(id: $id) { id } }', variables: '1; drop table' }) }),
      400,
      'BAD_REQUEST',
    ],
    [
      'a variable of the wrong type',
      () => graphql('query($n: Int!) { customers(first: $n) { nodes { id } } }', { n: "1' OR '1'='1" }),
      400,
      'BAD_USER_INPUT',
    ],
  ])('answers %s with a clear error and a stable code, never a 500', async (_name, request, status, code) => {
    const response = await request();
    expect(response.status).toBe(status);
    expect(response.body.errors?.[0]?.extensions?.code).toBe(code);
    expect(response.body.errors?.[0]?.message).toEqual(expect.any(String));
    expect(response.text).not.toMatch(INTERNALS);
  });

  describe('injection strings in every argument', () => {
    const INJECTIONS = [
      "' OR '1'='1",
      '1; DROP TABLE customers; --',
      '" OR ""="',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the attack string itself, sent as written
      '${jndi:ldap://x/a}',
      '<script>alert(1)</script>',
      '../../../../etc/passwd',
      '\u0000',
      'a'.repeat(10_000),
      '%00%27',
      '1 UNION SELECT password FROM mysql.user',
    ];
    const schema = apiSchemaFromFile(DEFAULT_SUPERGRAPH_PATH);
    // Every argument of every field the graph offers, with how to reach the field.
    const targets: Array<{ coordinate: string; argument: GraphQLArgument | GraphQLInputField; document: () => string }> = [];
    /** A valid literal of a type, for the required arguments and input fields beside the one attacked. */
    const literalOf = (type: GraphQLInputType): string => {
      const named = getNamedType(type);
      if (isInputObjectType(named)) {
        const required = Object.values(named.getFields()).filter((f) => isNonNullType(f.type) && f.defaultValue === undefined);
        return `{ ${required.map((f) => `${f.name}: ${literalOf(f.type)}`).join(' ')} }`;
      }
      if (isEnumType(named)) return named.getValues()[0].name;
      const literals: Record<string, string> = { Int: '1', Float: '0.5', LocalDate: '"2026-01-01"', DateTime: '"2026-01-01T00:00:00Z"' };
      return literals[named.name] ?? '"1"';
    };
    const requiredBeside = (args: readonly GraphQLArgument[], attacked: string) =>
      args
        .filter((a) => a.name !== attacked && isNonNullType(a.type) && a.defaultValue === undefined)
        .map((a) => ` ${a.name}: ${literalOf(a.type)}`)
        .join('');
    for (const field of Object.values(schema.getQueryType()!.getFields())) {
      for (const argument of field.args) {
        const selection = isObjectType(getNamedType(field.type)) ? '{ __typename }' : '';
        const named = getNamedType(argument.type);
        if (isInputObjectType(named)) {
          // An input object is attacked one field at a time, down to its leaves, the others as required.
          const visit = (fields: GraphQLInputField[], wrap: (inner: string) => string, prefix: string) => {
            for (const input of fields) {
              const others = fields
                .filter((f) => f !== input && isNonNullType(f.type) && f.defaultValue === undefined)
                .map((f) => ` ${f.name}: ${literalOf(f.type)}`)
                .join('');
              const inner = getNamedType(input.type);
              if (isInputObjectType(inner)) {
                visit(
                  Object.values(inner.getFields()),
                  (deeper) => wrap(`{ ${input.name}: ${deeper}${others} }`),
                  `${prefix}.${input.name}`,
                );
              } else {
                targets.push({
                  coordinate: `Query.${field.name}(${prefix}.${input.name})`,
                  argument: input,
                  document: () =>
                    `query($v: ${input.type}) { ${field.name}(${argument.name}: ${wrap(`{ ${input.name}: $v${others} }`)}` +
                    `${requiredBeside(field.args, argument.name)}) ${selection} }`,
                });
              }
            }
          };
          visit(Object.values(named.getFields()), (inner) => inner, argument.name);
          continue;
        }
        targets.push({
          coordinate: `Query.${field.name}(${argument.name})`,
          argument,
          document: () =>
            `query($v: ${argument.type}) { ${field.name}(${argument.name}: $v${requiredBeside(field.args, argument.name)}) ${selection} }`,
        });
      }
    }
    for (const field of Object.values(assertObjectType(schema.getType('Customer')).getFields())) {
      for (const argument of field.args) {
        const named = getNamedType(field.type);
        const selection = isObjectType(named) ? '{ __typename }' : '';
        targets.push({
          coordinate: `Customer.${field.name}(${argument.name})`,
          argument,
          document: () =>
            `query($v: ${argument.type}) { customers(first: 2) { nodes { ${field.name}(${argument.name}: $v) ${selection} } } }`,
        });
      }
    }

    it('reaches every argument of the graph (each one alone is enough to call its field)', () => {
      expect(targets.length).toBeGreaterThan(8);
      // Arguments of the root fields and of the customer's own (one of each subgraph).
      expect(targets.map((t) => t.coordinate)).toEqual(
        expect.arrayContaining([
          'Query.customer(id)',
          'Query.customers(after)',
          'Query.findCustomers(by.email)',
          'Query.findCustomers(by.nameAndPostalCode.postalCode)',
          'Query.accessLog(subject)',
          'Customer.orders(first)',
          'Customer.archivedOrders(first)',
          'Customer.profitability(months)',
          'Query.customersWhere(where.segment)',
          'Query.customersWhere(where.complaints.during.from)',
        ]),
      );
      for (const { argument } of targets) expect(isInputObjectType(getNamedType(argument.type))).toBe(false);
      const required = Object.values(schema.getQueryType()!.getFields()).flatMap((f) =>
        f.args.filter((a) => String(a.type).endsWith('!') && a.defaultValue === undefined),
      );
      expect(required.map((a) => a.name)).toEqual(['where', 'id', 'by', 'since', 'product', 'customerId']);
    });

    it.each(INJECTIONS.map((value) => [JSON.stringify(value).slice(0, 40), value]))(
      '%s: no 500, no internals, only stable codes',
      async (_label, value) => {
        for (const target of targets) {
          const response = await graphql(target.document(), { v: value });
          const context = `${target.coordinate} = ${JSON.stringify(value).slice(0, 40)}`;
          expect({ context, status: response.status < 500 }).toEqual({ context, status: true });
          // The value itself may be echoed in a message about it; nothing else may leak.
          expect({ context, leaks: INTERNALS.test(response.text.replaceAll(JSON.stringify(value).slice(1, -1), '')) }).toEqual({
            context,
            leaks: false,
          });
          for (const error of response.body.errors ?? []) {
            expect({
              context,
              code: ['BAD_USER_INPUT', 'FORBIDDEN', 'GRAPHQL_VALIDATION_FAILED'].includes(String(error.extensions?.code)),
            }).toEqual({ context, code: true });
          }
        }
      },
    );
  });

  it('leaks nothing in production either: the same requests, the same codes, no internals, no suggestions', async () => {
    const agent = await tokenFor('support_agent');
    for (const query of [
      `{ ${repeat(40, (i) => `a${i}: customers(first: 1) { nodes { id } }`)} }`,
      '{ customers(first: 1) { nodes { ...A } } } fragment A on Customer { household { members { ...B } } } ' +
        'fragment B on Customer { ...A }',
      '{ customers(first: 1) { nodes { id nope } } }',
      '{ customers(first: 2, after: "\' OR 1=1 --") { nodes { id } } }',
    ]) {
      const development = await graphql(query, undefined, undefined, agent);
      const inProduction = await graphql(query, undefined, production.url, agent);
      expect(inProduction.status).toBe(development.status);
      expect(inProduction.body.errors?.map((e) => e.extensions?.code)).toEqual(development.body.errors?.map((e) => e.extensions?.code));
      expect(inProduction.text).not.toMatch(INTERNALS);
      expect(inProduction.text).not.toMatch(/did you mean/i);
    }
    const broken = await send({ body: '{"query": "{ customers', gateway: production.url });
    expect(broken.status).toBe(400);
    expect(broken.text).not.toMatch(INTERNALS);
  });

  it('tells a partner only that a registered operation is over its limits, never the numbers', async () => {
    const partner = await tokenFor('acme_delivery');
    const { body: list } = await postGraphQL(stack.gateway.url, '{ customers(first: 1) { nodes { id } } }');
    const { id } = registeredOperation('acme-delivery', 'TooManyAliases', operationsDir);
    const { status, body, text } = await postPersisted(stack.gateway.url, id, { id: list.data.customers.nodes[0].id }, partner);
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe('OPERATION_TOO_LARGE');
    expect(body.errors?.[0]?.message).not.toMatch(/\d/);
    expect(text).not.toMatch(/limit of|found \d/i);
  });

  it('tells a first-party caller which limit was hit', async () => {
    const { body } = await graphql(`{ ${repeat(40, (i) => `a${i}: customers(first: 1) { nodes { id } }`)} }`);
    expect(body.errors?.[0]?.message).toMatch(/Aliases limit of 30 exceeded/);
  });
});
