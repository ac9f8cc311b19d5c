import { Directive, Field, ObjectType } from 'type-graphql';
import { decimalString } from '../platform/sql-values';

@Directive('@shareable')
@ObjectType({ description: 'An amount of money. The amount is a decimal string (never a float) so no cent is lost.' })
export class Money {
  @Field({ description: 'Decimal amount with two places, e.g. "1299.90".' })
  amount: string;

  @Field({ description: 'ISO 4217 currency code, e.g. "EUR".' })
  currency: string;
}

export function money(amount: unknown, currency: unknown): Money {
  return { amount: decimalString(amount), currency: String(currency) };
}
