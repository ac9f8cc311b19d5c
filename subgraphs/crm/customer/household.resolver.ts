import { Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import { listSize } from '../../../subgraph-kit/pagination';
import type { CrmContext } from '../loaders';
import { Customer } from './customer.type';
import type { CustomerRow, HouseholdRow } from './customer.rows';
import { Household } from './profile.types';

@Resolver(() => Household)
export class HouseholdResolver {
  @Directive(listSize.assumed(6))
  @FieldResolver(() => [Customer], { description: 'Customers in this household.' })
  members(@Root() household: HouseholdRow, @Ctx() ctx: CrmContext): Promise<CustomerRow[]> {
    return ctx.loaders.householdMembers.load(household.id);
  }
}
