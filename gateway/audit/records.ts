import type { Principal } from '../../contracts/principal';
import type { AuditRecord, CustomerAccess } from './audit-record';

/** Who asked, under which request ids: what every record of one request shares. */
export interface RequestOrigin {
  principal: Principal;
  requestId: string;
  clientRequestId: string | null;
}

/** What an operation was, as far as it is known when it is recorded. */
export interface RecordedOperation {
  operationName: string | null;
  operationHash: string;
}

function recordOf(
  origin: RequestOrigin,
  operation: RecordedOperation,
): Omit<AuditRecord, 'kind' | 'refusal' | 'returned' | 'masked' | 'denied' | 'customers'> {
  const { principal } = origin;
  return {
    at: new Date().toISOString(),
    requestId: origin.requestId,
    clientRequestId: origin.clientRequestId,
    subject: principal.subject,
    clientId: principal.clientId,
    clientKind: principal.clientKind,
    purpose: principal.purpose,
    operationName: operation.operationName,
    operationHash: operation.operationHash,
  };
}

/** An operation that ran and returned or withheld personal data. */
export function readRecord(
  origin: RequestOrigin,
  operation: RecordedOperation,
  access: Pick<AuditRecord, 'returned' | 'masked' | 'denied'>,
  customers: CustomerAccess[],
): AuditRecord {
  return { ...recordOf(origin, operation), kind: 'read', refusal: null, ...access, customers };
}

/** A verified caller refused before anything ran; `denied` names what it asked for and may not have, when that is known. */
export function refusalRecord(origin: RequestOrigin, operation: RecordedOperation, refusal: string, denied: string[] = []): AuditRecord {
  return { ...recordOf(origin, operation), kind: 'refused', refusal, returned: [], masked: [], denied: [...denied].sort(), customers: [] };
}
