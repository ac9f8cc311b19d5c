import { decimalString, isoDate, isoDateTime } from '../../../platform/sql-values';

type DbRow = Record<string, unknown>;

/** How each kind of archived record is stored and how the API presents it. */
export interface RecordType {
  table: string;
  /** Newest first; the id breaks ties so pages never overlap. */
  dateColumn: string;
  toJson(row: DbRow): Record<string, unknown>;
}

export const RECORD_TYPES: Record<string, RecordType> = {
  orders: {
    table: 'archived_orders',
    dateColumn: 'placed_at',
    toJson: (row) => ({
      id: String(row.id),
      accountNumber: row.account_number,
      orderNumber: row.order_number,
      placedAt: isoDateTime(row.placed_at),
      status: row.status,
      total: { amount: decimalString(row.total_amount), currency: row.currency },
      lineCount: Number(row.line_count),
    }),
  },
  invoices: {
    table: 'archived_invoices',
    dateColumn: 'issued_on',
    toJson: (row) => ({
      id: String(row.id),
      accountNumber: row.account_number,
      invoiceNumber: row.invoice_number,
      issuedOn: isoDate(row.issued_on),
      status: row.status,
      amount: { amount: decimalString(row.amount), currency: row.currency },
    }),
  },
  interactions: {
    table: 'archived_interactions',
    dateColumn: 'occurred_at',
    toJson: (row) => ({
      id: String(row.id),
      accountNumber: row.account_number,
      kind: row.kind,
      channel: row.channel,
      occurredAt: isoDateTime(row.occurred_at),
      subject: row.subject,
      status: row.status,
      resolution: row.resolution ?? null,
      handlingCost: { amount: decimalString(row.handling_cost), currency: 'EUR' },
    }),
  },
};
