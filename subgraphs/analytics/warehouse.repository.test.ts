import type { Principal } from '../../contracts/principal';
import { type Knex, StatementCounter } from '../../platform/database';
import { migrateWarehouse } from '../../systems/warehouse/schema';
import { storeBackends } from '../../test/support/mysql';
import { freshStoreDatabase } from '../../test/support/store-database';
import { CrmProtectionReader } from './crm-protection.reader';
import { AnalyticsLoaders } from './loaders';
import { WarehouseAnswerCache } from './warehouse-answer-cache';
import { WarehouseRepository } from './warehouse.repository';

/** Five monthly scorings of each of two customers (CRM 1 and 2), on the first of January to May 2026. */
const SCORED_ON = ['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01', '2026-05-01'];

const PRINCIPAL: Principal = { subject: 'analyst', scopes: [], purpose: 'analytics', clientId: 'test', clientKind: 'first-party' };

describe.each(storeBackends())('warehouse histories a page at a time (last + offset), on %s', (backend) => {
  const fresh = freshStoreDatabase(backend, 'warehouse_pages');
  let db: Knex;

  beforeEach(async () => {
    ({ db } = fresh);
    await migrateWarehouse(db);
    await db('dim_customer').insert([
      { customer_key: 7, crm_customer_id: '1', region: 'north', first_seen_on: '2020-01-01' },
      { customer_key: 8, crm_customer_id: '2', region: 'south', first_seen_on: '2020-01-01' },
    ]);
    await db('warehouse_load').insert({ load_key: 1, loaded_at: '2026-05-02 03:00:00' });
    await db('dim_month').insert(SCORED_ON.map((day, i) => ({ month_key: 202601 + i, first_day: day, year: 2026, month: i + 1 })));
    await db('fact_customer_score').insert(
      [7, 8].flatMap((customerKey) =>
        SCORED_ON.map((scoredOn) => ({
          customer_key: customerKey,
          scored_on: scoredOn,
          load_key: 1,
          segment: 'mainstream',
          value_tier: 'good',
          lifetime_value: '100.00',
          churn_risk: '0.1000',
          risk_rating: 'good',
          risk_since: '2026-01-01',
        })),
      ),
    );
    // Customer 1 was active every month, customer 2 not in March.
    await db('fact_customer_month').insert(
      [7, 8].flatMap((customerKey) =>
        SCORED_ON.map((_, i) => ({
          customer_key: customerKey,
          month_key: 202601 + i,
          revenue: '10.00',
          margin: '2.00',
          orders: 1,
          contacts: 0,
          complaints: 0,
          cost_to_serve: '0.00',
        })).filter((row) => !(customerKey === 8 && row.month_key === 202603)),
      ),
    );
  });

  it('pages risk history [2, 0], [2, 2], [2, 4] of two customers in one statement each: every scoring once, newest first', async () => {
    const repository = new WarehouseRepository(db);
    const statements = new StatementCounter(db);
    const pages: string[][] = [];
    for (const offset of [0, 2, 4]) {
      const before = statements.total;
      const rows = await repository.scoreHistory(['1', '2'], 2, offset);
      expect(statements.total - before).toBe(1);
      pages.push(rows.map((row) => `${row.customerId}:${row.scoredOn}`));
    }
    expect(pages).toEqual([
      ['1:2026-05-01', '1:2026-04-01', '2:2026-05-01', '2:2026-04-01'],
      ['1:2026-03-01', '1:2026-02-01', '2:2026-03-01', '2:2026-02-01'],
      ['1:2026-01-01', '2:2026-01-01'],
    ]);
  });

  it("pages monthly summaries by the warehouse's months: a month without activity is skipped, not shifted", async () => {
    const repository = new WarehouseRepository(db);
    const months = async (offset: number) =>
      (await repository.monthlySummaries(['1', '2'], 2, offset)).map((row) => `${row.customerId}:${row.month}`);
    expect(await months(0)).toEqual(['1:2026-05-01', '1:2026-04-01', '2:2026-05-01', '2:2026-04-01']);
    expect(await months(2)).toEqual(['1:2026-03-01', '1:2026-02-01', '2:2026-02-01']);
    expect(await months(4)).toEqual(['1:2026-01-01', '2:2026-01-01']);
    expect(await months(6)).toEqual([]);
  });

  it('keeps each page apart in the answer cache (the offset is part of the question)', async () => {
    const repository = new WarehouseRepository(db);
    const cache = new WarehouseAnswerCache(() => repository.currentLoad(), { entries: 100, checkEveryMs: 60_000 });
    const page = async (offset: number) => {
      const loaders = new AnalyticsLoaders(repository, cache, PRINCIPAL, () => undefined, new CrmProtectionReader(db));
      return (await loaders.scoreHistory(2, offset).load('1')).map((row) => row.scoredOn);
    };
    expect(await page(0)).toEqual(['2026-05-01', '2026-04-01']);
    expect(await page(2)).toEqual(['2026-03-01', '2026-02-01']);
    expect(await page(0)).toEqual(['2026-05-01', '2026-04-01']);
  });
});
