import { AuditStore } from '../gateway/audit/audit-store';
import type { AuditRecord } from '../gateway/audit/audit-record';
import { connectDatabase, StatementCounter } from '../platform/database';
import { encodeCursor } from '../subgraph-kit/pagination';
import { type Backend, createTestSystems, type TestSystems, testBackends } from './support/backends';
import { postGraphQL, startTestStack, type TestStack } from './support/test-stack';

/** Records of a busy trail: read after the few below, so every page of them but the last is full. */
const BULK = 2_450;

const PAGE = `query Trail(
  $first: Int, $after: String, $customerId: String, $subject: String, $clientId: String, $purpose: String,
  $kind: AccessKind, $from: DateTimeISO, $to: DateTimeISO
) {
  accessLog(
    first: $first, after: $after, customerId: $customerId, subject: $subject, clientId: $clientId, purpose: $purpose,
    kind: $kind, from: $from, to: $to
  ) { nodes { id requestId kind subject customerIds } pageInfo { endCursor hasNextPage } }
}`;

function record(fields: Partial<AuditRecord> & Pick<AuditRecord, 'requestId' | 'at' | 'subject'>, customerIds: string[]): AuditRecord {
  return {
    key: fields.requestId,
    kind: 'read',
    clientRequestId: null,
    clientId: 'bulk-client',
    clientKind: 'first-party',
    purpose: 'order_delivery',
    operationName: 'Bulk',
    operationHash: 'b'.repeat(64),
    refusal: null,
    returned: [],
    masked: [],
    denied: [],
    customers: customerIds.map((customerId) => ({ customerId, returned: ['Customer.name'], masked: [], denied: [] })),
    ...fields,
  };
}

/** The trail the filters are checked against: values no bulk record, and no read of the trail itself, has. */
const FEW: AuditRecord[] = [
  record(
    { requestId: 'f1', at: '2020-01-01T10:00:00.000Z', subject: 'ana@example.com', clientId: 'crm-web', purpose: 'customer_service' },
    ['9000001'],
  ),
  record(
    {
      requestId: 'f2',
      kind: 'refused',
      refusal: 'FORBIDDEN',
      at: '2020-01-02T10:00:00.000Z',
      subject: 'ana@example.com',
      clientId: 'crm-web',
      purpose: 'customer_service',
    },
    [],
  ),
  record({ requestId: 'f3', at: '2020-01-03T10:00:00.000Z', subject: 'ben@example.com', clientId: 'risk-desk', purpose: 'credit_risk' }, [
    '9000001',
    '9000002',
  ]),
  record({ requestId: 'f4', at: '2020-01-04T10:00:00.000Z', subject: 'ana@example.com', clientId: 'risk-desk', purpose: 'credit_risk' }, [
    '9000002',
  ]),
  record(
    {
      requestId: 'f5',
      kind: 'refused',
      refusal: 'PURPOSE_NOT_ALLOWED',
      at: '2020-01-05T10:00:00.000Z',
      subject: 'ben@example.com',
      clientId: 'crm-web',
      purpose: 'credit_risk',
    },
    [],
  ),
  record(
    { requestId: 'f6', at: '2020-01-06T10:00:00.000Z', subject: 'ana@example.com', clientId: 'crm-web', purpose: 'customer_service' },
    ['9000003'],
  ),
  record(
    { requestId: 'f7', at: '2020-01-07T10:00:00.000Z', subject: 'carla@example.com', clientId: 'crm-web', purpose: 'customer_service' },
    ['9000001'],
  ),
  record(
    { requestId: 'f8', at: '2020-01-08T00:00:00.000Z', subject: 'ana@example.com', clientId: 'crm-web', purpose: 'customer_service' },
    ['9000001'],
  ),
];

const BULK_RECORDS = Array.from({ length: BULK }, (_, i) =>
  record({ requestId: `bulk-${i}`, at: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(), subject: `bulk-${i % 3}@example.com` }, [
    String(8_000_000 + (i % 50)),
  ]),
);

describe.each(testBackends())('the audit trail a page at a time, on %s', (backend: Backend) => {
  let systems: TestSystems;
  let stack: TestStack;
  let statements: StatementCounter;

  beforeAll(async () => {
    systems = await createTestSystems(backend, 20);
    stack = await startTestStack(systems);
    const db = connectDatabase(systems.audit.databaseUrl);
    try {
      // Appended in order, as the gateway does: the ids rise with insertion, the few come last.
      await new AuditStore(db).append(BULK_RECORDS);
      await new AuditStore(db).append(FEW);
    } finally {
      await db.destroy();
    }
    statements = new StatementCounter(stack.privacy.db);
  });

  afterAll(async () => {
    await stack?.stop();
    await systems?.drop();
  });

  async function page(variables: Record<string, unknown>) {
    const before = statements.total;
    const { body } = await postGraphQL(stack.gateway.url, PAGE, variables);
    expect(body.errors).toBeUndefined();
    return { ...body.data.accessLog, statements: statements.total - before };
  }

  /** Every page of a filtered trail, following the cursors. */
  async function everyPage(variables: Record<string, unknown>) {
    const pages: any[] = [];
    for (let after: string | null = null; ; ) {
      const current = await page({ ...variables, after });
      pages.push(current);
      if (!current.pageInfo.hasNextPage) return pages;
      after = current.pageInfo.endCursor;
    }
  }

  const requestIds = async (variables: Record<string, unknown>) =>
    (await page({ first: 100, ...variables })).nodes.map((n: any) => n.requestId);

  it('pages through thousands of records newest first, each exactly once, in two statements a page', async () => {
    const pages = await everyPage({ first: 100 });
    const nodes = pages.flatMap((p) => p.nodes);
    const ids = nodes.map((n) => Number(n.id));
    // Newest first, no entry twice: the ids fall strictly from the first entry of the first page to the last of the last.
    expect(ids.every((id, i) => i === 0 || id < ids[i - 1])).toBe(true);
    const ours = nodes.map((n) => n.requestId).filter((id: string) => /^(bulk-|f\d)/.test(id));
    expect(ours).toEqual([...BULK_RECORDS, ...FEW].map((r) => r.requestId).reverse());
    // Besides ours only the data-protection officer's own reads of the trail, recorded before the first page was read.
    expect(nodes.filter((n) => !/^(bulk-|f\d)/.test(n.requestId)).every((n) => n.subject === 'dpo@example.com')).toBe(true);
    expect(pages.slice(0, -1).every((p) => p.nodes.length === 100 && p.pageInfo.hasNextPage)).toBe(true);
    expect(pages.at(-1).pageInfo).toEqual({ hasNextPage: false, endCursor: encodeCursor(ids.at(-1)!) });
    expect(pages.length).toBe(Math.ceil(nodes.length / 100));
    expect(nodes.length).toBeGreaterThanOrEqual(BULK + FEW.length);
    // One statement for the page and one for its customers, on the first page as on the twenty-fifth.
    expect(new Set(pages.map((p) => p.statements))).toEqual(new Set([2]));
    expect(nodes.find((n) => n.requestId === 'f3').customerIds).toEqual(['9000001', '9000002']);
  });

  it('defaults to a page of 20', async () => {
    const first = await page({});
    expect(first.nodes).toHaveLength(20);
    expect(first.pageInfo.hasNextPage).toBe(true);
  });

  it('filters by each criterion alone, newest first', async () => {
    expect(await requestIds({ customerId: '9000001' })).toEqual(['f8', 'f7', 'f3', 'f1']);
    expect(await requestIds({ subject: 'ana@example.com' })).toEqual(['f8', 'f6', 'f4', 'f2', 'f1']);
    expect(await requestIds({ clientId: 'risk-desk' })).toEqual(['f4', 'f3']);
    expect(await requestIds({ purpose: 'credit_risk' })).toEqual(['f5', 'f4', 'f3']);
    expect(await requestIds({ kind: 'REFUSED' })).toEqual(['f5', 'f2']);
    expect(await requestIds({ kind: 'WRITE' })).toEqual([]);
    // From inclusive, to exclusive.
    expect(await requestIds({ from: '2020-01-03T10:00:00.000Z', to: '2020-01-06T10:00:00.000Z' })).toEqual(['f5', 'f4', 'f3']);
    expect(await requestIds({ to: '2020-01-02T10:00:00.000Z' })).toEqual(['f1']);
    expect(await requestIds({ from: '2020-01-01T10:00:00.001Z', to: '2020-01-03T00:00:00.000Z' })).toEqual(['f2']);
    expect((await page({ first: 3, from: '2024-01-01T00:00:00.000Z' })).nodes).toHaveLength(3);
    expect((await page({ first: 1, from: '2020-01-08T00:00:00.000Z', to: '2020-01-08T00:00:00.000Z' })).nodes).toEqual([]);
  });

  it('combines the filters', async () => {
    expect(await requestIds({ subject: 'ana@example.com', kind: 'READ', customerId: '9000001' })).toEqual(['f8', 'f1']);
    expect(
      await requestIds({
        subject: 'ana@example.com',
        clientId: 'crm-web',
        purpose: 'customer_service',
        from: '2020-01-02T10:00:00.000Z',
        to: '2020-01-08T00:00:00.000Z',
      }),
    ).toEqual(['f6', 'f2']);
    expect(await requestIds({ subject: 'ben@example.com', kind: 'READ', clientId: 'crm-web' })).toEqual([]);
    expect(await requestIds({ purpose: 'credit_risk', kind: 'REFUSED', customerId: '9000002' })).toEqual([]);
  });

  it('pages through a filtered trail', async () => {
    const pages = await everyPage({ first: 2, subject: 'ana@example.com' });
    expect(pages.map((p) => [p.nodes.map((n: any) => n.requestId), p.pageInfo.hasNextPage])).toEqual([
      [['f8', 'f6'], true],
      [['f4', 'f2'], true],
      [['f1'], false],
    ]);
    expect(new Set(pages.map((p) => p.statements))).toEqual(new Set([2]));
    const exactlyFull = await everyPage({ first: 2, clientId: 'risk-desk' });
    expect(exactlyFull.map((p) => p.pageInfo.hasNextPage)).toEqual([false]);
    const empty = await page({ subject: 'nobody@example.com' });
    expect(empty).toEqual({ nodes: [], pageInfo: { hasNextPage: false, endCursor: null }, statements: 1 });
  });

  it('finds a record by the full text of a subject, client or purpose longer than its column', async () => {
    const subject = `${'s'.repeat(240)}@example.com`;
    const clientId = `client-${'c'.repeat(240)}`;
    const db = connectDatabase(systems.audit.databaseUrl);
    try {
      await new AuditStore(db).append([
        record({ requestId: 'long-1', at: '2019-01-01T00:00:00.000Z', subject, clientId, purpose: `p${'x'.repeat(90)}` }, ['9000099']),
      ]);
    } finally {
      await db.destroy();
    }
    expect(await requestIds({ subject })).toEqual(['long-1']);
    expect(await requestIds({ clientId })).toEqual(['long-1']);
    expect(await requestIds({ purpose: `p${'x'.repeat(90)}` })).toEqual(['long-1']);
    // What is kept is the cut: a text that differs before it does not find the record.
    expect(await requestIds({ subject: `${'t'.repeat(240)}@example.com` })).toEqual([]);
  });

  // Last: the refusals among these are recorded in the trail (kind refused), which the filters above read.
  it.each([
    ['a cursor it did not issue', { after: 'not-a-cursor' }, 'after is not a cursor this API issued'],
    ['a cursor of another shape', { after: Buffer.from('k2:10').toString('base64url') }, 'after is not a cursor this API issued'],
    ['a page over 100', { first: 101 }, 'first must be between 1 and 100'],
    ['a page under 1', { first: 0 }, 'A list cannot be shorter than 1: Query.accessLog(first: 0)'],
    ['from after to', { from: '2020-01-02T00:00:00.000Z', to: '2020-01-01T00:00:00.000Z' }, 'from must not be after to'],
  ])('refuses %s with BAD_USER_INPUT', async (_, variables, message) => {
    const { body } = await postGraphQL(stack.gateway.url, PAGE, variables);
    expect(body.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([[message, 'BAD_USER_INPUT']]);
    expect(body.data?.accessLog ?? null).toBeNull();
  });
});
