import { GraphQLDateTimeISO } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { Money } from '../../../subgraph-kit/money.type';
import { InteractionKind, InteractionStatus, OfferResponse } from '../enums';

@ObjectType({ description: 'A contact with the customer in the last two years: enquiry, complaint or support case.' })
export class Interaction {
  @Field(() => ID, { description: 'Interaction id.' })
  id: string;

  @Field(() => InteractionKind, { description: 'Why the customer got in touch.' })
  kind: InteractionKind;

  @Field({ description: 'Channel used: phone, email, chat or store.' })
  channel: string;

  @Field({ description: 'Business unit that handled it.' })
  businessUnit: string;

  @Field(() => GraphQLDateTimeISO, { description: 'When it happened.' })
  occurredAt: string;

  @Field({ description: 'Short subject line.' })
  subject: string;

  @Field(() => Money, { description: 'What handling it cost the company.' })
  handlingCost: Money;

  @Field(() => InteractionStatus, { description: 'Whether it is still being handled.' })
  status: InteractionStatus;

  @Field(() => String, { nullable: true, description: 'How it was resolved, once resolved.' })
  resolution: string | null;
}

@ObjectType({ description: "An offer made to the customer and the customer's response." })
export class Offer {
  @Field(() => ID, { description: 'Offer id.' })
  id: string;

  @Field({ description: 'Product offered.' })
  product: string;

  @Field({ description: 'Channel the offer went out on.' })
  channel: string;

  @Field(() => GraphQLDateTimeISO, { description: 'When the offer was made.' })
  offeredAt: string;

  @Field(() => OfferResponse, { nullable: true, description: 'The answer, or null while the customer has not answered.' })
  response: OfferResponse | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'When the customer answered.' })
  respondedAt: string | null;
}
