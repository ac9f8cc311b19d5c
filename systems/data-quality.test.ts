import type { Knex } from '../platform/database';
import { fieldRulesFromSdl } from '../policy/field-rules';
import { namesDataHeld, readSupergraph } from '../policy/data-inventory';
import { storeBackends } from '../test/support/mysql';
import { freshStoreDatabase } from '../test/support/store-database';
import { migrateArchive } from './archive/schema';
import { COVERAGE_MAPPINGS, cachedDataQuality, measureDataQuality, NOT_MEASURABLE } from './data-quality';
import { migrateOltp } from './oltp/schema';
import { migrateWarehouse } from './warehouse/schema';

describe('the coverage mapping', () => {
  const classified = [...fieldRulesFromSdl(readSupergraph()).keys()].filter(namesDataHeld).sort();

  it('maps every classified coordinate of the supergraph to a system, or says why it cannot be measured, never both', () => {
    const mapped = Object.keys(COVERAGE_MAPPINGS);
    const unmeasurable = Object.keys(NOT_MEASURABLE);
    // A newly classified field fails here until it is mapped (or listed as not measurable, with a reason).
    expect(classified.filter((c) => !mapped.includes(c) && !unmeasurable.includes(c))).toEqual([]);
    expect(mapped.filter((c) => unmeasurable.includes(c))).toEqual([]);
    // And no entry outlives its field.
    expect([...mapped, ...unmeasurable].filter((c) => !classified.includes(c))).toEqual([]);
  });
});

const customer = (id: number, values: { phone?: string; dateOfBirth?: string; householdId?: number } = {}) => ({
  id,
  household_id: values.householdId ?? null,
  first_name: `First${id}`,
  last_name: `Last${id}`,
  email: `c${id}@example.com`,
  phone: values.phone ?? null,
  date_of_birth: values.dateOfBirth ?? null,
  processing_restricted: false,
  created_at: '2020-01-01 00:00:00',
});
const account = (id: number, customerId: number) => ({
  id,
  customer_id: customerId,
  account_number: `A${id}`,
  business_unit: 'retail',
  status: 'active',
  opened_at: '2020-01-01',
});
const address = (id: number, customerId: number, line2: string | null) => ({
  id,
  customer_id: customerId,
  kind: 'home',
  line1: `${id} Main Street`,
  line2,
  postal_code: '1000',
  city: 'Town',
  country: 'NL',
});
const payment = (id: number, customerId: number, cardLast4: string | null, iban: string | null) => ({
  id,
  customer_id: customerId,
  invoice_id: null,
  paid_at: '2026-01-01 00:00:00',
  amount: '10.00',
  currency: 'EUR',
  method: cardLast4 ? 'card' : 'transfer',
  card_last4: cardLast4,
  iban,
});
const order = (id: number, customerId: number) => ({
  id,
  customer_id: customerId,
  account_id: 1,
  order_number: `O${id}`,
  placed_at: '2026-01-01 00:00:00',
  status: 'delivered',
  total_amount: '10.00',
  currency: 'EUR',
});
const archivedOrder = (id: number, accountNumber: string, placedAt: string) => ({
  id,
  account_number: accountNumber,
  order_number: `AO${id}`,
  placed_at: placedAt,
  status: 'delivered',
  total_amount: '10.00',
  currency: 'EUR',
  line_count: 1,
});
const score = (customerKey: number, scoredOn: string) => ({
  customer_key: customerKey,
  scored_on: scoredOn,
  load_key: 1,
  segment: 'loyal',
  value_tier: 'gold',
  lifetime_value: '100.00',
  churn_risk: '0.1000',
  risk_rating: 'low',
  risk_since: '2026-01-01',
});

/**
 * Four customers the test knows: 1000001 has a phone, a date of birth, a household with a name, two accounts,
 * two addresses (one with a second line), a card and an IBAN payment and three orders; 1000002 a phone, an account,
 * an address and a card payment; 1000003 a date of birth, a household the OLTP has no row of and an account;
 * 1000004 an account only. Five accounts, two with archived orders, one with an archived invoice.
 */
async function seed(oltp: Knex, warehouse: Knex, archive: Knex): Promise<void> {
  await Promise.all([migrateOltp(oltp), migrateWarehouse(warehouse), migrateArchive(archive)]);
  await oltp('households').insert({ id: 1, name: 'The Ones', created_at: '2020-01-01 00:00:00' });
  await oltp('customers').insert([
    customer(1000001, { phone: '+31 20 000 0001', dateOfBirth: '1980-01-01', householdId: 1 }),
    customer(1000002, { phone: '+31 20 000 0002' }),
    customer(1000003, { dateOfBirth: '1990-01-01', householdId: 2 }),
    customer(1000004),
  ]);
  await oltp('accounts').insert([account(1, 1000001), account(2, 1000001), account(3, 1000002), account(4, 1000003), account(5, 1000004)]);
  await oltp('addresses').insert([address(1, 1000001, 'Flat 2'), address(2, 1000001, null), address(3, 1000002, null)]);
  await oltp('payments').insert([
    payment(1, 1000001, '4242', null),
    payment(2, 1000001, null, 'NL00BANK0123456789'),
    payment(3, 1000002, '1111', null),
  ]);
  await oltp('orders').insert([order(1, 1000001), order(2, 1000001), order(3, 1000001)]);
  await archive('archived_orders').insert([
    archivedOrder(1, 'A1', '2025-06-01 10:00:00'),
    archivedOrder(2, 'A1', '2025-06-30 10:00:00'),
    archivedOrder(3, 'A3', '2024-01-01 10:00:00'),
  ]);
  await archive('archived_invoices').insert({
    id: 1,
    account_number: 'A4',
    invoice_number: 'AI1',
    issued_on: '2025-05-31',
    amount: '10.00',
    currency: 'EUR',
    status: 'paid',
  });
  await warehouse('warehouse_load').insert([
    { load_key: 1, loaded_at: '2026-10-31 02:00:00' },
    { load_key: 2, loaded_at: '2026-11-30 02:00:00' },
  ]);
  await warehouse('dim_month').insert([
    { month_key: 1, first_day: '2026-09-01', year: 2026, month: 9 },
    { month_key: 2, first_day: '2026-10-01', year: 2026, month: 10 },
    { month_key: 3, first_day: '2026-11-01', year: 2026, month: 11 },
  ]);
  await warehouse('fact_customer_month').insert(
    [1, 2].map((monthKey) => ({
      customer_key: 1,
      month_key: monthKey,
      revenue: '1.00',
      margin: '1.00',
      orders: 1,
      contacts: 0,
      complaints: 0,
      cost_to_serve: '0.00',
    })),
  );
  await warehouse('fact_customer_score').insert([score(1, '2026-10-01'), score(1, '2026-11-01'), score(2, '2026-11-01')]);
}

describe.each(storeBackends())('data quality measured on the systems, on %s', (backend) => {
  const oltp = freshStoreDatabase(backend, 'quality_oltp');
  const warehouse = freshStoreDatabase(backend, 'quality_warehouse');
  const archive = freshStoreDatabase(backend, 'quality_archive');

  it('counts the share of customers (archive: accounts) holding a value, each customer once', async () => {
    await seed(oltp.db, warehouse.db, archive.db);
    const { coverage } = await measureDataQuality({ oltp: oltp.db, warehouse: warehouse.db, archive: archive.db });
    const share = (coordinate: string) => {
      const measured = coverage.get(coordinate)?.coverage;
      return measured && [measured.withValue, measured.total, measured.share];
    };
    expect({
      phone: share('Customer.phone'),
      dateOfBirth: share('Customer.dateOfBirth'),
      email: share('Customer.email'),
      household: share('Customer.household'),
      householdName: share('Household.name'),
      accounts: share('Customer.accounts'),
      addresses: share('Customer.addresses'),
      line2: share('Address.line2'),
      payments: share('Customer.payments'),
      cardLast4: share('Payment.cardLast4'),
      iban: share('Payment.iban'),
      orders: share('Customer.orders'),
      consents: share('Customer.consents'),
      archivedOrders: share('Customer.archivedOrders'),
      archivedInvoices: share('Customer.archivedInvoices'),
      archivedInteractions: share('Customer.archivedInteractions'),
      segment: share('Customer.segment'),
      monthlySummaries: share('Customer.monthlySummaries'),
      costToServe: share('Customer.costToServe'),
    }).toEqual({
      phone: [2, 4, 0.5],
      dateOfBirth: [2, 4, 0.5],
      email: [4, 4, 1],
      household: [2, 4, 0.5],
      householdName: [1, 4, 0.25],
      accounts: [4, 4, 1],
      addresses: [2, 4, 0.5],
      line2: [1, 4, 0.25],
      payments: [2, 4, 0.5],
      cardLast4: [2, 4, 0.5],
      iban: [1, 4, 0.25],
      orders: [1, 4, 0.25],
      consents: [0, 4, 0],
      archivedOrders: [2, 5, 0.4],
      archivedInvoices: [1, 5, 0.2],
      archivedInteractions: [0, 5, 0],
      segment: [2, 4, 0.5],
      monthlySummaries: [1, 4, 0.25],
      costToServe: [0, 4, 0],
    });
    expect(coverage.get('Customer.phone')).toEqual({
      coverage: { system: 'oltp', source: 'customers.phone', unit: 'customer', withValue: 2, total: 4, share: 0.5 },
      note: null,
    });
    expect(coverage.get('Household.name')?.coverage?.source).toBe('households.name');
    expect(coverage.get('Customer.archivedOrders')?.coverage).toMatchObject({ system: 'archive', unit: 'account' });
    expect(coverage.get('Query.accessLog')).toEqual({
      coverage: null,
      note: "not measurable: the gateway's audit trail, not a system of record",
    });
  });

  it("gives the warehouse's last load and newest facts and the archive's newest records", async () => {
    await seed(oltp.db, warehouse.db, archive.db);
    const { freshness } = await measureDataQuality({ oltp: oltp.db, warehouse: warehouse.db, archive: archive.db });
    expect(freshness).toEqual([
      { system: 'warehouse', source: 'warehouse_load.loaded_at', newest: '2026-11-30T02:00:00', note: null },
      { system: 'warehouse', source: 'fact_customer_score.scored_on', newest: '2026-11-01', note: null },
      { system: 'warehouse', source: 'dim_month.first_day', newest: '2026-10-01', note: null },
      { system: 'archive', source: 'archived_orders.placed_at', newest: '2025-06-30T10:00:00', note: null },
      { system: 'archive', source: 'archived_invoices.issued_on', newest: '2025-05-31', note: null },
      { system: 'archive', source: 'archived_interactions.occurred_at', newest: null, note: null },
    ]);
  });

  it('says which system was not measured instead of failing: not connected, or not answering', async () => {
    await seed(oltp.db, warehouse.db, archive.db);
    await archive.db.schema.dropTable('archived_orders');
    const quality = await measureDataQuality({ oltp: null, warehouse: warehouse.db, archive: archive.db });
    expect(quality.coverage.get('Customer.phone')).toEqual({ coverage: null, note: 'not measured: the oltp is not connected' });
    // Shares need the OLTP's totals.
    expect(quality.coverage.get('Customer.segment')).toEqual({ coverage: null, note: 'not measured: the oltp is not connected' });
    expect(quality.freshness[0].newest).toBe('2026-11-30T02:00:00');
    expect(quality.freshness[3]).toEqual({
      system: 'archive',
      source: 'archived_orders.placed_at',
      newest: null,
      note: 'not measured: the archive did not answer',
    });
  });

  it('sends one statement per table, and measures again only once the cache expired', async () => {
    await seed(oltp.db, warehouse.db, archive.db);
    let statements = 0;
    const count = () => {
      statements += 1;
    };
    for (const db of [oltp.db, warehouse.db, archive.db]) db.on('query', count);
    let now = 0;
    const quality = cachedDataQuality({ oltp: oltp.db, warehouse: warehouse.db, archive: archive.db }, 60_000, () => now);
    await Promise.all([quality(), quality()]);
    // Totals 1; OLTP tables 10 (customers, customers + households, accounts, addresses, consents, orders, invoices,
    // payments, interactions, offers); archive 4 (three kinds of records, legacy accounts); warehouse 3; freshness 6.
    expect(statements).toBe(24);
    now = 59_999;
    await quality();
    expect(statements).toBe(24);
    now = 60_000;
    await quality();
    expect(statements).toBe(48);
    for (const db of [oltp.db, warehouse.db, archive.db]) db.off('query', count);
  });
});
