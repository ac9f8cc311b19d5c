import { Arg, Ctx, Directive, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { Classified } from '../../../subgraph-kit/data-protection';
import { CONSENT_CHOICES, CONTACT_POSTAL, IDENTITY, IDENTITY_HOUSEHOLD } from '../../../policy/field-classes';
import { crmProtectionStatus } from '../protection';
import { checkPageSize, decodeCursor, encodeCursor, listSize } from '../../../subgraph-kit/pagination';
import type { CrmContext } from '../loaders';
import type { AccountRow, AddressRow, ConsentRow, CustomerRow, HouseholdRow } from './customer.rows';
import { CustomerPage, type PageInfo } from './customer-page.type';
import { Customer } from './customer.type';
import { Account, Address, Consent, DataProtectionStatus, Household, ProcessingRestriction } from './profile.types';

const MAX_CUSTOMERS_PER_PAGE = 100;

/** Customer numbers are digits; anything else cannot name a customer, so it is not looked up. */
function isCustomerNumber(id: string): boolean {
  return /^\d{1,15}$/.test(id);
}

@Resolver(() => Customer)
export class CustomerResolver {
  @Classified(IDENTITY)
  @Query(() => Customer, { nullable: true, description: 'One customer by CRM customer number; null when there is none.' })
  customer(
    @Arg('id', () => ID, { description: 'CRM customer number.' }) id: string,
    @Ctx() ctx: CrmContext,
  ): Promise<CustomerRow | null> | null {
    return isCustomerNumber(id) ? ctx.loaders.customer.load(id) : null;
  }

  @Classified(IDENTITY)
  @Directive(listSize.page('first', 'nodes'))
  @Query(() => CustomerPage, { nullable: true, description: 'Customers in customer-number order, a page at a time (keyset pagination).' })
  async customers(
    @Arg('first', () => Int, { defaultValue: 20, description: `Page size, 1 to ${MAX_CUSTOMERS_PER_PAGE}.` }) first: number,
    @Arg('after', () => String, { nullable: true, description: '`pageInfo.endCursor` of the previous page.' }) after: string | null,
    @Ctx() ctx: CrmContext,
  ): Promise<{ nodes: CustomerRow[]; pageInfo: PageInfo }> {
    checkPageSize(first, { argumentName: 'first', max: MAX_CUSTOMERS_PER_PAGE });
    const afterId = after == null ? undefined : decodeCursor(after);
    const rows = await ctx.loaders.customerPage(afterId, first + 1);
    const nodes = rows.slice(0, first);
    for (const customer of nodes) ctx.loaders.customer.prime(customer.id, customer);
    const last = nodes[nodes.length - 1];
    return { nodes, pageInfo: { hasNextPage: rows.length > first, endCursor: last ? encodeCursor(Number(last.id)) : null } };
  }

  @Classified(IDENTITY_HOUSEHOLD)
  @FieldResolver(() => Household, { nullable: true, description: 'The household the customer belongs to, if any.' })
  household(@Root() customer: CustomerRow, @Ctx() ctx: CrmContext): Promise<HouseholdRow | null> | null {
    return customer.householdId === null ? null : ctx.loaders.household.load(customer.householdId);
  }

  // Any caller who may see the customer may see the account numbers: the archive needs them to find records.
  @Classified(IDENTITY)
  @Directive(listSize.assumed(5))
  @FieldResolver(() => [Account], { nullable: true, description: "The customer's accounts with the business units." })
  accounts(@Root() customer: CustomerRow, @Ctx() ctx: CrmContext): Promise<AccountRow[]> {
    return ctx.loaders.accounts.load(customer.id);
  }

  @Classified(CONTACT_POSTAL)
  @Directive(listSize.assumed(5))
  @FieldResolver(() => [Address], { nullable: true, description: 'Postal addresses.' })
  addresses(@Root() customer: CustomerRow, @Ctx() ctx: CrmContext): Promise<AddressRow[]> {
    return ctx.loaders.addresses.load(customer.id);
  }

  @Classified(CONSENT_CHOICES)
  @Directive(listSize.assumed(5))
  @FieldResolver(() => [Consent], { nullable: true, description: 'Current consent choices, one per channel and for profiling.' })
  consents(@Root() customer: CustomerRow, @Ctx() ctx: CrmContext): Promise<ConsentRow[]> {
    return ctx.loaders.consents.load(customer.id);
  }

  @Classified(CONSENT_CHOICES)
  @FieldResolver(() => ProcessingRestriction, { nullable: true, description: "Whether processing of this customer's data is restricted." })
  restriction(@Root() customer: CustomerRow): ProcessingRestriction {
    return {
      restricted: customer.processingRestricted,
      since: customer.restrictedAt,
      erasureRequested: customer.erasureRequestedAt !== null,
      erasureRequestedAt: customer.erasureRequestedAt,
    };
  }

  // Not in the API: only the other subgraphs read it (through @requires) to apply the rules.
  @Directive('@inaccessible')
  @FieldResolver(() => DataProtectionStatus, {
    description: 'What the customer decided about the processing of their data, for the other subgraphs to apply the rules.',
  })
  dataProtection(@Root() customer: CustomerRow, @Ctx() ctx: CrmContext): Promise<DataProtectionStatus> | DataProtectionStatus {
    return crmProtectionStatus(customer, ctx, true);
  }
}
