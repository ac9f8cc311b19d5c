import { type Knex, StatementCounter } from '../../../platform/database';
import { migrateOltp } from '../../../systems/oltp/schema';
import { storeBackends } from '../../../test/support/mysql';
import { freshStoreDatabase } from '../../../test/support/store-database';
import { InteractionKind, InteractionStatus } from '../enums';
import { RelationshipRepository } from '../relationship/relationship.repository';
import { CommerceRepository } from './commerce.repository';

/** Two customers with five orders each; customer 1's orders 101…105 placed a day apart, two of them (103, 104) at the same time. */
const PLACED: Array<[id: number, customerId: number, placedAt: string]> = [
  [101, 1, '2026-01-01 10:00:00'],
  [102, 1, '2026-01-02 10:00:00'],
  [103, 1, '2026-01-03 10:00:00'],
  [104, 1, '2026-01-03 10:00:00'],
  [105, 1, '2026-01-05 10:00:00'],
  [201, 2, '2026-02-01 10:00:00'],
  [202, 2, '2026-02-02 10:00:00'],
  [203, 2, '2026-02-03 10:00:00'],
  [204, 2, '2026-02-04 10:00:00'],
  [205, 2, '2026-02-05 10:00:00'],
];

describe.each(storeBackends())('crm lists a page at a time (first + offset), on %s', (backend) => {
  const fresh = freshStoreDatabase(backend, 'crm_pages');
  let db: Knex;

  beforeEach(async () => {
    ({ db } = fresh);
    await migrateOltp(db);
    await db('orders').insert(
      PLACED.map(([id, customerId, placedAt]) => ({
        id,
        customer_id: customerId,
        account_id: customerId,
        order_number: `ORD-${id}`,
        placed_at: placedAt,
        status: 'delivered',
        total_amount: '10.00',
        currency: 'EUR',
      })),
    );
    await db('interactions').insert(
      PLACED.map(([id, customerId, occurredAt]) => ({
        id,
        customer_id: customerId,
        kind: id % 2 === 0 ? InteractionKind.COMPLAINT : InteractionKind.ENQUIRY,
        channel: 'phone',
        business_unit: 'retail',
        occurred_at: occurredAt,
        subject: `Contact ${id}`,
        handling_cost: '1.50',
        status: InteractionStatus.CLOSED,
      })),
    );
  });

  it('pages [2, 0], [2, 2], [2, 4] of two customers in one statement each: every order once, newest first', async () => {
    const repository = new CommerceRepository(db);
    const statements = new StatementCounter(db);
    const pages: Array<Record<string, string[]>> = [];
    for (const offset of [0, 2, 4]) {
      const before = statements.total;
      const rows = await repository.ordersByCustomerIds(['1', '2'], 2, offset);
      expect(statements.total - before).toBe(1);
      const page: Record<string, string[]> = { '1': [], '2': [] };
      for (const row of rows) page[row.customerId].push(row.id);
      pages.push(page);
    }
    expect(pages).toEqual([
      { '1': ['105', '104'], '2': ['205', '204'] },
      { '1': ['103', '102'], '2': ['203', '202'] },
      { '1': ['101'], '2': ['201'] },
    ]);
    // Read together, the pages are the whole list as one page of five.
    const whole = await repository.ordersByCustomerIds(['1'], 5, 0);
    expect(pages.flatMap((page) => page['1'])).toEqual(whole.map((row) => row.id));
    expect(await repository.ordersByCustomerIds(['1', '2'], 2, 6)).toEqual([]);
  });

  it('pages a filtered list (interactions of one kind) after the filter', async () => {
    const repository = new RelationshipRepository(db);
    const ids = async (offset: number) =>
      (await repository.interactionsByCustomerIds(['1', '2'], 2, offset, InteractionKind.COMPLAINT)).map(
        (row) => `${row.customerId}:${row.id}`,
      );
    expect(await ids(0)).toEqual(['1:104', '1:102', '2:204', '2:202']);
    expect(await ids(2)).toEqual([]);
    expect(await ids(1)).toEqual(['1:102', '2:202']);
  });
});
