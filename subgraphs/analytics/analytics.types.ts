import { GraphQLLocalDate } from 'graphql-scalars';
import { Directive, Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { listSize } from '../../subgraph-kit/pagination';
import { Money } from '../../subgraph-kit/money.type';

export enum ValueTier {
  GOOD = 'good',
  MARGINAL = 'marginal',
  UNPROFITABLE = 'unprofitable',
}
export enum RiskLevel {
  GOOD = 'good',
  WATCH = 'watch',
  BAD = 'bad',
}

registerEnumType(ValueTier, {
  name: 'ValueTier',
  description: 'What the customer earned the company over the last year, after the cost of serving them.',
  valuesConfig: {
    GOOD: { description: 'Clearly profitable.' },
    MARGINAL: { description: 'Roughly breaks even.' },
    UNPROFITABLE: { description: 'Costs more to serve than they bring.' },
  },
});
registerEnumType(RiskLevel, {
  name: 'RiskLevel',
  description: 'Credit and payment risk.',
  valuesConfig: {
    GOOD: { description: 'Pays reliably.' },
    WATCH: { description: 'Early warning signs.' },
    BAD: { description: 'Defaulting or likely to default.' },
  },
});

@ObjectType({ description: 'The current risk rating and since when it applies.' })
export class RiskRating {
  @Field(() => RiskLevel, { description: 'Rating.' })
  rating: RiskLevel;

  @Field(() => GraphQLLocalDate, { description: 'Since when the customer has had this rating.' })
  since: string;
}

/**
 * A risk rating as one warehouse load gave it. The other scores of that load are
 * profiling data: they are kept here for the resolvers but not exposed through
 * `riskHistory`, which callers with risk but no profiling rights may read.
 */
@ObjectType({ description: 'The risk rating one warehouse load gave the customer.' })
export class ScoreSnapshot {
  @Field(() => GraphQLLocalDate, { description: 'Day of scoring.' })
  scoredOn: string;

  @Field(() => RiskLevel, { description: 'Risk rating.' })
  riskRating: RiskLevel;

  @Field(() => GraphQLLocalDate, { description: 'Since when the risk rating applied.' })
  riskSince: string;

  segment: string;
  valueTier: ValueTier;
  lifetimeValue: Money;
  churnRisk: number;
  loadedAt: string;
  customerId: string;
}

@ObjectType({ description: "One month of the customer's activity, from the warehouse." })
export class MonthlySummary {
  @Field(() => GraphQLLocalDate, { description: 'First day of the month.' })
  month: string;

  @Field(() => Money, { description: 'Revenue.' })
  revenue: Money;

  @Field(() => Money, { description: 'Gross margin.' })
  margin: Money;

  @Field(() => Int, { description: 'Orders placed.' })
  orders: number;

  @Field(() => Int, { description: 'Contacts with the customer (enquiries, complaints, support cases).' })
  contacts: number;

  @Field(() => Int, { description: 'Complaints among the contacts.' })
  complaints: number;

  @Field(() => Money, { description: 'What handling the contacts cost.' })
  costToServe: Money;

  customerId: string;
}

@ObjectType({ description: 'Contacts on one channel and what they cost.' })
export class ChannelCost {
  @Field({ description: 'phone, email, chat or store.' })
  channel: string;

  @Field(() => Int, { description: 'Number of contacts.' })
  contacts: number;

  @Field(() => Money, { description: 'Total handling cost.' })
  cost: Money;

  @Field(() => Money, { description: 'Average cost of one contact.' })
  costPerContact: Money;

  customerId: string;
}

@ObjectType({ description: 'What serving the customer cost over a period, by channel.' })
export class CostToServe {
  @Field(() => Int, { description: 'Length of the period in months, ending with the last complete month.' })
  months: number;

  @Field(() => Money, { description: 'Total cost of all contacts.' })
  total: Money;

  @Field(() => Int, { description: 'Number of contacts.' })
  contacts: number;

  @Directive(listSize.assumed(8))
  @Field(() => [ChannelCost], { description: 'Cost per channel, most expensive first.' })
  byChannel: ChannelCost[];
}

@ObjectType({ description: 'Revenue, margin and cost to serve over a period.' })
export class Profitability {
  @Field(() => Int, { description: 'Length of the period in months, ending with the last complete month.' })
  months: number;

  @Field(() => Money, { description: 'Revenue.' })
  revenue: Money;

  @Field(() => Money, { description: 'Gross margin.' })
  margin: Money;

  @Field(() => Money, { description: 'Cost of serving the customer.' })
  costToServe: Money;

  @Field(() => Money, { description: 'Margin minus cost to serve.' })
  profit: Money;

  customerId: string;
}
