import type { Knex } from '../../../platform/database';
import { isoDateTime } from '../../../platform/sql-values';
import { topRowsPerGroup } from '../../../platform/top-rows-per-group';
import { money } from '../../../subgraph-kit/money.type';
import type { InteractionKind, InteractionStatus, OfferResponse } from '../enums';
import type { InteractionRow, OfferRow } from './relationship.rows';

// biome-ignore lint/suspicious/noExplicitAny: a driver row, read column by column by the mapper that takes it
type Row = Record<string, any>;

/** Contacts with the customer and offers made to them: `limit` per customer after its newest `offset`, one statement per batch. */
export class RelationshipRepository {
  constructor(private readonly db: Knex) {}

  async interactionsByCustomerIds(ids: readonly string[], limit: number, offset = 0, kind?: InteractionKind): Promise<InteractionRow[]> {
    const rows: Row[] = await topRowsPerGroup(this.db, {
      from: 'interactions',
      key: 'id',
      groupColumn: 'customer_id',
      groupKeys: ids,
      limit,
      offset,
      orderBy: [
        { column: 'occurred_at', direction: 'desc' },
        { column: 'id', direction: 'desc' },
      ],
      where: kind ? (query) => query.where('kind', kind) : undefined,
    });
    return rows.map(interactionRowOf);
  }

  async offersByCustomerIds(ids: readonly string[], limit: number, offset = 0): Promise<OfferRow[]> {
    const rows: Row[] = await topRowsPerGroup(this.db, {
      from: 'offers',
      key: 'id',
      groupColumn: 'customer_id',
      groupKeys: ids,
      limit,
      offset,
      orderBy: [
        { column: 'offered_at', direction: 'desc' },
        { column: 'id', direction: 'desc' },
      ],
    });
    return rows.map(offerRowOf);
  }
}

/** An interaction as the crm answers it, from its row (the lists' and the front line's writes). */
export function interactionRowOf(row: Row): InteractionRow {
  return {
    id: String(row.id),
    customerId: String(row.customer_id),
    kind: row.kind as InteractionKind,
    channel: row.channel,
    businessUnit: row.business_unit,
    occurredAt: isoDateTime(row.occurred_at)!,
    subject: row.subject,
    handlingCost: money(row.handling_cost, 'EUR'),
    status: row.status as InteractionStatus,
    resolution: row.resolution ?? null,
  };
}

/** An offer as the crm answers it, from its row. */
export function offerRowOf(row: Row): OfferRow {
  return {
    id: String(row.id),
    customerId: String(row.customer_id),
    product: row.product,
    channel: row.channel,
    offeredAt: isoDateTime(row.offered_at)!,
    response: (row.response ?? null) as OfferResponse | null,
    respondedAt: isoDateTime(row.responded_at),
  };
}
