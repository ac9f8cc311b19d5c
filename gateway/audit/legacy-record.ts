import type { AuditRecord } from './audit-record';

/** The shape earlier versions recorded (and may have left in a spool): response paths, not coordinates per customer. */
type LegacyAuditRecord = Pick<
  AuditRecord,
  'key' | 'at' | 'requestId' | 'subject' | 'clientId' | 'clientKind' | 'purpose' | 'operationName' | 'operationHash'
> & {
  customerIds: string[];
  fields: string[];
  maskedPaths: string[];
  deniedPaths: string[];
};

/**
 * A record as the current version stores it, whether it was written by this version or
 * by an earlier one. Earlier records said which classified fields the operation returned
 * and which response paths (in the caller's aliases) were masked or denied, not what
 * each customer got: every customer is given the record's fields as returned (nothing
 * masked or denied of their own), and the paths are kept, as they were, in the
 * operation's own masked/denied lists.
 */
export function currentRecord(parsed: unknown): AuditRecord {
  const record = parsed as Partial<AuditRecord> & Partial<LegacyAuditRecord>;
  if (record.kind !== undefined || !Array.isArray(record.customerIds)) return record as AuditRecord;
  const { customerIds, fields, maskedPaths, deniedPaths, ...common } = record as LegacyAuditRecord;
  return {
    ...common,
    kind: 'read',
    clientRequestId: null,
    refusal: null,
    returned: fields ?? [],
    masked: maskedPaths ?? [],
    denied: deniedPaths ?? [],
    customers: customerIds.map((customerId) => ({ customerId, returned: fields ?? [], masked: [], denied: [] })),
  };
}
