import type { Knex } from '../../../platform/database';
import { isoDate, isoDateTime } from '../../../platform/sql-values';
import { topRowsPerGroup } from '../../../platform/top-rows-per-group';
import { money } from '../../../subgraph-kit/money.type';
import type { InvoiceStatus, OrderStatus, PaymentMethod } from '../enums';
import type { InvoiceRow, OrderLineRow, OrderRow, PaymentRow } from './commerce.rows';

// biome-ignore lint/suspicious/noExplicitAny: a driver row, read column by column by the mapper that takes it
type Row = Record<string, any>;

/** Orders and their lines, invoices and payments: `limit` per customer after its newest `offset`, one statement per batch. */
export class CommerceRepository {
  constructor(private readonly db: Knex) {}

  async ordersByCustomerIds(ids: readonly string[], limit: number, offset = 0): Promise<OrderRow[]> {
    const rows: Row[] = await topRowsPerGroup(this.db, {
      from: 'orders',
      key: 'id',
      groupColumn: 'customer_id',
      groupKeys: ids,
      limit,
      offset,
      orderBy: [
        { column: 'placed_at', direction: 'desc' },
        { column: 'id', direction: 'desc' },
      ],
    });
    return rows.map((row) => ({
      id: String(row.id),
      customerId: String(row.customer_id),
      orderNumber: row.order_number,
      placedAt: isoDateTime(row.placed_at)!,
      status: row.status as OrderStatus,
      total: money(row.total_amount, row.currency),
    }));
  }

  /** Lines are priced in their order's currency, so the order is joined for it. */
  async linesByOrderIds(ids: readonly string[]): Promise<OrderLineRow[]> {
    const rows: Row[] = await this.db('order_lines')
      .join('orders', 'orders.id', 'order_lines.order_id')
      .whereIn('order_lines.order_id', ids)
      .select('order_lines.*', 'orders.currency')
      .orderBy(['order_lines.order_id', 'order_lines.line_no']);
    return rows.map((row) => ({
      orderId: String(row.order_id),
      lineNumber: Number(row.line_no),
      sku: row.sku,
      description: row.description,
      quantity: Number(row.quantity),
      unitPrice: money(row.unit_price, row.currency),
    }));
  }

  async invoicesByCustomerIds(ids: readonly string[], limit: number, offset = 0): Promise<InvoiceRow[]> {
    const rows: Row[] = await topRowsPerGroup(this.db, {
      from: 'invoices',
      key: 'id',
      groupColumn: 'customer_id',
      groupKeys: ids,
      limit,
      offset,
      orderBy: [
        { column: 'issued_on', direction: 'desc' },
        { column: 'id', direction: 'desc' },
      ],
    });
    return rows.map((row) => ({
      id: String(row.id),
      customerId: String(row.customer_id),
      invoiceNumber: row.invoice_number,
      issuedOn: isoDate(row.issued_on)!,
      dueOn: isoDate(row.due_on)!,
      amount: money(row.amount, row.currency),
      status: row.status as InvoiceStatus,
    }));
  }

  async paymentsByCustomerIds(ids: readonly string[], limit: number, offset = 0): Promise<PaymentRow[]> {
    const rows: Row[] = await topRowsPerGroup(this.db, {
      from: 'payments',
      key: 'id',
      groupColumn: 'customer_id',
      groupKeys: ids,
      limit,
      offset,
      orderBy: [
        { column: 'paid_at', direction: 'desc' },
        { column: 'id', direction: 'desc' },
      ],
    });
    return rows.map((row) => ({
      id: String(row.id),
      customerId: String(row.customer_id),
      paidAt: isoDateTime(row.paid_at)!,
      amount: money(row.amount, row.currency),
      method: row.method as PaymentMethod,
      cardLast4: row.card_last4 ?? null,
      iban: row.iban ?? null,
    }));
  }
}
