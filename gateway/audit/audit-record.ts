/** One operation that returned (or withheld) personal data: who saw what, when, and why. */
export interface AuditRecord {
  /** Unique per record, given when it is recorded: a replayed record already stored is not stored twice. */
  key?: string;
  at: string;
  requestId: string;
  subject: string;
  clientId: string;
  clientKind: string;
  purpose: string;
  operationName: string | null;
  /** sha256 of the operation text the client sent. */
  operationHash: string;
  customerIds: string[];
  /** `Type.field` of the classified fields returned. */
  fields: string[];
  maskedPaths: string[];
  deniedPaths: string[];
}

export type AuditSink = (record: AuditRecord) => void;
