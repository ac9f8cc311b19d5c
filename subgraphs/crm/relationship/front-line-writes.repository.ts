import { ProcessingRestrictedError, UserInputError } from '../../../contracts/errors';
import type { Knex } from '../../../platform/database';
import { bool, isoDateTime } from '../../../platform/sql-values';
import type { Money } from '../../../subgraph-kit/money.type';
import { type InteractionKind, InteractionStatus, OfferResponse } from '../enums';
import { cut, forUpdate, type KeyedAnswer, type Row, recordOnce, sqlNow } from '../writes/keyed-writes';
import type { InteractionRow, OfferRow } from './relationship.rows';
import { interactionRowOf, offerRowOf } from './relationship.repository';

const LOG = 'front_line_writes';

/** Which front-line write a row of the log records (its `kind`). */
export type FrontLineWriteKind = 'log_contact' | 'resolve_case' | 'record_offer' | 'record_offer_response';

/** Who sent a write, with its idempotency key: kept in the log, and a key is only ever replayed to the same caller. */
export interface WriteSender {
  idempotencyKey: string;
  requestedBy: string;
  clientId: string;
  purpose: string;
}

export interface NewContact {
  kind: InteractionKind;
  channel: string;
  businessUnit: string;
  subject: string;
  handlingCost: Money;
}

/** The arguments of each write, as checked by the resolver (texts trimmed). */
export type FrontLineWrite =
  | { kind: 'log_contact'; customerId: string; contact: NewContact }
  | { kind: 'resolve_case'; customerId: string; interactionId: string; status: InteractionStatus; resolution: string }
  | { kind: 'record_offer'; customerId: string; product: string; channel: string }
  | { kind: 'record_offer_response'; customerId: string; offerId: string; response: OfferResponse };

/** Offers settled by these answers are final: an INTERESTED customer may still accept or decline. */
const FINAL_RESPONSES: readonly string[] = [OfferResponse.ACCEPTED, OfferResponse.DECLINED];

/**
 * Writes what the front line recorded to the OLTP, the system of record, over the crm's write
 * connection (OLTP_WRITE_DATABASE_URL): new interactions and offers, a case's resolution, an
 * offer's answer. Each write is one transaction, the interaction or offer and its row in the
 * request log `front_line_writes`, recorded once per idempotency key (writes/keyed-writes.ts); a
 * replay answers the record as the first call answered it. The crm's lists read the OLTP, so the
 * next read shows the write; the warehouse's figures change only at its next load.
 */
export class FrontLineWriteRepository {
  constructor(private readonly db: Knex) {}

  logContact(customerId: string, contact: NewContact, sender: WriteSender): Promise<KeyedAnswer<InteractionRow>> {
    return this.record({ kind: 'log_contact', customerId, contact }, sender, async (trx, now) => {
      await this.customer(trx, customerId);
      const id = await nextId(trx, 'interactions');
      const row: InteractionRow = {
        id: String(id),
        customerId,
        kind: contact.kind,
        channel: contact.channel,
        businessUnit: contact.businessUnit,
        occurredAt: isoDateTime(now)!,
        subject: contact.subject,
        handlingCost: contact.handlingCost,
        status: InteractionStatus.OPEN,
        resolution: null,
      };
      await trx('interactions').insert({
        id,
        customer_id: customerId,
        kind: contact.kind,
        channel: contact.channel,
        business_unit: contact.businessUnit,
        occurred_at: now,
        subject: contact.subject,
        handling_cost: contact.handlingCost.amount,
        status: InteractionStatus.OPEN,
        resolution: null,
      });
      return row;
    });
  }

  resolveCase(
    customerId: string,
    interactionId: string,
    status: InteractionStatus,
    resolution: string,
    sender: WriteSender,
  ): Promise<KeyedAnswer<InteractionRow>> {
    return this.record({ kind: 'resolve_case', customerId, interactionId, status, resolution }, sender, async (trx) => {
      await this.customer(trx, customerId);
      const found: Row | undefined = await forUpdate(
        trx,
        trx('interactions').where({ id: interactionId, customer_id: customerId }),
      ).first();
      // One message for an unknown interaction and another customer's: nothing is told of the other customer.
      if (!found) throw new UserInputError(`Customer ${customerId} has no interaction ${interactionId}`, 'interactionId');
      if (found.status !== InteractionStatus.OPEN)
        throw new UserInputError(`Interaction ${interactionId} is ${found.status} already: only an open one is resolved`, 'interactionId');
      await trx('interactions').where({ id: interactionId, customer_id: customerId }).update({ status, resolution });
      return { ...interactionRowOf(found), status, resolution };
    });
  }

  recordOffer(customerId: string, product: string, channel: string, sender: WriteSender): Promise<KeyedAnswer<OfferRow>> {
    return this.record({ kind: 'record_offer', customerId, product, channel }, sender, async (trx, now) => {
      await this.customer(trx, customerId, { unrestricted: true });
      const id = await nextId(trx, 'offers');
      await trx('offers').insert({ id, customer_id: customerId, product, channel, offered_at: now, response: null, responded_at: null });
      return { id: String(id), customerId, product, channel, offeredAt: isoDateTime(now)!, response: null, respondedAt: null };
    });
  }

  recordOfferResponse(customerId: string, offerId: string, response: OfferResponse, sender: WriteSender): Promise<KeyedAnswer<OfferRow>> {
    return this.record({ kind: 'record_offer_response', customerId, offerId, response }, sender, async (trx, now) => {
      await this.customer(trx, customerId, { unrestricted: true });
      const found: Row | undefined = await forUpdate(trx, trx('offers').where({ id: offerId, customer_id: customerId })).first();
      if (!found) throw new UserInputError(`Customer ${customerId} has no offer ${offerId}`, 'offerId');
      if (FINAL_RESPONSES.includes(found.response))
        throw new UserInputError(`Offer ${offerId} was ${found.response} already: that answer is final`, 'offerId');
      await trx('offers').where({ id: offerId, customer_id: customerId }).update({ response, responded_at: now });
      return { ...offerRowOf(found), response, respondedAt: isoDateTime(now)! };
    });
  }

  /** The customer written, locked until commit (MySQL); unknown → BAD_USER_INPUT; restricted → refused when `unrestricted`. */
  private async customer(trx: Knex.Transaction, customerId: string, need: { unrestricted?: boolean } = {}): Promise<void> {
    const customer: Row | undefined = await forUpdate(
      trx,
      trx('customers').where('id', customerId).select('id', 'processing_restricted'),
    ).first();
    if (!customer) throw new UserInputError(`There is no customer ${customerId}`, 'customerId');
    // Selling to a customer who restricted processing is processing it: offers wait until the restriction is lifted.
    if (need.unrestricted && bool(customer.processing_restricted)) throw new ProcessingRestrictedError();
  }

  private async record<Answer extends { id: string }>(
    write: FrontLineWrite,
    sender: WriteSender,
    apply: (trx: Knex.Transaction, now: string) => Promise<Answer>,
  ): Promise<KeyedAnswer<Answer>> {
    const args = JSON.stringify(write);
    const requestedBy = cut(sender.requestedBy, 200);
    const clientId = cut(sender.clientId, 100);
    const { idempotencyKey } = sender;
    return recordOnce(this.db, {
      log: LOG,
      idempotencyKey,
      sameRequest: (row) =>
        row.kind === write.kind &&
        row.arguments === args &&
        row.requested_by === requestedBy &&
        row.client_id === clientId &&
        row.purpose === sender.purpose,
      replay: (row) => JSON.parse(row.answer) as Answer,
      apply: async (trx) => {
        const now = sqlNow();
        const answer = await apply(trx, now);
        await trx(LOG).insert({
          idempotency_key: idempotencyKey,
          kind: write.kind,
          customer_id: write.customerId,
          record_id: answer.id,
          arguments: args,
          answer: JSON.stringify(answer),
          requested_by: requestedBy,
          client_id: clientId,
          purpose: sender.purpose,
          recorded_at: now,
        });
        return answer;
      },
    });
  }
}

/**
 * The next id of a table whose ids are not generated by the database (the OLTP's own numbering):
 * one more than the highest. Two writes taking the same id collide on the primary key; the one
 * that loses is rolled back and tried again (recordOnce).
 */
async function nextId(trx: Knex.Transaction, table: 'interactions' | 'offers'): Promise<number> {
  const [row] = await trx(table).max({ top: 'id' });
  return Number(row?.top ?? 0) + 1;
}
