/** What one operation did with one customer's data, as schema coordinates (`Customer.email`, `Order.total`). */
export interface CustomerAccess {
  customerId: string;
  /** Classified coordinates returned with a value for this customer (masked ones included). */
  returned: string[];
  /** Of those, the ones returned masked. */
  masked: string[];
  /** Classified coordinates withheld from this customer: forbidden, consent missing, processing restricted. */
  denied: string[];
}

/**
 * `read`: the operation ran and returned or withheld personal data; `refused`: a verified caller was refused before anything ran;
 * `write`: a mutation ran (or was withheld): per customer written, its coordinate in `returned` (done) or `denied` (not done).
 */
type AuditKind = 'read' | 'refused' | 'write';

/** A search the operation ran (`Query.findCustomers`): its kind and its term as a keyed hash, never the term. */
export interface AuditSearch {
  /** `accountNumber`, `email`, `phone`, `nameAndPostalCode`, or `invalid` when the search named none or several. */
  kind: string;
  /** HMAC-SHA256 (hex) of the kind and the normalised term, under a key only the gateway holds. */
  termHash: string;
}

/** One operation that returned (or withheld) personal data, or a verified caller's refused attempt: who, what, when, and why. */
export interface AuditRecord {
  /** Unique per record, given when it is recorded: a replayed record already stored is not stored twice. */
  key?: string;
  kind: AuditKind;
  at: string;
  /** The gateway's own request id (also in its logs and the x-request-id response header). */
  requestId: string;
  /** The client's x-request-id when it sent one; kept beside ours, never instead of it. */
  clientRequestId: string | null;
  subject: string;
  clientId: string;
  clientKind: string;
  purpose: string;
  operationName: string | null;
  /** sha256 of the operation text the client sent; may be '' for a refusal before any operation was known. */
  operationHash: string;
  /**
   * For `refused`: the code the caller got (PURPOSE_NOT_ALLOWED, FORBIDDEN, PERSISTED_QUERY_NOT_FOUND,
   * INTROSPECTION_DISABLED, …); null for reads.
   */
  refusal: string | null;
  /** Classified coordinates read or withheld outside any customer (e.g. `Query.accessLog`), or the ones a refusal named. */
  returned: string[];
  masked: string[];
  denied: string[];
  customers: CustomerAccess[];
  /** The searches it ran, if any (absent or empty: none). */
  searches?: AuditSearch[];
}

export type AuditSink = (record: AuditRecord) => void;
