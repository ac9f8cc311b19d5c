import { Arg, Ctx, Directive, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { Classified } from '../../../subgraph-kit/data-protection';
import { COMMERCE_ACTIVITY, FINANCIAL } from '../../../policy/field-classes';
import { listSize } from '../../../subgraph-kit/pagination';
import { FIRST, OFFSET, pageOffset, pageSize } from '../activity-list';
import type { CustomerRow } from '../customer/customer.rows';
import { Customer } from '../customer/customer.type';
import type { CrmContext } from '../loaders';
import type { InvoiceRow, OrderRow, PaymentRow } from './commerce.rows';
import { Invoice, Order, Payment } from './commerce.types';

/** What the customer bought and paid in the last two years (older records: archive subgraph). */
@Resolver(() => Customer)
export class CustomerCommerceResolver {
  @Classified(COMMERCE_ACTIVITY)
  @Directive(listSize.slicedBy('first'))
  @FieldResolver(() => [Order], { nullable: true, description: 'Recent orders, newest first.' })
  orders(
    @Root() customer: CustomerRow,
    @Arg('first', () => Int, FIRST) first: number,
    @Arg('offset', () => Int, OFFSET) offset: number,
    @Ctx() ctx: CrmContext,
  ): Promise<OrderRow[]> {
    return ctx.loaders.orders(pageSize(first), pageOffset(offset)).load(customer.id);
  }

  @Classified(FINANCIAL)
  @Directive(listSize.slicedBy('first'))
  @FieldResolver(() => [Invoice], { nullable: true, description: 'Recent invoices, newest first.' })
  invoices(
    @Root() customer: CustomerRow,
    @Arg('first', () => Int, FIRST) first: number,
    @Arg('offset', () => Int, OFFSET) offset: number,
    @Ctx() ctx: CrmContext,
  ): Promise<InvoiceRow[]> {
    return ctx.loaders.invoices(pageSize(first), pageOffset(offset)).load(customer.id);
  }

  @Classified(FINANCIAL)
  @Directive(listSize.slicedBy('first'))
  @FieldResolver(() => [Payment], { nullable: true, description: 'Recent payments, newest first.' })
  payments(
    @Root() customer: CustomerRow,
    @Arg('first', () => Int, FIRST) first: number,
    @Arg('offset', () => Int, OFFSET) offset: number,
    @Ctx() ctx: CrmContext,
  ): Promise<PaymentRow[]> {
    return ctx.loaders.payments(pageSize(first), pageOffset(offset)).load(customer.id);
  }
}
