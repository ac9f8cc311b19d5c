import type { AuditRecord, CustomerAccess } from '../audit/audit-record';
import { type RecordedOperation, type RequestOrigin, readRecord } from '../audit/records';
import type { CoordinateAccess, ProtectionOutcome } from './apply-to-response';

/**
 * The audit stage: what an answered operation did with personal data, as its read record —
 * per customer returned, and outside any customer (`Query.accessLog`) — or none when it
 * returned and withheld no classified field at all.
 */
export function auditRecordOf(outcome: ProtectionOutcome, origin: RequestOrigin, operation: RecordedOperation): AuditRecord | undefined {
  const customers = [...outcome.customers].map(([id, access]) => customerAccessOf(id, access));
  const access = outcome.operation;
  if (customers.length === 0 && access.returned.size === 0 && access.denied.size === 0) return undefined;
  const { returned, masked, denied } = customerAccessOf('', access);
  return readRecord(origin, operation, { returned, masked, denied }, customers);
}

/** One customer's entry for the audit trail, its coordinates sorted. */
function customerAccessOf(customerId: string, access: CoordinateAccess): CustomerAccess {
  return { customerId, returned: [...access.returned].sort(), masked: [...access.masked].sort(), denied: [...access.denied].sort() };
}
