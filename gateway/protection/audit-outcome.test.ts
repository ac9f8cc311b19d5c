import { buildSchema, parse } from 'graphql';
import type { Principal } from '../../contracts/principal';
import type { FieldRule, FieldRules } from '../../policy/field-rules';
import type { Policy } from '../../policy/policy';
import { applyToResponse, type CoordinateAccess, type ProtectionOutcome } from './apply-to-response';
import { auditRecordOf, writeRecordOf } from './audit-outcome';
import { analyseOperation } from './operation-analysis';

const CLERK: Principal = { subject: 'clerk@example.com', scopes: [], purpose: 'sales', clientId: 'clerk-app', clientKind: 'first-party' };
const origin = { principal: CLERK, requestId: 'gw-1', clientRequestId: 'theirs-1' };
const operation = { operationName: 'Lookup', operationHash: 'hash' };
const access = (returned: string[] = [], masked: string[] = [], denied: string[] = []): CoordinateAccess => ({
  returned: new Set(returned),
  masked: new Set(masked),
  denied: new Set(denied),
});
const outcomeWith = (customers: Array<[string, CoordinateAccess]>, outside = access()) =>
  ({ customers: new Map(customers), operation: outside }) as unknown as ProtectionOutcome;

describe('auditRecordOf', () => {
  beforeEach(() =>
    jest.useFakeTimers({ now: new Date('2026-11-01T09:00:00.000Z'), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] }),
  );
  afterEach(() => jest.useRealTimers());

  it("records what each customer got, in the answer's order of customers, each one's coordinates sorted", () => {
    const record = auditRecordOf(
      outcomeWith([
        ['2', access(['b', 'a'], ['b'], ['f', 'e'])],
        ['1', access(['a'])],
      ]),
      origin,
      operation,
    );
    expect(record).toEqual({
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
      operationHash: 'hash',
      returned: [],
      masked: [],
      denied: [],
      customers: [
        { customerId: '2', returned: ['a', 'b'], masked: ['b'], denied: ['e', 'f'] },
        { customerId: '1', returned: ['a'], masked: [], denied: [] },
      ],
    });
  });

  it('records classified fields outside any customer, returned or withheld, sorted', () => {
    const returned = auditRecordOf(outcomeWith([], access(['Query.b', 'Query.a'], ['Query.b'])), origin, operation);
    expect([returned?.returned, returned?.masked, returned?.denied, returned?.customers]).toEqual([
      ['Query.a', 'Query.b'],
      ['Query.b'],
      [],
      [],
    ]);
    const withheld = auditRecordOf(outcomeWith([], access([], [], ['Query.accessLog'])), origin, operation);
    expect([withheld?.returned, withheld?.denied]).toEqual([[], ['Query.accessLog']]);
  });

  it('records nothing for an answer without personal data', () => {
    expect(auditRecordOf(outcomeWith([]), origin, operation)).toBeUndefined();
  });
});

describe('writeRecordOf', () => {
  const schema = buildSchema(`
    type Query { customer(id: ID!): Customer }
    type Mutation { withdraw(customerId: ID!, topic: String!): Request restrict(customerId: ID!): Request ping(customerId: ID!): String }
    type Request { id: ID! customer: Customer }
    type Customer { id: ID! name: String }
  `);
  const rules: FieldRules = new Map<string, FieldRule>([
    ['Mutation.withdraw', { category: 'BEHAVIOURAL', scopes: [['consent:write']] }],
    ['Mutation.restrict', { category: 'BEHAVIOURAL', scopes: [['restriction:write']] }],
    ['Customer.name', { category: 'IDENTITY', scopes: [['customer:read']] }],
    ['Query.customer', { category: 'IDENTITY', scopes: [['customer:read']] }],
  ]);
  const caller = { scopes: new Set(['consent:write', 'customer:read']), purpose: 'customer_service' };
  const policy = { masking: {} } as unknown as Policy;
  const written = (document: string, variables: Record<string, unknown>, executed: Record<string, unknown> | null, answered = true) => {
    const analysis = analyseOperation(schema, parse(document), null, rules, caller, policy);
    const outcome = answered ? applyToResponse(executed, analysis, variables) : undefined;
    const record = writeRecordOf(analysis, variables, executed, outcome, origin, operation);
    return record && { kind: record.kind, returned: record.returned, denied: record.denied, customers: record.customers };
  };

  it('names each customer written by its customerId argument, done in returned, withheld or failed in denied, beside what was read', () => {
    const document = `mutation ($id: ID!) {
      a: withdraw(customerId: $id, topic: "email") { id customer { id name } }
      b: withdraw(customerId: "7", topic: "sms") { id }
      restrict(customerId: $id) { id }
    }`;
    const analysis = analyseOperation(schema, parse(document), null, rules, caller, policy);
    // The client's aliases are executed under the gateway's: `a` first, `b` second; `restrict` is forbidden, so not executed.
    const [a, b] = [...analysis.fields.values()].filter((f) => f.coordinate === 'Mutation.withdraw').map((f) => f.executedKey!);
    const executed = { [a]: { id: '1', customer: { id: '5', name: 'Ann', [analysis.auditAlias]: '5' } }, [b]: null };
    expect(written(document, { id: '5' }, executed)).toEqual({
      kind: 'write',
      returned: [],
      denied: [],
      customers: [
        { customerId: '5', returned: ['Customer.name', 'Mutation.withdraw'], masked: [], denied: ['Mutation.restrict'] },
        { customerId: '7', returned: [], masked: [], denied: ['Mutation.withdraw'] },
      ],
    });
  });

  it('keeps a mutation whose customerId names no customer outside any customer, and records nothing for mutation { __typename }', () => {
    const document = 'mutation { withdraw(customerId: "x1", topic: "email") { id } }';
    expect(written(document, {}, { withdraw: null })).toEqual({
      kind: 'write',
      returned: [],
      denied: ['Mutation.withdraw'],
      customers: [],
    });
    expect(written('mutation { __typename }', {}, { __typename: 'Mutation' })).toBeUndefined();
    expect(written('{ customer(id: "5") { id } }', {}, { customer: { id: '5' } })).toBeUndefined();
    expect(written('mutation { ping(customerId: "5") }', {}, { ping: 'pong' })).toBeUndefined();
  });

  it('names a customer only by a customer number (digits, at most 15), and keeps the same mutation for another outside', () => {
    const document = `mutation {
      a: withdraw(customerId: "42", topic: "email") { id }
      b: withdraw(customerId: "1x", topic: "email") { id }
      c: withdraw(customerId: "1234567890123456", topic: "email") { id }
    }`;
    const analysis = analyseOperation(schema, parse(document), null, rules, caller, policy);
    const [a] = [...analysis.fields.values()].filter((f) => f.coordinate === 'Mutation.withdraw').map((f) => f.executedKey!);
    expect(written(document, {}, { [a]: { id: '1' } })).toEqual({
      kind: 'write',
      returned: [],
      denied: ['Mutation.withdraw'],
      customers: [{ customerId: '42', returned: ['Mutation.withdraw'], masked: [], denied: [] }],
    });
  });

  it('records the write when the answer could not be protected: done where the subgraph answered, not done where nothing came', () => {
    const document = 'mutation { withdraw(customerId: "5", topic: "email") { id } restrict(customerId: "6") { id } }';
    expect(written(document, {}, { withdraw: { id: '1' } }, false)).toEqual({
      kind: 'write',
      returned: [],
      denied: [],
      customers: [
        { customerId: '5', returned: ['Mutation.withdraw'], masked: [], denied: [] },
        { customerId: '6', returned: [], masked: [], denied: ['Mutation.restrict'] },
      ],
    });
    expect(written('mutation { withdraw(customerId: "5", topic: "email") { id } }', {}, null, false)?.customers).toEqual([
      { customerId: '5', returned: [], masked: [], denied: ['Mutation.withdraw'] },
    ]);
  });
});
