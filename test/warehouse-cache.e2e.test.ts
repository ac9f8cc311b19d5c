import { connectDatabase, StatementCounter } from '../platform/database';
import type { Stack } from '../scripts/start-stack';
import { createTestSystems, type TestSystems } from './support/backends';
import { describeMysql } from './support/mysql';
import { postGraphQL, startTestStack, tokenFor } from './support/test-stack';

const PAGE = '{ customers(first: 10) { nodes { id segment valueTier riskHistory { scoredOn } profitability { profit { amount } } } } }';

describeMysql('warehouse answers cached until the next load', () => {
  let systems: TestSystems;

  beforeAll(async () => {
    systems = await createTestSystems('mysql', 40);
  });

  afterAll(async () => {
    await systems?.drop();
  });

  describe('between loads', () => {
    let stack: Stack;
    let warehouseSql: StatementCounter;

    beforeAll(async () => {
      stack = await startTestStack(systems, { warehouseCache: { entries: 10_000, checkEveryMs: 600_000 } });
      warehouseSql = new StatementCounter(stack.analytics.db);
    });

    afterAll(async () => {
      await stack?.stop();
    });

    async function read(subject: string) {
      const before = warehouseSql.total;
      const { body } = await postGraphQL(stack.gateway.url, PAGE, undefined, await tokenFor('dpo', { subject }));
      expect(body.errors).toBeUndefined();
      return { data: body.data, statements: warehouseSql.total - before };
    }

    it('answers a caller’s repeated question from memory, with the same data', async () => {
      const first = await read('dpo-cache-1');
      // latest scores, score history, profitability (+ one check of the current load).
      expect(first.statements).toBeGreaterThanOrEqual(3);
      const again = await read('dpo-cache-1');
      expect(again.statements).toBe(0);
      expect(again.data).toEqual(first.data);
    });

    it('never answers one caller from what another caller read', async () => {
      const first = await read('dpo-cache-2');
      await read('dpo-cache-2');
      const other = await read('dpo-cache-3');
      expect(other.statements).toBe(3);
      expect(other.data).toEqual(first.data);
    });
  });

  it('answers from the new load once it has arrived', async () => {
    const stack = await startTestStack(systems, { warehouseCache: { entries: 10_000, checkEveryMs: 0 } });
    const warehouse = connectDatabase(systems.urls.warehouse);
    try {
      const token = await tokenFor('dpo', { subject: 'dpo-cache-4' });
      const before = (await postGraphQL(stack.gateway.url, PAGE, undefined, token)).body.data.customers.nodes[0];
      expect(before.segment).not.toBe('after-new-load');

      // A new warehouse load: a new load row and a newer score for the first customer.
      const { customer_key } = await warehouse('dim_customer').where({ crm_customer_id: before.id }).first();
      const newest = await warehouse('fact_customer_score').where({ customer_key }).orderBy('scored_on', 'desc').first();
      const load = Number((await warehouse('warehouse_load').max({ load: 'load_key' }).first())?.load);
      await warehouse('warehouse_load').insert({ load_key: load + 1, loaded_at: '2099-01-02 02:00:00' });
      await warehouse('fact_customer_score').insert({ ...newest, scored_on: '2099-01-01', load_key: load + 1, segment: 'after-new-load' });

      const after = (await postGraphQL(stack.gateway.url, PAGE, undefined, token)).body.data.customers.nodes[0];
      expect(after.id).toBe(before.id);
      expect(after.segment).toBe('after-new-load');
      expect(after.riskHistory[0].scoredOn).toBe('2099-01-01');
    } finally {
      await warehouse.destroy();
      await stack.stop();
    }
  });
});
