import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, Float, InputType, Int, ObjectType } from 'type-graphql';
import { RiskLevel, ValueTier } from './analytics.types';
import { Customer } from './customer.type';

@InputType({ description: "A span of the warehouse's months: those whose first day is on or after `from` and before `to`." })
export class MonthSpan {
  @Field(() => GraphQLLocalDate, { description: 'First day counted (inclusive); a month counts when its first day is on or after it.' })
  from: string;

  @Field(() => GraphQLLocalDate, { description: 'End of the span (exclusive); after `from`.' })
  to: string;
}

@InputType({ description: 'At least `atLeast` complaints over the months of a span (serial complainers), from the monthly facts.' })
export class ComplaintsFilter {
  @Field(() => Int, { description: 'The fewest complaints, summed over the span (1 to 10000).' })
  atLeast: number;

  @Field(() => MonthSpan, { description: 'The months counted.' })
  during: MonthSpan;
}

/**
 * Which customers `customersWhere` lists, as of the last warehouse load. Every filter given must hold;
 * none given lists every scored customer. Filters by risk (`riskRating`, `riskWorsenedSince`) need what
 * reading the risk rating needs (risk:read, for credit_risk or data_protection).
 */
@InputType({ description: 'Which customers to list, from their latest scores and monthly facts; every filter given must hold.' })
export class CustomerListFilter {
  @Field(() => String, {
    nullable: true,
    description: 'Marketing segment of the latest scoring: premium, mainstream, bargain_hunter, service_heavy or at_risk.',
  })
  segment?: string | null;

  @Field(() => ValueTier, { nullable: true, description: 'Value tier of the latest scoring.' })
  valueTier?: ValueTier | null;

  @Field(() => RiskLevel, { nullable: true, description: 'Risk rating of the latest scoring (needs risk:read).' })
  riskRating?: RiskLevel | null;

  @Field(() => GraphQLLocalDate, {
    nullable: true,
    description:
      'Customers whose latest risk rating is worse than the one they had on this day (their last scoring on or before it): ' +
      'the good customers who turned bad (needs risk:read). Customers first scored after it are not listed.',
  })
  riskWorsenedSince?: string | null;

  @Field(() => Float, { nullable: true, description: 'Churn risk of the latest scoring strictly above this, 0 to 1.' })
  churnRiskAbove?: number | null;

  @Field(() => ComplaintsFilter, { nullable: true, description: 'At least this many complaints over a span of months.' })
  complaints?: ComplaintsFilter | null;

  @Field(() => MonthSpan, { nullable: true, description: 'Cost to serve above the gross margin, both summed over this span of months.' })
  costToServeAboveMargin?: MonthSpan | null;
}

@ObjectType({ description: 'Where a page of a customer list ends and whether more follow.' })
export class CustomerListPageInfo {
  @Field({ description: 'True when another page follows.' })
  hasNextPage: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` (with the same filter) to get the next page.' })
  endCursor: string | null;
}

@ObjectType({
  description:
    'A page of a customer list in warehouse order. A page holds at most `first` customers, fewer when some of the ' +
    'customers it passed may not be listed to the caller (no consent, restricted): follow `hasNextPage`, not the count.',
})
export class CustomerListPage {
  @Field(() => [Customer], { description: 'The customers of this page; every other subgraph adds its fields as usual.' })
  nodes: Customer[];

  @Field(() => CustomerListPageInfo, { description: 'How to continue.' })
  pageInfo: CustomerListPageInfo;
}
