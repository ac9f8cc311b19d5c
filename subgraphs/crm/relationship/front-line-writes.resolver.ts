import { Arg, Ctx, Field, ID, InputType, Mutation, Resolver } from 'type-graphql';
import { UserInputError } from '../../../contracts/errors';
import { INTERACTION_WRITE, OFFER_WRITE } from '../../../policy/field-classes';
import { Classified } from '../../../subgraph-kit/data-protection';
import { InteractionKind, InteractionStatus, OfferResponse } from '../enums';
import type { CrmContext } from '../loaders';
import {
  CUSTOMER_ID,
  checkCustomerId,
  checkIdempotencyKey,
  checkOneOf,
  checkRecordId,
  checkText,
  IDEMPOTENCY_KEY,
} from '../writes/write-arguments';
import type { WriteSender } from './front-line-writes.repository';
import { Interaction, Offer } from './relationship.types';

/** The channels a contact comes in on, and offers go out on, as the OLTP codes them. */
export const CONTACT_CHANNELS = ['phone', 'email', 'chat', 'store'] as const;
export const OFFER_CHANNELS = ['email', 'phone', 'post', 'store'] as const;
/** The business units that handle contacts. */
export const BUSINESS_UNITS = ['retail', 'telecom', 'energy', 'insurance'] as const;
/** The columns' lengths (systems/oltp/migrations/003-relationship.ts). */
export const SUBJECT_LENGTH = 160;
export const RESOLUTION_LENGTH = 240;
export const PRODUCT_LENGTH = 80;
/** Handling costs are euros, non-negative, two places at most, below the column's 10 digits. */
const AMOUNT = /^\d{1,8}(\.\d{1,2})?$/;

@InputType({ description: 'An amount of money sent by a client: a decimal string (never a float) and its currency.' })
export class MoneyInput {
  @Field({ description: 'Decimal amount, not negative, at most two places and below 100000000, e.g. "12.50".' })
  amount: string;

  @Field({ description: 'ISO 4217 currency code; the CRM records handling costs in EUR only.' })
  currency: string;
}

@InputType({ description: 'A contact with the customer, as the agent who handled it records it.' })
export class LogContactInput {
  @Field(() => InteractionKind, { description: 'Why the customer got in touch.' })
  kind: InteractionKind;

  @Field({ description: `Channel used: ${CONTACT_CHANNELS.join(', ')}.` })
  channel: string;

  @Field({ description: `Business unit handling it: ${BUSINESS_UNITS.join(', ')}.` })
  businessUnit: string;

  @Field({ description: `Short subject line (1 to ${SUBJECT_LENGTH} characters, not blank).` })
  subject: string;

  @Field(() => MoneyInput, { description: 'What handling it cost the company, in EUR.' })
  handlingCost: MoneyInput;
}

const INTERACTION_ID = { description: 'Id of one of the customer’s interactions (`Customer.interactions { id }`).' };
const OFFER_ID = { description: 'Id of one of the customer’s offers (`Customer.offers { id }`).' };

/**
 * What the front line records as it happens, written to the OLTP: contacts and their resolution
 * (support agents), offers and the customer's answers (sales reps). Each is classified like a field,
 * so the gateway refuses a caller without the scope before anything runs (and the auth checker
 * checks again here), audited as a write record, and idempotent by the client's key.
 */
@Resolver()
export class FrontLineWritesResolver {
  @Classified(INTERACTION_WRITE)
  @Mutation(() => Interaction, {
    nullable: true,
    description: 'Logs a contact with the customer (enquiry, complaint or support case), open; `Customer.interactions` shows it at once.',
  })
  async logContact(
    @Arg('customerId', () => ID, CUSTOMER_ID) customerId: string,
    @Arg('input', () => LogContactInput, { description: 'The contact.' }) input: LogContactInput,
    @Arg('idempotencyKey', () => String, IDEMPOTENCY_KEY) idempotencyKey: string,
    @Ctx() ctx: CrmContext,
  ): Promise<Interaction> {
    checkCustomerId(customerId);
    checkIdempotencyKey(idempotencyKey);
    const contact = {
      kind: input.kind,
      channel: checkOneOf(input.channel, 'input.channel', CONTACT_CHANNELS),
      businessUnit: checkOneOf(input.businessUnit, 'input.businessUnit', BUSINESS_UNITS),
      subject: checkText(input.subject, 'input.subject', SUBJECT_LENGTH),
      handlingCost: checkMoney(input.handlingCost, 'input.handlingCost'),
    };
    const { answer } = await ctx.loaders.recordFrontLineWrite((repo) =>
      repo.logContact(customerId, contact, senderOf(ctx, idempotencyKey)),
    );
    return answer;
  }

  @Classified(INTERACTION_WRITE)
  @Mutation(() => Interaction, {
    nullable: true,
    description:
      "Resolves (or closes) one of the customer's open interactions, saying how; whoever reads `Customer.interactions` next sees it. " +
      'An interaction of another customer, or none, is refused.',
  })
  async resolveCase(
    @Arg('customerId', () => ID, CUSTOMER_ID) customerId: string,
    @Arg('interactionId', () => ID, INTERACTION_ID) interactionId: string,
    @Arg('status', () => InteractionStatus, { description: 'RESOLVED (fixed) or CLOSED (no fix needed); never OPEN.' })
    status: InteractionStatus,
    @Arg('resolution', () => String, { description: `How it was resolved (1 to ${RESOLUTION_LENGTH} characters, not blank).` })
    resolution: string,
    @Arg('idempotencyKey', () => String, IDEMPOTENCY_KEY) idempotencyKey: string,
    @Ctx() ctx: CrmContext,
  ): Promise<Interaction> {
    checkCustomerId(customerId);
    checkRecordId(interactionId, 'interactionId');
    if (status === InteractionStatus.OPEN)
      throw new UserInputError('status must be RESOLVED or CLOSED: a case is resolved or closed', 'status');
    const text = checkText(resolution, 'resolution', RESOLUTION_LENGTH);
    checkIdempotencyKey(idempotencyKey);
    const { answer } = await ctx.loaders.recordFrontLineWrite((repo) =>
      repo.resolveCase(customerId, interactionId, status, text, senderOf(ctx, idempotencyKey)),
    );
    return answer;
  }

  @Classified(OFFER_WRITE)
  @Mutation(() => Offer, {
    nullable: true,
    description:
      'Records an offer made to the customer, not yet answered; `Customer.offers` shows it at once. ' +
      'Refused while processing is restricted.',
  })
  async recordOffer(
    @Arg('customerId', () => ID, CUSTOMER_ID) customerId: string,
    @Arg('product', () => String, { description: `Product offered (1 to ${PRODUCT_LENGTH} characters, not blank).` }) product: string,
    @Arg('channel', () => String, { description: `Channel the offer went out on: ${OFFER_CHANNELS.join(', ')}.` }) channel: string,
    @Arg('idempotencyKey', () => String, IDEMPOTENCY_KEY) idempotencyKey: string,
    @Ctx() ctx: CrmContext,
  ): Promise<Offer> {
    checkCustomerId(customerId);
    const name = checkText(product, 'product', PRODUCT_LENGTH);
    checkOneOf(channel, 'channel', OFFER_CHANNELS);
    checkIdempotencyKey(idempotencyKey);
    const { answer } = await ctx.loaders.recordFrontLineWrite((repo) =>
      repo.recordOffer(customerId, name, channel, senderOf(ctx, idempotencyKey)),
    );
    return answer;
  }

  @Classified(OFFER_WRITE)
  @Mutation(() => Offer, {
    nullable: true,
    description:
      "Records the customer's answer to one of their offers. INTERESTED may later become ACCEPTED or DECLINED; those are final. " +
      'An offer of another customer, or none, is refused; so is any answer while processing is restricted.',
  })
  async recordOfferResponse(
    @Arg('customerId', () => ID, CUSTOMER_ID) customerId: string,
    @Arg('offerId', () => ID, OFFER_ID) offerId: string,
    @Arg('response', () => OfferResponse, { description: 'What the customer answered.' }) response: OfferResponse,
    @Arg('idempotencyKey', () => String, IDEMPOTENCY_KEY) idempotencyKey: string,
    @Ctx() ctx: CrmContext,
  ): Promise<Offer> {
    checkCustomerId(customerId);
    checkRecordId(offerId, 'offerId');
    checkIdempotencyKey(idempotencyKey);
    const { answer } = await ctx.loaders.recordFrontLineWrite((repo) =>
      repo.recordOfferResponse(customerId, offerId, response, senderOf(ctx, idempotencyKey)),
    );
    return answer;
  }
}

function senderOf(ctx: CrmContext, idempotencyKey: string): WriteSender {
  const { principal } = ctx;
  return { idempotencyKey, requestedBy: principal.subject, clientId: principal.clientId, purpose: principal.purpose };
}

/** Money as the OLTP holds a handling cost: EUR, not negative, two places; answered as two places ("12.50"). */
function checkMoney(value: MoneyInput, argumentName: string): { amount: string; currency: string } {
  if (value.currency !== 'EUR')
    throw new UserInputError(`${argumentName}.currency must be EUR: the CRM records costs in euros`, argumentName);
  if (!AMOUNT.test(value.amount))
    throw new UserInputError(
      `${argumentName}.amount must be a decimal string, not negative, with at most two places and below 100000000 (e.g. "12.50")`,
      argumentName,
    );
  const [whole, fraction = ''] = value.amount.split('.');
  return { amount: `${BigInt(whole)}.${fraction.padEnd(2, '0')}`, currency: 'EUR' };
}
