import type { Principal } from '../../contracts/principal';
import type { CoordinateAccess, ProtectionOutcome } from './apply-to-response';
import { auditRecordOf } from './audit-outcome';

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
