import { AuditStore } from '../../gateway/audit/audit-store';
import type { Knex } from '../../platform/database';
import { storeBackends } from '../../test/support/mysql';
import { fieldReadsSince } from './observed-reads';
import { freshStoreDatabase } from '../../test/support/store-database';

/** A read as the gateway records it: customers' fields per customer, the rest on the operation. */
const record = (key: string, at: string, clientId: string, purpose: string, returned: string[], masked: string[] = []) => ({
  key,
  kind: 'read' as const,
  at,
  requestId: `gw-${key}`,
  clientRequestId: null,
  subject: 'someone@example.com',
  clientId,
  clientKind: 'first-party' as const,
  purpose,
  operationName: null,
  operationHash: 'a'.repeat(64),
  refusal: null,
  returned: returned.filter((c) => !c.startsWith('Customer.')),
  masked: [],
  denied: [],
  customers: ['1000001', '1000002'].map((customerId) => ({
    customerId,
    returned: returned.filter((c) => c.startsWith('Customer.') && !masked.includes(c)),
    masked,
    denied: [],
  })),
});

describe.each(storeBackends())('the reads the audit trail observed, on %s', (backend) => {
  const fresh = freshStoreDatabase(backend, 'observed_reads');
  let db: Knex;

  beforeEach(async () => {
    ({ db } = fresh);
  });

  it('counts each field returned or masked, of customers or not, once per operation and client; not refusals or older reads', async () => {
    const store = new AuditStore(db);
    await store.append([
      record('1', '2026-10-01T00:00:00.000Z', 'crm-app', 'customer_service', ['Query.customers', 'Customer.name']),
      record('2', '2026-11-10T00:00:00.000Z', 'crm-app', 'customer_service', ['Customer.name', 'Customer.email'], ['Customer.email']),
      record('3', '2026-11-12T00:00:00.000Z', 'crm-app', 'customer_service', ['Query.customers', 'Customer.name']),
      record('4', '2026-11-13T00:00:00.000Z', 'campaigns', 'marketing', [], ['Customer.email']),
      {
        ...record('5', '2026-11-14T00:00:00.000Z', 'crm-app', 'customer_service', ['Query.customers', 'Customer.name']),
        kind: 'refused' as const,
        refusal: 'FORBIDDEN',
      },
    ]);
    const reads = await fieldReadsSince(db, '2026-11-01T00:00:00.000Z');
    expect(reads.sort((a, b) => `${a.coordinate}${a.clientId}`.localeCompare(`${b.coordinate}${b.clientId}`))).toEqual([
      { coordinate: 'Customer.email', clientId: 'campaigns', purpose: 'marketing', reads: 1, lastAt: '2026-11-13T00:00:00.000Z' },
      { coordinate: 'Customer.email', clientId: 'crm-app', purpose: 'customer_service', reads: 1, lastAt: '2026-11-10T00:00:00.000Z' },
      { coordinate: 'Customer.name', clientId: 'crm-app', purpose: 'customer_service', reads: 2, lastAt: '2026-11-12T00:00:00.000Z' },
      { coordinate: 'Query.customers', clientId: 'crm-app', purpose: 'customer_service', reads: 1, lastAt: '2026-11-12T00:00:00.000Z' },
    ]);
  });
});

describe.each(storeBackends())("a write's answer in the reads observed, on %s", (backend) => {
  const fresh = freshStoreDatabase(backend, 'observed_writes');

  it('counts what the answer of a mutation read of its customer, beside the mutation itself', async () => {
    await new AuditStore(fresh.db).append([
      { ...record('w1', '2026-11-15T00:00:00.000Z', 'crm-app', 'customer_service', ['Customer.consents']), kind: 'write' as const },
    ]);
    const reads = await fieldReadsSince(fresh.db, '2026-11-01T00:00:00.000Z');
    expect(reads).toEqual([
      { coordinate: 'Customer.consents', clientId: 'crm-app', purpose: 'customer_service', reads: 1, lastAt: '2026-11-15T00:00:00.000Z' },
    ]);
  });
});
