import { GraphQLDateTimeISO } from 'graphql-scalars';
import { Arg, Ctx, Directive, Int, Query, Resolver } from 'type-graphql';
import { UserInputError } from '../../../contracts/errors';
import { callerOf } from '../../../contracts/principal';
import { consentNeeded } from '../../../policy/access';
import { CONTACT_MASKED_EMAIL, PROSPECTS } from '../../../policy/field-classes';
import { Classified } from '../../../subgraph-kit/data-protection';
import { checkPageSize, decodeCursor, encodeCursor, listSize } from '../../../subgraph-kit/pagination';
import type { CrmContext } from '../loaders';
import type { ProspectRow } from './prospect.rows';
import { Prospect, ProspectPage } from './prospect.types';

const MAX_PROSPECTS_PER_PAGE = 100;
const MAX_PRODUCT_LENGTH = 80;

/**
 * Enquiries from prospects for sales and marketing. A purpose that needs consent to contact a
 * customer (marketing) gets only the prospects who agreed to be contacted: the others are not
 * listed at all, since their name and enquiry are no more theirs to use than their address.
 */
@Resolver(() => Prospect)
export class ProspectResolver {
  @Classified(PROSPECTS)
  @Directive(listSize.page('first', 'nodes'))
  @Query(() => ProspectPage, {
    nullable: true,
    description:
      'Prospects who enquired about a product from a moment on, a page at a time (keyset pagination). For marketing ' +
      'only those who agreed to be contacted.',
  })
  async prospects(
    @Arg('product', () => String, { description: 'The product asked about, as the enquiry names it (Fibre 1000, …).' }) product: string,
    @Arg('since', () => GraphQLDateTimeISO, { description: 'Enquiries at or after this moment.' }) since: Date | string,
    @Arg('first', () => Int, { defaultValue: 20, description: `Page size, 1 to ${MAX_PROSPECTS_PER_PAGE}.` }) first: number,
    @Arg('after', () => String, { nullable: true, description: '`pageInfo.endCursor` of the previous page.' }) after: string | null,
    @Ctx() ctx: CrmContext,
  ): Promise<{ nodes: ProspectRow[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }> {
    checkPageSize(first, { argumentName: 'first', max: MAX_PROSPECTS_PER_PAGE });
    if (product.trim() === '' || product.length > MAX_PRODUCT_LENGTH) {
      throw new UserInputError(`product must be 1 to ${MAX_PRODUCT_LENGTH} characters`, 'product');
    }
    const moment = since instanceof Date ? since : new Date(since);
    if (Number.isNaN(moment.getTime())) throw new UserInputError('since is not a date-time', 'since');
    const afterId = after == null ? 0 : decodeCursor(after);
    const consentingOnly = consentNeeded(CONTACT_MASKED_EMAIL, callerOf(ctx.principal)) !== undefined;
    const rows = await ctx.loaders.prospects({
      product,
      since: moment.toISOString().slice(0, 19).replace('T', ' '),
      afterId,
      limit: first + 1,
      consentingOnly,
    });
    const nodes = rows.slice(0, first);
    const last = nodes[nodes.length - 1];
    return { nodes, pageInfo: { hasNextPage: rows.length > first, endCursor: last ? encodeCursor(Number(last.id)) : null } };
  }
}
