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

/** Adds decimal amounts exactly (in cents), e.g. the cost of every channel. */
export function sumMoney(amounts: Money[], currency: string): Money {
  const cents = amounts.reduce((sum, { amount }) => sum + toCents(amount), 0n);
  const sign = cents < 0n ? '-' : '';
  const abs = cents < 0n ? -cents : cents;
  return { amount: `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`, currency };
}

function toCents(amount: string): bigint {
  const negative = amount.startsWith('-');
  const [whole, fraction = ''] = amount.replace('-', '').split('.');
  const cents = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0').slice(0, 2));
  return negative ? -cents : cents;
}
