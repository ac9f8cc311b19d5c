import { Arg, Ctx, Directive, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { Classified } from '../../../subgraph-kit/data-protection';
import { COMMERCE_ACTIVITY, INTERACTION_HISTORY } from '../../../policy/field-classes';
import { listSize } from '../../../subgraph-kit/pagination';
import { FIRST, OFFSET, pageOffset, pageSize } from '../activity-list';
import type { CustomerRow } from '../customer/customer.rows';
import { Customer } from '../customer/customer.type';
import { InteractionKind } from '../enums';
import type { CrmContext } from '../loaders';
import type { InteractionRow, OfferRow } from './relationship.rows';
import { Interaction, Offer } from './relationship.types';

/** The customer's contacts with the company and the offers made to them in the last two years (older records: archive subgraph). */
@Resolver(() => Customer)
export class CustomerRelationshipResolver {
  @Classified(INTERACTION_HISTORY)
  @Directive(listSize.slicedBy('first'))
  @FieldResolver(() => [Interaction], { nullable: true, description: 'Recent enquiries, complaints and support cases, newest first.' })
  interactions(
    @Root() customer: CustomerRow,
    @Arg('first', () => Int, FIRST) first: number,
    @Arg('kind', () => InteractionKind, { nullable: true, description: 'Only this kind.' }) kind: InteractionKind | null,
    @Arg('offset', () => Int, OFFSET) offset: number,
    @Ctx() ctx: CrmContext,
  ): Promise<InteractionRow[]> {
    return ctx.loaders.interactions(pageSize(first), pageOffset(offset), kind ?? undefined).load(customer.id);
  }

  @Classified(COMMERCE_ACTIVITY)
  @Directive(listSize.slicedBy('first'))
  @FieldResolver(() => [Offer], { nullable: true, description: 'Offers made to the customer and their responses, newest first.' })
  offers(
    @Root() customer: CustomerRow,
    @Arg('first', () => Int, FIRST) first: number,
    @Arg('offset', () => Int, OFFSET) offset: number,
    @Ctx() ctx: CrmContext,
  ): Promise<OfferRow[]> {
    return ctx.loaders.offers(pageSize(first), pageOffset(offset)).load(customer.id);
  }
}
