import { GraphQLDateTimeISO, GraphQLLocalDate } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Money } from '../../subgraph-kit/money.type';

@ObjectType({ description: 'An order older than the OLTP keeps, from the records archive.' })
export class ArchivedOrder {
  @Field(() => ID, { description: 'Order id (the same id it had in the OLTP).' })
  id: string;

  @Field({ description: 'Account number the order was filed under.' })
  accountNumber: string;

  @Field({ description: 'Order number printed on documents.' })
  orderNumber: string;

  @Field(() => GraphQLDateTimeISO, { description: 'When the order was placed.' })
  placedAt: string;

  @Field({ description: 'Final status: completed or cancelled.' })
  status: string;

  @Field(() => Money, { description: 'Order total.' })
  total: Money;

  @Field(() => Int, { description: 'Number of order lines (the archive keeps no line detail).' })
  lineCount: number;
}

@ObjectType({ description: 'An invoice older than the OLTP keeps, from the records archive.' })
export class ArchivedInvoice {
  @Field(() => ID, { description: 'Invoice id.' })
  id: string;

  @Field({ description: 'Account number the invoice was filed under.' })
  accountNumber: string;

  @Field({ description: 'Invoice number printed on the document.' })
  invoiceNumber: string;

  @Field(() => GraphQLLocalDate, { description: 'Date of issue.' })
  issuedOn: string;

  @Field({ description: 'Final status.' })
  status: string;

  @Field(() => Money, { description: 'Amount invoiced.' })
  amount: Money;
}

@ObjectType({ description: 'An enquiry, complaint or support case older than the OLTP keeps, from the records archive.' })
export class ArchivedInteraction {
  @Field(() => ID, { description: 'Interaction id.' })
  id: string;

  @Field({ description: 'Account number the interaction was filed under.' })
  accountNumber: string;

  @Field({ description: 'enquiry, complaint or support_case.' })
  kind: string;

  @Field({ description: 'Channel used: phone, email, chat or store.' })
  channel: string;

  @Field(() => GraphQLDateTimeISO, { description: 'When it happened.' })
  occurredAt: string;

  @Field({ description: 'Short subject line.' })
  subject: string;

  @Field({ description: 'Final status.' })
  status: string;

  @Field(() => String, { nullable: true, description: 'How it was resolved.' })
  resolution: string | null;

  @Field(() => Money, { description: 'What handling it cost the company.' })
  handlingCost: Money;
}

@ObjectType({
  description:
    "A number of the systems the OLTP replaced, which one of the customer's accounts had before it was renumbered; " +
    'only the records archive still knows it (Query.findCustomers finds the customer by it).',
})
export class LegacyAccount {
  @Field({ description: 'The old number ("RT/0004711"), as customers quote it from old letters.' })
  legacyAccountNumber: string;

  @Field({ description: 'The account it became.' })
  accountNumber: string;

  @Field(() => GraphQLLocalDate, { description: 'When the account was renumbered.' })
  renumberedOn: string;
}
