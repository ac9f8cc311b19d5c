import { GraphQLDateTimeISO, GraphQLLocalDate } from 'graphql-scalars';
import { Classified } from '../../../subgraph-kit/data-protection';
import { FINANCIAL_MASKED_CARD, FINANCIAL_MASKED_IBAN } from '../../../policy/field-classes';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Money } from '../../../subgraph-kit/money.type';
import { InvoiceStatus, OrderStatus, PaymentMethod } from '../enums';

@ObjectType({ description: 'An order placed in the last two years (older ones are in `archivedOrders`).' })
export class Order {
  @Field(() => ID, { description: 'Order id.' })
  id: string;

  @Field({ description: 'Order number printed on documents.' })
  orderNumber: string;

  @Field(() => GraphQLDateTimeISO, { description: 'When the order was placed.' })
  placedAt: string;

  @Field(() => OrderStatus, { description: 'Where the order is in its life cycle.' })
  status: OrderStatus;

  @Field(() => Money, { description: 'Order total including all lines.' })
  total: Money;
}

@ObjectType({ description: 'One product line of an order.' })
export class OrderLine {
  @Field(() => Int, { description: 'Position in the order, from 1.' })
  lineNumber: number;

  @Field({ description: 'Stock keeping unit.' })
  sku: string;

  @Field({ description: 'Product description.' })
  description: string;

  @Field(() => Int, { description: 'Number of units.' })
  quantity: number;

  @Field(() => Money, { description: 'Price of one unit.' })
  unitPrice: Money;
}

@ObjectType({ description: 'An invoice issued in the last two years.' })
export class Invoice {
  @Field(() => ID, { description: 'Invoice id.' })
  id: string;

  @Field({ description: 'Invoice number printed on the document.' })
  invoiceNumber: string;

  @Field(() => GraphQLLocalDate, { description: 'Date of issue.' })
  issuedOn: string;

  @Field(() => GraphQLLocalDate, { description: 'Date payment is due.' })
  dueOn: string;

  @Field(() => Money, { description: 'Amount invoiced.' })
  amount: Money;

  @Field(() => InvoiceStatus, { description: 'Whether the invoice has been paid.' })
  status: InvoiceStatus;
}

@ObjectType({ description: 'A payment received from the customer.' })
export class Payment {
  @Field(() => ID, { description: 'Payment id.' })
  id: string;

  @Field(() => GraphQLDateTimeISO, { description: 'When the money arrived.' })
  paidAt: string;

  @Field(() => Money, { description: 'Amount paid.' })
  amount: Money;

  @Field(() => PaymentMethod, { description: 'How the customer paid.' })
  method: PaymentMethod;

  @Classified(FINANCIAL_MASKED_CARD)
  @Field(() => String, { nullable: true, description: 'Last four digits of the card, for card payments.' })
  cardLast4: string | null;

  @Classified(FINANCIAL_MASKED_IBAN)
  @Field(() => String, { nullable: true, description: 'IBAN debited, for SEPA direct debits.' })
  iban: string | null;
}
