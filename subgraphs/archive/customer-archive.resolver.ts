import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Directive, FieldResolver, Info, Int, Resolver, Root } from 'type-graphql';
import { Classified } from '../../subgraph-kit/data-protection';
import { COMMERCE_ACTIVITY, FINANCIAL, IDENTITY, INTERACTION_HISTORY } from '../../policy/field-classes';
import { DATA_PROTECTION_SELECTION } from '../../subgraph-kit/external-data-protection';
import { checkOffset, checkPageSize, listSize } from '../../subgraph-kit/pagination';
import { selectedFields } from '../../subgraph-kit/selected-fields';
import type { RecordKind } from '../../systems/archive/api/archive-records.client';
import type { ArchiveContext } from './loaders';
import { ArchivedInteraction, ArchivedInvoice, ArchivedOrder, LegacyAccount } from './archived-records.types';
import { Customer } from './customer.type';

const MAX_ARCHIVED_PER_LIST = 100;

/**
 * The deepest page: each account's newest offset + first records are fetched and merged, and the
 * records API takes at most 1,000 per account, so offset + first stays within 1,000.
 */
const MAX_ARCHIVED_OFFSET = 900;

const FIRST = { defaultValue: 20, description: `How many, newest first (1 to ${MAX_ARCHIVED_PER_LIST}).` };
const OFFSET = { defaultValue: 0, description: `Skip this many of the newest first (0 to ${MAX_ARCHIVED_OFFSET}).` };
const REQUIRES_ACCOUNTS = `@requires(fields: "accounts { accountNumber } ${DATA_PROTECTION_SELECTION}")`;

/**
 * The archive files records by account number, not by customer: the gateway
 * fetches the customer's account numbers from crm (`@requires`), and the
 * records of all the customer's accounts are merged newest first.
 */
@Resolver(() => Customer)
export class CustomerArchiveResolver {
  @Classified(COMMERCE_ACTIVITY)
  @Directive(REQUIRES_ACCOUNTS)
  @Directive(listSize.slicedBy('first'))
  @FieldResolver(() => [ArchivedOrder], {
    nullable: true,
    description: 'Orders older than two years, from the records archive. Null when the archive is unavailable.',
  })
  archivedOrders(
    @Root() customer: Customer,
    @Arg('first', () => Int, FIRST) first: number,
    @Arg('offset', () => Int, OFFSET) offset: number,
    @Ctx() ctx: ArchiveContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    return newestAcrossAccounts<ArchivedOrder>(customer, 'orders', { first, offset }, 'placedAt', ctx, info);
  }

  @Classified(FINANCIAL)
  @Directive(REQUIRES_ACCOUNTS)
  @Directive(listSize.slicedBy('first'))
  @FieldResolver(() => [ArchivedInvoice], {
    nullable: true,
    description: 'Invoices older than two years, from the records archive. Null when the archive is unavailable.',
  })
  archivedInvoices(
    @Root() customer: Customer,
    @Arg('first', () => Int, FIRST) first: number,
    @Arg('offset', () => Int, OFFSET) offset: number,
    @Ctx() ctx: ArchiveContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    return newestAcrossAccounts<ArchivedInvoice>(customer, 'invoices', { first, offset }, 'issuedOn', ctx, info);
  }

  @Classified(INTERACTION_HISTORY)
  @Directive(REQUIRES_ACCOUNTS)
  @Directive(listSize.slicedBy('first'))
  @FieldResolver(() => [ArchivedInteraction], {
    nullable: true,
    description: 'Interactions older than two years, from the records archive. Null when the archive is unavailable.',
  })
  archivedInteractions(
    @Root() customer: Customer,
    @Arg('first', () => Int, FIRST) first: number,
    @Arg('offset', () => Int, OFFSET) offset: number,
    @Ctx() ctx: ArchiveContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    return newestAcrossAccounts<ArchivedInteraction>(customer, 'interactions', { first, offset }, 'occurredAt', ctx, info);
  }

  @Classified(IDENTITY)
  @Directive(REQUIRES_ACCOUNTS)
  @Directive(listSize.assumed(5))
  @FieldResolver(() => [LegacyAccount], {
    nullable: true,
    description:
      "The numbers the customer's accounts had in the systems the OLTP replaced, from the records archive (a few per customer " +
      'at most). Null when the archive is unavailable.',
  })
  legacyAccounts(@Root() customer: Customer, @Ctx() ctx: ArchiveContext): Promise<LegacyAccount[]> {
    return legacyNumbersOf(customer, ctx);
  }
}

/** The legacy numbers of all the customer's accounts, oldest renumbering first. */
async function legacyNumbersOf(customer: Pick<Customer, 'accounts'>, ctx: Pick<ArchiveContext, 'loaders'>): Promise<LegacyAccount[]> {
  const loader = ctx.loaders.legacyAccounts;
  const perAccount = await Promise.all((customer.accounts ?? []).map((account) => loader.load(account.accountNumber)));
  return perAccount
    .flatMap((numbers) => numbers?.legacy ?? [])
    .sort((a, b) => a.renumberedOn.localeCompare(b.renumberedOn) || a.legacyAccountNumber.localeCompare(b.legacyAccountNumber));
}

/**
 * The page [offset, offset + first) of the customer's records merged newest first: any record of
 * that page is among its own account's newest offset + first, so those are all it needs.
 */
export async function newestAcrossAccounts<T extends { id: string }>(
  customer: Pick<Customer, 'accounts'>,
  kind: RecordKind,
  page: { first: number; offset: number },
  dateField: keyof T & string,
  ctx: Pick<ArchiveContext, 'loaders'>,
  info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>,
): Promise<T[]> {
  const first = checkPageSize(page.first, { argumentName: 'first', max: MAX_ARCHIVED_PER_LIST });
  const offset = checkOffset(page.offset, { argumentName: 'offset', max: MAX_ARCHIVED_OFFSET });
  const accountNumbers = (customer.accounts ?? []).map((account) => account.accountNumber);
  // The GraphQL record types' fields are the records API's, name for name; the id and date merge the accounts' records.
  const fields = [...new Set([...selectedFields(info), 'id', dateField])].sort();
  const loader = ctx.loaders.records<T>(kind, offset + first, fields);
  const perAccount = await Promise.all(accountNumbers.map((account) => loader.load(account)));
  const dateOf = (record: T) => record[dateField] as string;
  return perAccount
    .flatMap((records) => records?.items ?? [])
    .sort((a, b) => dateOf(b).localeCompare(dateOf(a)) || Number(b.id) - Number(a.id))
    .slice(offset, offset + first);
}
