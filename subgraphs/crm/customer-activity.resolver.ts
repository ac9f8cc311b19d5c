import { Arg, Ctx, Directive, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { Classified } from '../../subgraph-kit/data-protection';
import { COMMERCE_ACTIVITY, FINANCIAL, INTERACTION_HISTORY } from '../../policy/field-classes';
import { checkPageSize, listSize } from '../../subgraph-kit/pagination';
import { Invoice, Order, Payment } from './commerce.types';
import type { CrmContext } from './loaders';
import { Customer } from './customer.type';
import { InteractionKind } from './enums';
import { Interaction, Offer } from './relationship.types';

export const MAX_ITEMS_PER_LIST = 50;

const pageSize = (first: number) => checkPageSize(first, { argumentName: 'first', max: MAX_ITEMS_PER_LIST });
const FIRST = { defaultValue: 10, description: `How many, newest first (1 to ${MAX_ITEMS_PER_LIST}).` };

/** What the customer did with the company in the last two years (older records: archive subgraph). */
@Resolver(() => Customer)
export class CustomerActivityResolver {
  @Classified(COMMERCE_ACTIVITY)
  @Directive(listSize.slicedBy('first'))
  @FieldResolver(() => [Order], { nullable: true, description: 'Recent orders, newest first.' })
  orders(@Root() customer: Customer, @Arg('first', () => Int, FIRST) first: number, @Ctx() ctx: CrmContext): Promise<Order[]> {
    return ctx.loaders.orders(pageSize(first)).load(customer.id);
  }

  @Classified(FINANCIAL)
  @Directive(listSize.slicedBy('first'))
  @FieldResolver(() => [Invoice], { nullable: true, description: 'Recent invoices, newest first.' })
  invoices(@Root() customer: Customer, @Arg('first', () => Int, FIRST) first: number, @Ctx() ctx: CrmContext): Promise<Invoice[]> {
    return ctx.loaders.invoices(pageSize(first)).load(customer.id);
  }

  @Classified(FINANCIAL)
  @Directive(listSize.slicedBy('first'))
  @FieldResolver(() => [Payment], { nullable: true, description: 'Recent payments, newest first.' })
  payments(@Root() customer: Customer, @Arg('first', () => Int, FIRST) first: number, @Ctx() ctx: CrmContext): Promise<Payment[]> {
    return ctx.loaders.payments(pageSize(first)).load(customer.id);
  }

  @Classified(INTERACTION_HISTORY)
  @Directive(listSize.slicedBy('first'))
  @FieldResolver(() => [Interaction], { nullable: true, description: 'Recent enquiries, complaints and support cases, newest first.' })
  interactions(
    @Root() customer: Customer,
    @Arg('first', () => Int, FIRST) first: number,
    @Arg('kind', () => InteractionKind, { nullable: true, description: 'Only this kind.' }) kind: InteractionKind | null,
    @Ctx() ctx: CrmContext,
  ): Promise<Interaction[]> {
    return ctx.loaders.interactions(pageSize(first), kind ?? undefined).load(customer.id);
  }

  @Classified(COMMERCE_ACTIVITY)
  @Directive(listSize.slicedBy('first'))
  @FieldResolver(() => [Offer], { nullable: true, description: 'Offers made to the customer and their responses, newest first.' })
  offers(@Root() customer: Customer, @Arg('first', () => Int, FIRST) first: number, @Ctx() ctx: CrmContext): Promise<Offer[]> {
    return ctx.loaders.offers(pageSize(first)).load(customer.id);
  }
}
