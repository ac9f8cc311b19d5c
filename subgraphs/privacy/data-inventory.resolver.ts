import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { UserInputError } from '../../contracts/errors';
import { inventoryDaysProblem, MAX_INVENTORY_DAYS } from '../../policy/data-inventory';
import { DATA_INVENTORY } from '../../policy/field-classes';
import { Classified } from '../../subgraph-kit/data-protection';
import type { PrivacyContext } from './loaders';
import { DataInventory } from './data-inventory.type';

@Resolver()
export class DataInventoryResolver {
  @Classified(DATA_INVENTORY)
  @Query(() => DataInventory, {
    nullable: true,
    description:
      'The data inventory: every classified field, where it lives, who may read it and how, who read it over the last `days` ' +
      '(from the audit trail), and how complete (coverage) and recent (freshness) the systems are: counts, never a value. ' +
      'The same as `npm run -s data:inventory -- --json`.',
  })
  async dataInventory(
    @Arg('days', () => Int, { defaultValue: 30, description: `The period reads are counted over, 1 to ${MAX_INVENTORY_DAYS} days.` })
    days: number,
    @Ctx() ctx: PrivacyContext,
  ): Promise<DataInventory> {
    const problem = inventoryDaysProblem(days);
    if (problem) throw new UserInputError(problem, 'days');
    return ctx.loaders.dataInventory(days);
  }
}
