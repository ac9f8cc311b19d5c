import { currentRecord } from './legacy-record';
import { readRecord, refusalRecord } from './records';

const ORIGIN = {
  principal: {
    subject: 'clerk@example.com',
    scopes: ['customer:read'],
    purpose: 'sales',
    clientId: 'clerk-app',
    clientKind: 'partner' as const,
  },
  requestId: 'gw-1',
  clientRequestId: 'theirs-1',
};
const OPERATION = { operationName: 'Lookup', operationHash: 'abc' };

describe('audit records', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-11-01T09:30:00.000Z') }));
  afterEach(() => jest.useRealTimers());

  it('record a read: who, under which request ids, which operation, when, and what each customer got', () => {
    const customers = [{ customerId: '1', returned: ['Customer.name'], masked: [], denied: ['Customer.segment'] }];
    expect(readRecord(ORIGIN, OPERATION, { returned: ['Query.accessLog'], masked: ['Query.x'], denied: ['Query.y'] }, customers)).toEqual({
      at: '2026-11-01T09:30:00.000Z',
      requestId: 'gw-1',
      clientRequestId: 'theirs-1',
      subject: 'clerk@example.com',
      clientId: 'clerk-app',
      clientKind: 'partner',
      purpose: 'sales',
      operationName: 'Lookup',
      operationHash: 'abc',
      kind: 'read',
      refusal: null,
      returned: ['Query.accessLog'],
      masked: ['Query.x'],
      denied: ['Query.y'],
      customers,
    });
  });

  it('record a refusal with the code the caller got and what it asked for, sorted', () => {
    expect(
      refusalRecord({ ...ORIGIN, clientRequestId: null }, { operationName: null, operationHash: '' }, 'FORBIDDEN', [
        'Customer.segment',
        'Customer.email',
      ]),
    ).toEqual({
      at: '2026-11-01T09:30:00.000Z',
      requestId: 'gw-1',
      clientRequestId: null,
      subject: 'clerk@example.com',
      clientId: 'clerk-app',
      clientKind: 'partner',
      purpose: 'sales',
      operationName: null,
      operationHash: '',
      kind: 'refused',
      refusal: 'FORBIDDEN',
      returned: [],
      masked: [],
      denied: ['Customer.email', 'Customer.segment'],
      customers: [],
    });
  });

  it('record a refusal that names nothing when nothing is known, and leave the list they were given alone', () => {
    expect(refusalRecord(ORIGIN, OPERATION, 'PURPOSE_NOT_ALLOWED').denied).toEqual([]);
    const denied = ['b', 'a'];
    refusalRecord(ORIGIN, OPERATION, 'FORBIDDEN', denied);
    expect(denied).toEqual(['b', 'a']);
  });
});

describe('currentRecord', () => {
  const LEGACY = {
    key: 'k',
    at: '2025-01-01T00:00:00.000Z',
    requestId: 'old-1',
    subject: 's',
    clientId: 'c',
    clientKind: 'first-party',
    purpose: 'sales',
    operationName: null,
    operationHash: 'h',
    customerIds: ['1', '2'],
    fields: ['Customer.name'],
    maskedPaths: ['customer.email'],
    deniedPaths: ['customer.segment'],
  };

  it("turns a record of an earlier version into today's, every customer given the record's fields", () => {
    expect(currentRecord(LEGACY)).toEqual({
      key: 'k',
      at: '2025-01-01T00:00:00.000Z',
      requestId: 'old-1',
      subject: 's',
      clientId: 'c',
      clientKind: 'first-party',
      purpose: 'sales',
      operationName: null,
      operationHash: 'h',
      kind: 'read',
      clientRequestId: null,
      refusal: null,
      returned: ['Customer.name'],
      masked: ['customer.email'],
      denied: ['customer.segment'],
      customers: [
        { customerId: '1', returned: ['Customer.name'], masked: [], denied: [] },
        { customerId: '2', returned: ['Customer.name'], masked: [], denied: [] },
      ],
    });
  });

  it('reads missing lists of an earlier record as empty', () => {
    const { fields, maskedPaths, deniedPaths, ...bare } = LEGACY;
    expect(currentRecord({ ...bare, customerIds: ['1'] })).toMatchObject({
      returned: [],
      masked: [],
      denied: [],
      customers: [{ customerId: '1', returned: [], masked: [], denied: [] }],
    });
    expect([fields, maskedPaths, deniedPaths]).toHaveLength(3);
  });

  it('leaves a current record as it is, even one naming customer ids', () => {
    const current = { kind: 'refused', customerIds: ['1'], returned: ['x'] };
    expect(currentRecord(current)).toBe(current);
    const noIds = { at: 'then', fields: ['Customer.name'] };
    expect(currentRecord(noIds)).toBe(noIds);
  });
});
