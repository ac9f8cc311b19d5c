import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { UserInputError } from '../../../contracts/errors';
import { CONSENT_WRITE, RESTRICTION_WRITE } from '../../../policy/field-classes';
import { Classified } from '../../../subgraph-kit/data-protection';
import { IDEMPOTENCY_KEY_LENGTH, REASON_LENGTH } from '../../../systems/oltp/migrations/004-data-subject-requests';
import type { CustomerRow } from '../customer/customer.rows';
import { Customer } from '../customer/customer.type';
import { ConsentTopic } from '../enums';
import type { CrmContext } from '../loaders';
import { checkCustomerId, checkIdempotencyKey } from '../writes/write-arguments';
import { DataSubjectRequest, DataSubjectRequestKind } from './data-subject-request.types';

const CUSTOMER_ID = { description: 'CRM customer number of the data subject.' };
const IDEMPOTENCY_KEY = {
  description:
    `A key the client makes up for this request (1 to ${IDEMPOTENCY_KEY_LENGTH} letters, digits, ".", "_", ":" or "-"; a UUID, say). ` +
    'Sending it again returns the first recording (`replayed: true`) and applies nothing twice; with other arguments it is refused.',
};
const REASON = {
  description: `Why: free text or a case reference (1 to ${REASON_LENGTH} characters, not blank). Kept in the request log.`,
};
const TOPIC = { description: 'The consent topic: a marketing channel, or profiling.' };

interface Sent {
  customerId: string;
  topic?: ConsentTopic;
  reason: string;
  idempotencyKey: string;
}

/**
 * The data-subject rights as writes to the OLTP, the system of record: consent per topic (support
 * agents on the customer's behalf, and the data-protection officer), restriction of processing and
 * erasure (the data-protection officer). Each is classified like a field, so the gateway refuses a
 * caller without the scope before anything runs, and the auth checker checks again here.
 */
@Resolver(() => DataSubjectRequest)
export class DataSubjectRightsResolver {
  @Classified(CONSENT_WRITE)
  @Mutation(() => DataSubjectRequest, { nullable: true, description: "Records the customer's consent to a topic, at once for every read." })
  grantConsent(
    @Arg('customerId', () => ID, CUSTOMER_ID) customerId: string,
    @Arg('topic', () => ConsentTopic, TOPIC) topic: ConsentTopic,
    @Arg('reason', () => String, REASON) reason: string,
    @Arg('idempotencyKey', () => String, IDEMPOTENCY_KEY) idempotencyKey: string,
    @Ctx() ctx: CrmContext,
  ): Promise<DataSubjectRequest> {
    return record(ctx, DataSubjectRequestKind.GRANT_CONSENT, { customerId, topic, reason, idempotencyKey });
  }

  @Classified(CONSENT_WRITE)
  @Mutation(() => DataSubjectRequest, {
    nullable: true,
    description: 'Records that the customer withdrew their consent to a topic; the fields it gates are withheld from the next read on.',
  })
  withdrawConsent(
    @Arg('customerId', () => ID, CUSTOMER_ID) customerId: string,
    @Arg('topic', () => ConsentTopic, TOPIC) topic: ConsentTopic,
    @Arg('reason', () => String, REASON) reason: string,
    @Arg('idempotencyKey', () => String, IDEMPOTENCY_KEY) idempotencyKey: string,
    @Ctx() ctx: CrmContext,
  ): Promise<DataSubjectRequest> {
    return record(ctx, DataSubjectRequestKind.WITHDRAW_CONSENT, { customerId, topic, reason, idempotencyKey });
  }

  @Classified(RESTRICTION_WRITE)
  @Mutation(() => DataSubjectRequest, {
    nullable: true,
    description: "Restricts the processing of the customer's data: from the next read on, only the data-protection officer reads it.",
  })
  restrictProcessing(
    @Arg('customerId', () => ID, CUSTOMER_ID) customerId: string,
    @Arg('reason', () => String, REASON) reason: string,
    @Arg('idempotencyKey', () => String, IDEMPOTENCY_KEY) idempotencyKey: string,
    @Ctx() ctx: CrmContext,
  ): Promise<DataSubjectRequest> {
    return record(ctx, DataSubjectRequestKind.RESTRICT_PROCESSING, { customerId, reason, idempotencyKey });
  }

  @Classified(RESTRICTION_WRITE)
  @Mutation(() => DataSubjectRequest, {
    nullable: true,
    description: 'Lifts a restriction of processing; refused when none is set, and while an erasure is pending.',
  })
  liftRestriction(
    @Arg('customerId', () => ID, CUSTOMER_ID) customerId: string,
    @Arg('reason', () => String, REASON) reason: string,
    @Arg('idempotencyKey', () => String, IDEMPOTENCY_KEY) idempotencyKey: string,
    @Ctx() ctx: CrmContext,
  ): Promise<DataSubjectRequest> {
    return record(ctx, DataSubjectRequestKind.LIFT_RESTRICTION, { customerId, reason, idempotencyKey });
  }

  @Classified(RESTRICTION_WRITE)
  @Mutation(() => DataSubjectRequest, {
    nullable: true,
    description: "Records the customer's request for erasure and restricts processing until it is done; refused when one is pending.",
  })
  requestErasure(
    @Arg('customerId', () => ID, CUSTOMER_ID) customerId: string,
    @Arg('reason', () => String, REASON) reason: string,
    @Arg('idempotencyKey', () => String, IDEMPOTENCY_KEY) idempotencyKey: string,
    @Ctx() ctx: CrmContext,
  ): Promise<DataSubjectRequest> {
    return record(ctx, DataSubjectRequestKind.REQUEST_ERASURE, { customerId, reason, idempotencyKey });
  }

  @FieldResolver(() => Customer, { nullable: true, description: 'The customer as they are now, the request applied.' })
  customer(@Root() request: DataSubjectRequest, @Ctx() ctx: CrmContext): Promise<CustomerRow | null> {
    return ctx.loaders.customer.load(request.customerId);
  }
}

async function record(ctx: CrmContext, kind: DataSubjectRequestKind, sent: Sent): Promise<DataSubjectRequest> {
  const reason = sent.reason.trim();
  checkCustomerId(sent.customerId);
  if (reason === '') throw new UserInputError('reason must not be blank: say why, or give the case reference', 'reason');
  if (reason.length > REASON_LENGTH) throw new UserInputError(`reason must be at most ${REASON_LENGTH} characters`, 'reason');
  checkIdempotencyKey(sent.idempotencyKey);
  const { principal } = ctx;
  const recorded = await ctx.loaders.recordDataSubjectRequest({
    customerId: sent.customerId,
    kind,
    topic: sent.topic ?? null,
    reason,
    idempotencyKey: sent.idempotencyKey,
    requestedBy: principal.subject,
    clientId: principal.clientId,
    purpose: principal.purpose,
  });
  return recorded;
}
