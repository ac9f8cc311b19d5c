import { Arg, Ctx, Directive, Int, Query, Resolver } from 'type-graphql';
import { UserInputError } from '../../contracts/errors';
import { ForbiddenFieldError } from '../../contracts/errors';
import { callerOf } from '../../contracts/principal';
import { consentNeeded, mayRead } from '../../policy/access';
import { PROFILING, PROFILING_LIST, RISK } from '../../policy/field-classes';
import { Classified } from '../../subgraph-kit/data-protection';
import { checkPageSize, decodeCursor, encodeCursor, listSize } from '../../subgraph-kit/pagination';
import { CustomerListFilter, CustomerListPage, type MonthSpan } from './customer-list.types';
import type { AnalyticsContext } from './loaders';

const MAX_CUSTOMERS_PER_PAGE = 100;
/** How many candidates per listed customer a page examines at most for a caller who sees only some. */
const FILTERED_WINDOW = 3;
const SEGMENTS = ['premium', 'mainstream', 'bargain_hunter', 'service_heavy', 'at_risk'];
const MAX_COMPLAINTS = 10_000;
const RESTRICTED_READ = 'restricted:read';

/**
 * The lists the front line works from: customers chosen by their scores and monthly facts in the
 * warehouse. Being in such a list is profiling, so the list is classified as profiling (PROFILING_LIST),
 * and for a caller whose purpose needs the customer's consent to profiling only consenting customers are
 * listed; restricted customers only for restricted:read. Both are read from the crm's system at the time
 * of the request (CrmProtectionReader), and every field of a listed customer is re-checked as usual
 * (`@requires` of the crm's status).
 */
@Resolver()
export class CustomerListResolver {
  @Classified(PROFILING_LIST)
  @Directive(listSize.page('first', 'nodes'))
  @Query(() => CustomerListPage, {
    nullable: true,
    description:
      'Customers chosen by their scores, risk history and monthly facts, as of the last warehouse load, a page at a time ' +
      '(keyset pagination). For sales and marketing only customers who consented to profiling are listed; restricted ' +
      'customers only for callers who may read them. Filters by risk need risk:read.',
  })
  async customersWhere(
    @Arg('where', () => CustomerListFilter, { description: 'Which customers; every filter given must hold.' }) where: CustomerListFilter,
    @Arg('first', () => Int, { defaultValue: 20, description: `Page size, 1 to ${MAX_CUSTOMERS_PER_PAGE}.` }) first: number,
    @Arg('after', () => String, { nullable: true, description: '`pageInfo.endCursor` of the previous page.' }) after: string | null,
    @Ctx() ctx: AnalyticsContext,
  ): Promise<CustomerListPage> {
    const caller = callerOf(ctx.principal);
    checkPageSize(first, { argumentName: 'first', max: MAX_CUSTOMERS_PER_PAGE });
    const afterKey = after == null ? 0 : decodeCursor(after);
    checkFilter(where);
    if ((where.riskRating != null || where.riskWorsenedSince != null) && !mayRead(RISK, caller)) {
      throw new ForbiddenFieldError('Filtering by risk needs risk:read for credit_risk or data_protection');
    }
    const topic = consentNeeded(PROFILING, caller);
    const mayReadRestricted = caller.scopes.has(RESTRICTED_READ);
    const filtered = topic !== undefined || !mayReadRestricted;
    // A filtered caller sees only some candidates: the page examines up to FILTERED_WINDOW × first of them, in the
    // same two statements, so that a page is short only where that many held fewer than `first` the caller may see.
    const window = filtered ? first * FILTERED_WINDOW : first;
    const candidates = await ctx.loaders.customerList(where, afterKey, window + 1);
    const examinable = candidates.slice(0, window);
    const current = filtered
      ? await ctx.loaders.currentProtection(
          examinable.map((c) => c.customerId),
          topic,
        )
      : undefined;
    const mayList = (customerId: string) => {
      if (!current) return true;
      const status = current.get(customerId);
      if (!status) return false;
      return (mayReadRestricted || !status.restricted) && (topic === undefined || status.consented);
    };
    const nodes: Array<{ id: string }> = [];
    let examined = 0;
    while (examined < examinable.length && nodes.length < first) {
      const candidate = examinable[examined++];
      if (mayList(candidate.customerId)) nodes.push({ id: candidate.customerId });
    }
    const last = examinable[examined - 1];
    return {
      nodes,
      pageInfo: { hasNextPage: candidates.length > examined, endCursor: last ? encodeCursor(last.customerKey) : null },
    };
  }
}

function checkFilter(where: CustomerListFilter): void {
  if (where.segment != null && !SEGMENTS.includes(where.segment)) {
    throw new UserInputError(`where.segment must be one of ${SEGMENTS.join(', ')}`, 'where');
  }
  if (where.churnRiskAbove != null && !(where.churnRiskAbove >= 0 && where.churnRiskAbove <= 1)) {
    throw new UserInputError('where.churnRiskAbove must be between 0 and 1', 'where');
  }
  if (where.complaints != null) {
    const { atLeast } = where.complaints;
    if (!Number.isInteger(atLeast) || atLeast < 1 || atLeast > MAX_COMPLAINTS) {
      throw new UserInputError(`where.complaints.atLeast must be between 1 and ${MAX_COMPLAINTS}`, 'where');
    }
    checkSpan(where.complaints.during, 'where.complaints.during');
  }
  if (where.costToServeAboveMargin != null) checkSpan(where.costToServeAboveMargin, 'where.costToServeAboveMargin');
}

function checkSpan(span: MonthSpan, name: string): void {
  // LocalDate values are YYYY-MM-DD, so text order is date order.
  if (!(span.from < span.to)) throw new UserInputError(`${name}.from must be before ${name}.to`, 'where');
}
