import { readFileSync } from 'node:fs';
import type { ApolloGateway } from '@apollo/gateway';
import type { GatewayExecutor, GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { getOperationAST, GraphQLError, parse } from 'graphql';
import { createLogger } from '../../platform/logger';
import { loadPolicy } from '../../policy/policy';
import { apiSchemaOf } from '../../platform/supergraph-file';
import type { AuditRecord } from '../audit/audit-record';
import { DEFAULT_SUPERGRAPH_PATH } from '../../platform/supergraph-file';
import type { GatewayContext } from '../gateway-context';
import { ProtectedGateway } from './protected-gateway';
import { RequestRefusedError } from '../refusal';

const supergraphSdl = readFileSync(DEFAULT_SUPERGRAPH_PATH, 'utf8');
const schema = apiSchemaOf(supergraphSdl);
const agent: GatewayContext = {
  requestId: 'request-0001',
  clientRequestId: null,
  principal: {
    subject: 'agent@example.com',
    scopes: ['customer:read', 'contact:read'],
    purpose: 'customer_service',
    clientId: 'desk',
    clientKind: 'first-party',
  },
};

/** The protected gateway around a stand-in for @apollo/gateway whose executor answers `data` (and `errors`). */
async function protectedExecutor(data: unknown, records: AuditRecord[], errors?: GraphQLError[]) {
  const inner = { load: async () => ({ executor: (async () => ({ data, errors })) as GatewayExecutor }) } as unknown as ApolloGateway;
  const gateway = new ProtectedGateway(
    inner,
    supergraphSdl,
    loadPolicy(),
    (record) => records.push(record),
    createLogger('test', 'silent'),
  );
  const { executor } = await gateway.load({ apollo: { key: '', keyHash: '', graphRef: '', graphId: '', graphVariant: '' } } as never);
  return (query: string) => {
    const document = parse(query);
    return executor!({
      request: { query, variables: {} },
      document,
      operation: getOperationAST(document)!,
      operationName: null,
      schema,
      queryHash: 'hash',
      context: agent,
    } as unknown as GatewayGraphQLRequestContext);
  };
}

describe('ProtectedGateway on the real supergraph', () => {
  it('withholds the whole answer with a 4xx when the rules cannot be applied to it, and records nothing as read', async () => {
    const records: AuditRecord[] = [];
    const unreadable = {
      customer: Object.defineProperty({}, 'email', {
        enumerable: true,
        get: () => {
          throw new Error('not a value');
        },
      }),
    };
    const run = await protectedExecutor(unreadable, records);
    const result = await run('{ customer(id: "1000001") { email } }');
    expect(result.data).toBeNull();
    expect(result.errors?.map((error) => [error.message, error.extensions])).toEqual([
      ['The answer could not be checked against the data-protection rules', { code: 'PROTECTION_FAILED', http: { status: 422 } }],
    ]);
    // Recorded as a refusal by the plugin that records every refusal; nothing is recorded as read.
    expect(result.errors?.[0]).toBeInstanceOf(RequestRefusedError);
    expect(records).toEqual([]);
  });

  it('withholds an answer holding more customers than the caller may read at once, whatever the estimate said, as a refusal', async () => {
    const records: AuditRecord[] = [];
    const nodes = Array.from({ length: 201 }, (_, i) => ({ _auditCustomerId: String(1_000_001 + i), name: `Customer ${i}` }));
    const run = await protectedExecutor({ customers: { nodes } }, records);
    const result = await run('{ customers(first: 100) { nodes { name } } }');
    expect(result.data).toBeNull();
    expect(result.errors?.map((error) => [error.message, error.extensions])).toEqual([
      [
        'The operation can return the data of up to 201 customers; one request may return at most 200 for this purpose',
        { code: 'CUSTOMER_LIMIT_EXCEEDED', http: { status: 400 } },
      ],
    ]);
    // Recorded once, by the plugin that records every refusal (a record here too would store it twice).
    expect(result.errors?.[0]).toBeInstanceOf(RequestRefusedError);
    expect(records).toEqual([]);
  });

  it('masks and records what it returns when the answer can be checked', async () => {
    const records: AuditRecord[] = [];
    const run = await protectedExecutor({ customer: { email: 'anna@example.org', _auditCustomerId: '1000001' } }, records);
    const result = await run('{ customer(id: "1000001") { email } }');
    expect(result.data).toEqual({ customer: { email: 'a***@example.org' } });
    expect(records.map((r) => [r.kind, r.returned, r.customers])).toEqual([
      ['read', ['Query.customer'], [{ customerId: '1000001', returned: ['Customer.email'], masked: ['Customer.email'], denied: [] }]],
    ]);
  });
});

describe("ProtectedGateway answers under the client's aliases", () => {
  it("reports a subgraph's refusal at the client's path, recorded for that customer; drops one about the planner's own fetch", async () => {
    const records: AuditRecord[] = [];
    const restricted = (path: Array<string | number>) =>
      new GraphQLError("Processing of this customer's data is restricted", { path, extensions: { code: 'PROCESSING_RESTRICTED' } });
    const run = await protectedExecutor({ customer: { _clientAlias0: null, _auditCustomerId: '1000001' } }, records, [
      restricted(['customer', '_clientAlias0']),
      restricted(['customer', 'mail']),
    ]);
    const result = await run('{ customer(id: "1000001") { mail: email } }');
    expect(result.data).toEqual({ customer: { mail: null } });
    expect(result.errors?.map((error) => [error.path, error.extensions.code])).toEqual([[['customer', 'mail'], 'PROCESSING_RESTRICTED']]);
    expect(records.map((r) => r.customers)).toEqual([[{ customerId: '1000001', returned: [], masked: [], denied: ['Customer.email'] }]]);
  });
});
