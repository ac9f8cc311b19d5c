import { Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import { listSize } from '../../../subgraph-kit/pagination';
import { Order, OrderLine } from './commerce.types';
import type { CrmContext } from '../loaders';
import type { OrderLineRow, OrderRow } from './commerce.rows';

@Resolver(() => Order)
export class OrderResolver {
  @Directive(listSize.assumed(10))
  @FieldResolver(() => [OrderLine], { description: 'The products ordered.' })
  lines(@Root() order: OrderRow, @Ctx() ctx: CrmContext): Promise<OrderLineRow[]> {
    return ctx.loaders.orderLines.load(order.id);
  }
}
