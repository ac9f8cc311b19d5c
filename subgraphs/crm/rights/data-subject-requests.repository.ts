import { UserInputError } from '../../../contracts/errors';
import type { Knex } from '../../../platform/database';
import { bool, isoDateTime } from '../../../platform/sql-values';
import { cut, forUpdate, type Row, recordOnce, sqlNow } from '../writes/keyed-writes';
import type { ConsentTopic } from '../enums';
import { DataSubjectRequestKind } from './data-subject-request.types';

const REQUESTS = 'data_subject_requests';

/** A request as the caller sent it, with who sent it. */
export interface NewDataSubjectRequest {
  customerId: string;
  kind: DataSubjectRequestKind;
  topic: ConsentTopic | null;
  reason: string;
  idempotencyKey: string;
  requestedBy: string;
  clientId: string;
  purpose: string;
}

/** A request as recorded; `replayed` when it was recorded by an earlier call with the same key. */
export interface DataSubjectRequestRow {
  id: string;
  customerId: string;
  kind: DataSubjectRequestKind;
  topic: ConsentTopic | null;
  reason: string;
  recordedAt: string;
  replayed: boolean;
}

/**
 * Writes data-subject rights to the OLTP, the system of record, over the crm's write connection
 * (OLTP_WRITE_DATABASE_URL), the only code that does. Each request is one transaction: the change
 * of state (consents, the customer's restriction and erasure columns) and its row in the request
 * log, or neither, recorded once per idempotency key (writes/keyed-writes.ts): a key already
 * recorded answers the first recording and applies nothing, and two calls racing with one key leave one recording.
 */
export class DataSubjectRequestRepository {
  constructor(private readonly db: Knex) {}

  async record(request: NewDataSubjectRequest): Promise<DataSubjectRequestRow> {
    const { answer, replayed } = await recordOnce(this.db, {
      log: REQUESTS,
      idempotencyKey: request.idempotencyKey,
      sameRequest: (row) =>
        String(row.customer_id) === request.customerId &&
        row.kind === request.kind &&
        (row.topic ?? null) === request.topic &&
        row.reason === request.reason &&
        row.requested_by === cut(request.requestedBy, 200) &&
        row.client_id === cut(request.clientId, 200) &&
        row.purpose === request.purpose,
      replay: toRequest,
      apply: (trx) => this.apply(trx, request),
    });
    return { ...answer, replayed };
  }

  private async apply(trx: Knex.Transaction, request: NewDataSubjectRequest): Promise<Omit<DataSubjectRequestRow, 'replayed'>> {
    const now = sqlNow();
    const customers = trx('customers').where('id', request.customerId).select('id', 'processing_restricted', 'erasure_requested_at');
    // MySQL: the customer's row is locked until commit, so two requests about one customer apply one after the other.
    const customer: Row | undefined = await forUpdate(trx, customers).first();
    if (!customer) throw new UserInputError(`There is no customer ${request.customerId}`, 'customerId');
    switch (request.kind) {
      case DataSubjectRequestKind.GRANT_CONSENT:
      case DataSubjectRequestKind.WITHDRAW_CONSENT:
        await setConsent(trx, request.customerId, request.topic!, request.kind === DataSubjectRequestKind.GRANT_CONSENT, now);
        break;
      case DataSubjectRequestKind.RESTRICT_PROCESSING:
        // Already restricted: nothing changes (the restriction keeps its start), the request is recorded all the same.
        if (!bool(customer.processing_restricted))
          await trx('customers').where('id', request.customerId).update({ processing_restricted: true, restricted_at: now });
        break;
      case DataSubjectRequestKind.LIFT_RESTRICTION:
        if (!bool(customer.processing_restricted))
          throw new UserInputError(
            `Processing of customer ${request.customerId} is not restricted: there is nothing to lift`,
            'customerId',
          );
        if (customer.erasure_requested_at !== null)
          throw new UserInputError(
            `Customer ${request.customerId} asked for erasure: processing stays restricted until it is done`,
            'customerId',
          );
        await trx('customers').where('id', request.customerId).update({ processing_restricted: false, restricted_at: null });
        break;
      case DataSubjectRequestKind.REQUEST_ERASURE:
        if (customer.erasure_requested_at !== null)
          throw new UserInputError(`Customer ${request.customerId} already asked for erasure; it is pending`, 'customerId');
        // Processing is restricted until the erasure is done (and the restriction keeps its start when it had one).
        await trx('customers')
          .where('id', request.customerId)
          .update({
            erasure_requested_at: now,
            ...(bool(customer.processing_restricted) ? {} : { processing_restricted: true, restricted_at: now }),
          });
        break;
    }
    const [id] = await trx(REQUESTS).insert({
      customer_id: request.customerId,
      kind: request.kind,
      topic: request.topic,
      reason: request.reason,
      idempotency_key: request.idempotencyKey,
      requested_by: cut(request.requestedBy, 200),
      client_id: cut(request.clientId, 200),
      purpose: request.purpose,
      recorded_at: now,
    });
    return {
      id: String(id),
      customerId: request.customerId,
      kind: request.kind,
      topic: request.topic,
      reason: request.reason,
      recordedAt: isoDateTime(now)!,
    };
  }
}

/** Grants or withdraws one consent; the same choice again changes nothing (it keeps when it was recorded). */
async function setConsent(trx: Knex.Transaction, customerId: string, topic: ConsentTopic, granted: boolean, now: string): Promise<void> {
  const current: Row | undefined = await trx('consents').where({ customer_id: customerId, topic }).first('granted');
  if (!current) await trx('consents').insert({ customer_id: customerId, topic, granted, recorded_at: now });
  else if (bool(current.granted) !== granted)
    await trx('consents').where({ customer_id: customerId, topic }).update({ granted, recorded_at: now });
}

function toRequest(row: Row): Omit<DataSubjectRequestRow, 'replayed'> {
  return {
    id: String(row.id),
    customerId: String(row.customer_id),
    kind: row.kind as DataSubjectRequestKind,
    topic: (row.topic ?? null) as ConsentTopic | null,
    reason: row.reason,
    recordedAt: isoDateTime(row.recorded_at)!,
  };
}
