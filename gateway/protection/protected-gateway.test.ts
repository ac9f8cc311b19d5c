import { createHash } from 'node:crypto';
import type { ApolloGateway } from '@apollo/gateway';
import type { GatewayExecutionResult, GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { buildSchema, getOperationAST, GraphQLError, parse, print } from 'graphql';
import type { Logger } from '../../platform/logger';
import type { Policy } from '../../policy/policy';
import type { Principal } from '../../contracts/principal';
import type { AuditRecord } from '../audit/audit-record';
import { ProtectedGateway } from './protected-gateway';

const SUPERGRAPH = `
  type Query {
    customers: [Customer!]!
    accessLog: [Entry!] @personal(category: BEHAVIOURAL) @access(scopes: [["audit:read"]])
    version: String
  }
  type Customer {
    id: ID!
    name: String @personal(category: IDENTITY) @access(scopes: [["customer:read"]])
    email: String @personal(category: CONTACT, mask: EMAIL) @access(scopes: [["contact:read"]])
    segment: String @personal(category: PROFILING) @access(scopes: [["profiling:read"]])
  }
  type Entry { at: String }
`;
const API = buildSchema(`
  type Query { customers(first: Int!): [Customer!]! accessLog: [Entry!] version: String }
  type Customer { id: ID! name: String email: String segment: String }
  type Entry { at: String }
`);
const POLICY = {
  purposes: { sales: '', audit: '' },
  scopes: { 'customer:read': '', 'contact:read': '', 'profiling:read': '', 'audit:read': '' },
  masking: { contact: 'contact:unmasked' },
  roles: { clerk: { purposes: ['sales', 'audit'], maxCustomers: 1000 } },
  enforcement: { firstParty: 'filter', partner: 'reject', clients: { 'strict-app': 'reject', 'lenient-partner': 'filter' } },
  limits: { 'first-party': { cost: 1000 }, partner: { cost: 1000 } },
} as unknown as Policy;

const CLERK: Principal = {
  subject: 'clerk@example.com',
  scopes: ['customer:read', 'contact:read'],
  purpose: 'sales',
  clientId: 'clerk-app',
  clientKind: 'first-party',
};
const AUDITOR: Principal = { ...CLERK, subject: 'dpo@example.com', scopes: ['audit:read'], purpose: 'audit' };

type Executor = (requestContext: GatewayGraphQLRequestContext) => Promise<GatewayExecutionResult>;

function setUp(answer: (requestContext: GatewayGraphQLRequestContext) => GatewayExecutionResult, supergraph = SUPERGRAPH) {
  const executed: Array<{ document: string; queryHash: string }> = [];
  const audited: AuditRecord[] = [];
  const errors: Array<[unknown, string]> = [];
  const executor: Executor = async (requestContext) => {
    executed.push({ document: print(requestContext.document), queryHash: requestContext.queryHash });
    return answer(requestContext);
  };
  const inner = { load: async () => ({ executor }), stop: jest.fn(async () => undefined), onSchemaLoadOrUpdate: jest.fn() };
  const logger = { error: (fields: unknown, message: string) => void errors.push([fields, message]) } as unknown as Logger;
  const gateway = new ProtectedGateway(
    inner as unknown as ApolloGateway,
    supergraph,
    POLICY,
    (record) => void audited.push(record),
    logger,
  );
  return { gateway, inner, executed, audited, errors };
}

function requestFor(
  source: string,
  principal: Principal = CLERK,
  variables: Record<string, unknown> = {},
  queryHash = `hash-of-${source}`,
  operationName?: string,
) {
  const document = parse(source);
  const operation = getOperationAST(document, operationName)!;
  return {
    context: { principal, requestId: 'gw-1', clientRequestId: 'theirs-1' },
    contextValue: { principal },
    schema: API,
    document,
    operation,
    operationName: operation.name?.value ?? null,
    queryHash,
    request: { variables },
  } as unknown as GatewayGraphQLRequestContext;
}

async function run(setup: ReturnType<typeof setUp>, request: GatewayGraphQLRequestContext) {
  const { executor } = await setup.gateway.load({ apollo: {} } as never);
  return executor!(request);
}

describe('ProtectedGateway', () => {
  beforeEach(() =>
    jest.useFakeTimers({ now: new Date('2026-11-01T09:00:00.000Z'), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] }),
  );
  afterEach(() => jest.useRealTimers());

  it('refuses to load a supergraph whose rules the policy does not match', async () => {
    const { gateway } = setUp(
      () => ({}),
      `${SUPERGRAPH} type Order { total: Int @personal(category: FINANCIAL) @access(scopes: [["finance:read"]], purposes: ["gossip"]) }`,
    );
    await expect(gateway.load({ apollo: {} } as never)).rejects.toThrow(
      "The supergraph's data-protection rules do not match the policy:\n" +
        '  - Order.total names an undeclared scope "finance:read"\n  - Order.total names an undeclared purpose "gossip"',
    );
  });

  it('has no executor when the gateway it wraps has none', async () => {
    const { gateway, inner } = setUp(() => ({}));
    inner.load = async () => ({ executor: null }) as never;
    expect(await gateway.load({ apollo: {} } as never)).toEqual({ executor: null });
  });

  it('runs the operation without what the caller may not read, answers it masked and withheld, and audits it', async () => {
    const setup = setUp(() => ({
      data: { customers: [{ name: 'Ann', email: 'ann@example.com', _auditCustomerId: '1000001' }] },
      extensions: { fromSubgraphs: true },
    }));
    const result = await run(setup, requestFor('query Lookup { customers(first: 1) { name email segment } }'));
    expect(setup.executed).toEqual([
      {
        document: 'query Lookup {\n  customers(first: 1) {\n    name\n    email\n    _auditCustomerId: id\n  }\n}',
        queryHash: createHash('sha256')
          .update('query Lookup {\n  customers(first: 1) {\n    name\n    email\n    _auditCustomerId: id\n  }\n}')
          .digest('hex'),
      },
    ]);
    expect(result.data).toEqual({ customers: [{ name: 'Ann', email: 'a***@example.com', segment: null }] });
    expect(result.errors!.map((error) => [error.message, error.path, error.extensions.code])).toEqual([
      ['You may not read Customer.segment', ['customers', 0, 'segment'], 'FORBIDDEN'],
    ]);
    expect(result.extensions).toEqual({ fromSubgraphs: true, maskedPaths: ['customers.0.email'] });
    expect(setup.audited).toEqual([
      {
        at: '2026-11-01T09:00:00.000Z',
        kind: 'read',
        refusal: null,
        requestId: 'gw-1',
        clientRequestId: 'theirs-1',
        subject: 'clerk@example.com',
        clientId: 'clerk-app',
        clientKind: 'first-party',
        purpose: 'sales',
        operationName: 'Lookup',
        operationHash: 'hash-of-query Lookup { customers(first: 1) { name email segment } }',
        returned: [],
        masked: [],
        denied: [],
        customers: [
          {
            customerId: '1000001',
            returned: ['Customer.email', 'Customer.name'],
            masked: ['Customer.email'],
            denied: ['Customer.segment'],
          },
        ],
      },
    ]);
  });

  it('adds no errors, extensions or audit record to an answer without personal data', async () => {
    const setup = setUp(() => ({ data: { version: '1' } }));
    expect(await run(setup, requestFor('{ version }'))).toEqual({ data: { version: '1' } });
    expect(setup.audited).toEqual([]);
  });

  it('audits classified fields outside any customer, returned or withheld', async () => {
    const auditor = setUp(() => ({ data: { accessLog: [{ at: 'then' }] } }));
    await run(auditor, requestFor('{ accessLog { at } }', AUDITOR));
    expect(auditor.audited.map((r) => [r.subject, r.returned, r.denied, r.customers])).toEqual([
      ['dpo@example.com', ['Query.accessLog'], [], []],
    ]);
    const clerk = setUp(() => ({ data: {} }));
    await run(clerk, requestFor('{ accessLog { at } }'));
    expect(clerk.audited.map((r) => [r.returned, r.denied])).toEqual([[[], ['Query.accessLog']]]);
  });

  it('refuses a variable the operation does not allow before anything runs (400)', async () => {
    const setup = setUp(() => ({ data: {} }));
    const result = await run(setup, requestFor('query Q($n: Int!) { customers(first: $n) { name } }', CLERK, { n: 'many' }));
    expect(result.errors!.map((error) => [error.message, error.extensions])).toEqual([
      [
        'Variable "$n" got invalid value "many"; Int cannot represent non-integer value: "many"',
        { code: 'BAD_USER_INPUT', http: { status: 400 } },
      ],
    ]);
    expect(result.data).toBeUndefined();
    expect(setup.executed).toEqual([]);
  });

  it('applies @include on the coerced variables, defaults included', async () => {
    const setup = setUp(() => ({ data: { customers: [{ name: 'Ann', email: 'ann@example.com', _auditCustomerId: '1' }] } }));
    const result = await run(
      setup,
      requestFor('query Q($mail: Boolean = true) { customers(first: 1) { name email @include(if: $mail) } }'),
    );
    expect(result.data).toEqual({ customers: [{ name: 'Ann', email: 'a***@example.com' }] });
  });

  it('keeps the refusals of subgraphs at paths the client asked for (counted as denied), and drops those at paths it did not', async () => {
    const refusal = (code: string, path?: Array<string | number>) => new GraphQLError(code, { path, extensions: { code } });
    const setup = setUp(() => ({
      data: { customers: [{ name: null, email: null, _auditCustomerId: '1' }] },
      errors: [
        refusal('CONSENT_REQUIRED', ['customers', 0, 'email']),
        refusal('PROCESSING_RESTRICTED', ['customers', 0, 'segmentForRequires']),
        refusal('FORBIDDEN'),
        refusal('UPSTREAM_UNAVAILABLE', ['customers', 0, 'name']),
      ],
    }));
    const result = await run(setup, requestFor('{ customers(first: 1) { name email } }'));
    expect(result.errors!.map((error) => error.message)).toEqual(['CONSENT_REQUIRED', 'FORBIDDEN', 'UPSTREAM_UNAVAILABLE']);
    expect(setup.audited[0].customers).toEqual([{ customerId: '1', returned: [], masked: [], denied: ['Customer.email'] }]);
  });

  it('keeps errors without extensions, and runs operations built without variable definitions', async () => {
    const setup = setUp(() => ({ data: { version: '1' }, errors: [{ message: 'plain', path: ['version'] } as unknown as GraphQLError] }));
    const request = requestFor('{ version }');
    const result = await run(setup, {
      ...request,
      operation: { ...request.operation, variableDefinitions: undefined },
    } as GatewayGraphQLRequestContext);
    expect(result).toEqual({ data: { version: '1' }, errors: [{ message: 'plain', path: ['version'] }] });
  });

  it('analyses each operation of a document on its own', async () => {
    const setup = setUp(() => ({ data: {} }));
    const source = 'query A { version } query B { customers(first: 1) { name } }';
    await run(setup, requestFor(source, CLERK, {}, 'same-hash', 'A'));
    await run(setup, requestFor(source, CLERK, {}, 'same-hash', 'B'));
    expect(setup.executed.map((e) => e.document.split('\n')[0])).toEqual(['query A {', 'query B {']);
  });

  it('withholds the whole answer when the rules cannot be applied to it (422)', async () => {
    const setup = setUp(() => ({
      data: {
        customers: [
          {
            get name(): string {
              throw new Error('broken');
            },
          },
        ],
      },
    }));
    const result = await run(setup, requestFor('{ customers(first: 1) { name } }'));
    expect(result.data).toBeNull();
    expect(result.errors!.map((error) => [error.message, error.extensions])).toEqual([
      ['The answer could not be checked against the data-protection rules', { code: 'PROTECTION_FAILED', http: { status: 422 } }],
    ]);
    expect(setup.errors).toEqual([
      [{ err: new Error('broken'), requestId: 'gw-1' }, 'the answer could not be checked against the data-protection rules; withheld'],
    ]);
  });

  it('inlines root fragments holding introspection for the planner, hashing what it gets', async () => {
    const setup = setUp(() => ({ data: {} }));
    await run(
      setup,
      requestFor('query Q($on: Boolean = true) { ... on Query @include(if: $on) { __schema { queryType { name } } } version }'),
    );
    const inlined = 'query Q($on: Boolean = true) {\n  __schema {\n    queryType {\n      name\n    }\n  }\n  version\n}';
    expect(setup.executed).toEqual([{ document: inlined, queryHash: createHash('sha256').update(inlined).digest('hex') }]);
  });

  it('analyses an operation once per caller shape: same hash, name, purpose and scopes in any order', async () => {
    const setup = setUp(() => ({ data: {} }));
    await run(setup, requestFor('{ customers(first: 1) { name } }', CLERK, {}, 'h'));
    await run(setup, requestFor('{ customers(first: 2) { name } }', { ...CLERK, scopes: [...CLERK.scopes].reverse() }, {}, 'h'));
    await run(setup, requestFor('{ customers(first: 3) { name } }', { ...CLERK, purpose: 'audit' }, {}, 'h'));
    await run(setup, requestFor('{ customers(first: 4) { name } }', { ...CLERK, scopes: ['customer:read'] }, {}, 'h'));
    expect(setup.executed.map((e) => /first: (\d)/.exec(e.document)![1])).toEqual(['1', '1', '3', '4']);
  });

  it('passes the API schema on with its scalar checks, and stops the gateway it wraps', async () => {
    const { gateway, inner } = setUp(() => ({}));
    const told: unknown[] = [];
    gateway.onSchemaLoadOrUpdate((schema) => void told.push(schema));
    const [[callback]] = inner.onSchemaLoadOrUpdate.mock.calls as unknown as Array<[(schema: unknown) => void]>;
    callback({ apiSchema: API, coreSupergraphSdl: 'sdl' });
    expect(told).toEqual([{ apiSchema: API, coreSupergraphSdl: 'sdl' }]);
    await gateway.stop();
    expect(inner.stop).toHaveBeenCalledTimes(1);
  });
});
