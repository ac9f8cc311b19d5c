import { decimalString, isoDate, isoDateTime } from '../../../platform/sql-values';

type DbRow = Record<string, unknown>;

/** How each kind of archived record is stored and how the API presents it. */
export interface RecordType {
  table: string;
  /** Newest first; the id breaks ties so pages never overlap. */
  dateColumn: string;
  /** Each field of a record as the API presents it, in the order a whole record has them. */
  fields: Readonly<Record<string, (row: DbRow) => unknown>>;
}

export const RECORD_TYPES: Record<string, RecordType> = {
  orders: {
    table: 'archived_orders',
    dateColumn: 'placed_at',
    fields: {
      id: (row) => String(row.id),
      accountNumber: (row) => row.account_number,
      orderNumber: (row) => row.order_number,
      placedAt: (row) => isoDateTime(row.placed_at),
      status: (row) => row.status,
      total: (row) => ({ amount: decimalString(row.total_amount), currency: row.currency }),
      lineCount: (row) => Number(row.line_count),
    },
  },
  invoices: {
    table: 'archived_invoices',
    dateColumn: 'issued_on',
    fields: {
      id: (row) => String(row.id),
      accountNumber: (row) => row.account_number,
      invoiceNumber: (row) => row.invoice_number,
      issuedOn: (row) => isoDate(row.issued_on),
      status: (row) => row.status,
      amount: (row) => ({ amount: decimalString(row.amount), currency: row.currency }),
    },
  },
  interactions: {
    table: 'archived_interactions',
    dateColumn: 'occurred_at',
    fields: {
      id: (row) => String(row.id),
      accountNumber: (row) => row.account_number,
      kind: (row) => row.kind,
      channel: (row) => row.channel,
      occurredAt: (row) => isoDateTime(row.occurred_at),
      subject: (row) => row.subject,
      status: (row) => row.status,
      resolution: (row) => row.resolution ?? null,
      handlingCost: (row) => ({ amount: decimalString(row.handling_cost), currency: 'EUR' }),
    },
  },
};

/** Turns a stored row into the record the API answers with. */
export type RecordPresenter = (row: DbRow) => Record<string, unknown>;

/**
 * The records of `type` with every field, or with only the fields named (known to the type; in the
 * type's own order, each once): a caller that shows an order's number is sent neither its total nor
 * its status, and nothing is made of them.
 */
export function recordPresenter(type: RecordType, fields?: readonly string[]): RecordPresenter {
  const kept = Object.entries(type.fields).filter(([name]) => !fields || fields.includes(name));
  return (row) => {
    const record: Record<string, unknown> = {};
    for (const [name, present] of kept) record[name] = present(row);
    return record;
  };
}
