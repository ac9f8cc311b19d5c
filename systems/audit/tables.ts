/** What an operation row says of the operation: every column but its id, key, coordinate lists and chain links. */
export const OPERATION_FACT_COLUMNS = [
  'kind',
  'at',
  'request_id',
  'client_request_id',
  'subject',
  'client_id',
  'client_kind',
  'purpose',
  'operation_name',
  'operation_hash',
  'refusal',
] as const;

/** The audit store's tables: written by the gateway, read by the privacy subgraph. */
export const AUDIT_TABLES = {
  operations: 'audit_operations',
  operationCustomers: 'audit_operation_customers',
  /** One row per retention purge (`npm run audit:purge`): where each hash chain continues after it. */
  purges: 'audit_purges',
  /** Versions before per-customer coordinates stored response paths here; copied once, then renamed `…_v1`. */
  legacyRecords: 'audit_records',
  legacyRecordCustomers: 'audit_record_customers',
} as const;

/** How long the caller-chosen text columns of an operation row are: longer text is stored cut (see `fitColumn`). */
export const OPERATION_TEXT_WIDTHS = { subject: 200, client_id: 200, purpose: 64, operation_name: 200 } as const;

/**
 * Caller-chosen text (operation names, subjects) cut to its column, so it cannot make a record
 * unwritable; a filter on such a column is cut the same way, so the full text finds its record.
 */
export function fitColumn(value: string, length: number): string {
  return value.length <= length ? value : `${value.slice(0, length - 1)}…`;
}
