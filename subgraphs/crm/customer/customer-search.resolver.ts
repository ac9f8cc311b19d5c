import { Arg, Ctx, Directive, Field, InputType, Int, Query, Resolver } from 'type-graphql';
import { ForbiddenFieldError, UserInputError } from '../../../contracts/errors';
import { callerOf } from '../../../contracts/principal';
import { mayRead, RESTRICTED_READ_SCOPE } from '../../../policy/access';
import { CUSTOMER_SEARCH } from '../../../policy/field-classes';
import { CUSTOMER_SEARCH_KINDS } from '../../../policy/search-kinds';
import { Classified } from '../../../subgraph-kit/data-protection';
import { listSize } from '../../../subgraph-kit/pagination';
import { emailKey, nameKey, phoneKey } from '../../../systems/oltp/search-keys';
import type { CrmContext } from '../loaders';
import type { CustomerSearchTerm } from './customer.repository';
import type { CustomerRow } from './customer.rows';
import { Customer } from './customer.type';

/** The most customers one search returns, and how many it returns unless told. */
export const MAX_FOUND = 20;
const DEFAULT_FOUND = 10;

/** The longest term of each kind (the columns' lengths); a longer one cannot match and is refused. */
export const SEARCH_TERM_LENGTHS = { accountNumber: 20, email: 160, phone: 40, name: 80, postalCode: 16 } as const;

@InputType({ description: 'A last name (or a full name) with the postal code of one of the addresses.' })
export class NameAndPostalCode {
  @Field(() => String, {
    description:
      'The start of the last name or of the full name ("Müll", "Anna Mül"), case and accents ignored; ' +
      `1 to ${SEARCH_TERM_LENGTHS.name} characters.`,
  })
  name!: string;

  @Field(() => String, {
    description: `The postal code of one of the customer's addresses, exactly; 1 to ${SEARCH_TERM_LENGTHS.postalCode} characters.`,
  })
  postalCode!: string;
}

@InputType({
  description:
    'What the customer on the line gave: exactly one of these. Which kinds a caller may search by depends on their role ' +
    '(account number: customer:read; e-mail, phone, name and postal code: contact:read; sales reps by e-mail only).',
})
export class CustomerSearch {
  @Field(() => String, {
    nullable: true,
    description:
      'An account number ("RT-0010001234"), or a legacy one from an old letter that only the archive still knows ("RT/0001234"), ' +
      `exactly, case ignored; up to ${SEARCH_TERM_LENGTHS.accountNumber} characters.`,
  })
  accountNumber?: string | null;

  @Field(() => String, {
    nullable: true,
    description: `An e-mail address, exactly, case ignored; up to ${SEARCH_TERM_LENGTHS.email} characters.`,
  })
  email?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'A phone number in international form, in any spelling: "+49 30 1234567", "0049-30-123 45 67", "(+49) 301234567" are one number ' +
      '(spaces, dashes, dots, slashes, parentheses ignored; "+" or "00" as international prefix); ' +
      `up to ${SEARCH_TERM_LENGTHS.phone} characters.`,
  })
  phone?: string | null;

  @Field(() => NameAndPostalCode, { nullable: true, description: 'The start of a name with a postal code.' })
  nameAndPostalCode?: NameAndPostalCode | null;
}

type Kind = keyof typeof CUSTOMER_SEARCH_KINDS;
const KIND_NAMES: Record<Kind, string> = {
  accountNumber: 'account number',
  email: 'e-mail address',
  phone: 'phone number',
  nameAndPostalCode: 'name and postal code',
};

@Resolver(() => Customer)
export class CustomerSearchResolver {
  @Classified(CUSTOMER_SEARCH)
  @Directive(listSize.slicedBy('first'))
  @Query(() => [Customer], {
    nullable: true,
    description:
      'Finds the customer on the line by what they can tell: an account number, an e-mail address, a phone number, or a name with a ' +
      `postal code. At most \`first\` customers (1 to ${MAX_FOUND}) in customer-number order; customers whose processing is restricted ` +
      'are found only by the data-protection officer. Every search is in the audit trail with its kind and its term hashed.',
  })
  findCustomers(
    @Arg('by', () => CustomerSearch, { description: 'What to search by: exactly one kind of term.' }) by: CustomerSearch,
    @Arg('first', () => Int, { defaultValue: DEFAULT_FOUND, description: `How many customers at most, 1 to ${MAX_FOUND}.` }) first: number,
    @Ctx() ctx: CrmContext,
  ): Promise<CustomerRow[]> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_FOUND) {
      throw new UserInputError(`first must be between 1 and ${MAX_FOUND}`, 'first');
    }
    const term = searchTermOf(by);
    const caller = callerOf(ctx.principal);
    if (!mayRead(CUSTOMER_SEARCH_KINDS[term.kind], caller)) {
      throw new ForbiddenFieldError(`You may not search customers by ${KIND_NAMES[term.kind]}`);
    }
    return ctx.loaders.customersFound(term, first, caller.scopes.has(RESTRICTED_READ_SCOPE));
  }
}

/** The kind of a search and its term, as the columns hold it; anything but exactly one well-formed term is BAD_USER_INPUT. */
export function searchTermOf(by: CustomerSearch): CustomerSearchTerm {
  const given = (Object.keys(KIND_NAMES) as Kind[]).filter((kind) => by[kind] !== null && by[kind] !== undefined);
  if (given.length !== 1) {
    throw new UserInputError(
      `Search by exactly one of accountNumber, email, phone, nameAndPostalCode (${given.length === 0 ? 'none' : given.join(', ')} given)`,
      'by',
    );
  }
  const kind = given[0];
  if (kind === 'nameAndPostalCode') {
    const { name, postalCode } = by.nameAndPostalCode!;
    const key = nameKey(bounded(name, SEARCH_TERM_LENGTHS.name, 'by.nameAndPostalCode.name'));
    if (key === '') throw new UserInputError('by.nameAndPostalCode.name must hold a letter or a digit', 'by.nameAndPostalCode.name');
    return { kind, nameKey: key, postalCode: bounded(postalCode, SEARCH_TERM_LENGTHS.postalCode, 'by.nameAndPostalCode.postalCode') };
  }
  const value = bounded(by[kind]!, SEARCH_TERM_LENGTHS[kind], `by.${kind}`);
  switch (kind) {
    case 'accountNumber':
      return { kind, accountNumber: value.toUpperCase() };
    case 'email':
      if (!/^[^@\s]+@[^@\s]+$/.test(value)) throw new UserInputError('by.email is not an e-mail address', 'by.email');
      return { kind, emailKey: emailKey(value) };
    case 'phone': {
      const key = phoneKey(value);
      if (key === null || key.length < 4) {
        throw new UserInputError('by.phone is not a phone number (digits, spaces, dashes, parentheses, a leading + or 00)', 'by.phone');
      }
      return { kind, phoneKey: key };
    }
  }
}

/** The term trimmed, neither blank nor longer than its column. */
function bounded(value: string, max: number, argumentName: string): string {
  const trimmed = value.trim();
  if (trimmed === '') throw new UserInputError(`${argumentName} must not be empty`, argumentName);
  if (trimmed.length > max) throw new UserInputError(`${argumentName} is longer than ${max} characters`, argumentName);
  return trimmed;
}
