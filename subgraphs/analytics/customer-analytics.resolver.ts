import { GraphQLDateTimeISO } from 'graphql-scalars';
import { Arg, Ctx, Directive, FieldResolver, Float, Int, Resolver, Root } from 'type-graphql';
import { Classified } from '../../subgraph-kit/data-protection';
import { PROFILING, RISK } from '../../policy/field-classes';
import { DATA_PROTECTION_SELECTION } from '../../subgraph-kit/external-data-protection';
import { Money, money, sumMoney } from '../../subgraph-kit/money.type';
import { checkOffset, checkPageSize, listSize } from '../../subgraph-kit/pagination';
import type { AnalyticsContext } from './loaders';
import { CostToServe, MonthlySummary, Profitability, RiskRating, ScoreSnapshot, ValueTier } from './analytics.types';
import { Customer } from './customer.type';

/** Restriction and consent come from crm with the reference. */
const REQUIRES_PROTECTION = `@requires(fields: "${DATA_PROTECTION_SELECTION}")`;

/** The warehouse holds two years of monthly facts. */
const MAX_MONTHS = 24;

const MONTHS = { defaultValue: 12, description: `Months back from the last complete month (1 to ${MAX_MONTHS}).` };
const months = (value: number, argumentName: string) => checkPageSize(value, { argumentName, max: MAX_MONTHS });

/** How far back a page of a history can start: a hundred years of months (or monthly scorings). */
const MAX_OFFSET = 1200;

const OFFSET = { defaultValue: 0, description: `Skip this many of the newest first (0 to ${MAX_OFFSET}).` };
const skipped = (value: number) => checkOffset(value, { argumentName: 'offset', max: MAX_OFFSET });

/**
 * What the warehouse knows about a customer. Scores are as of the last warehouse
 * load (`scoresAsOf`); a customer the warehouse has not seen yet has null scores.
 * Every field is nullable so that a warehouse outage nulls these fields only, not
 * the customer the other subgraphs could still answer for.
 */
@Resolver(() => Customer)
export class CustomerAnalyticsResolver {
  @Classified(PROFILING)
  @Directive(REQUIRES_PROTECTION)
  @FieldResolver(() => String, {
    nullable: true,
    description: 'Marketing segment (premium, mainstream, bargain_hunter, service_heavy, at_risk).',
  })
  async segment(@Root() customer: Customer, @Ctx() ctx: AnalyticsContext): Promise<string | null> {
    return (await latest(customer, ctx))?.segment ?? null;
  }

  @Classified(PROFILING)
  @Directive(REQUIRES_PROTECTION)
  @FieldResolver(() => ValueTier, { nullable: true, description: 'Good, marginal or unprofitable over the last year.' })
  async valueTier(@Root() customer: Customer, @Ctx() ctx: AnalyticsContext): Promise<ValueTier | null> {
    return (await latest(customer, ctx))?.valueTier ?? null;
  }

  @Classified(PROFILING)
  @Directive(REQUIRES_PROTECTION)
  @FieldResolver(() => Money, { nullable: true, description: 'Margin minus cost to serve over the whole relationship.' })
  async lifetimeValue(@Root() customer: Customer, @Ctx() ctx: AnalyticsContext): Promise<Money | null> {
    return (await latest(customer, ctx))?.lifetimeValue ?? null;
  }

  @Classified(PROFILING)
  @Directive(REQUIRES_PROTECTION)
  @FieldResolver(() => Float, { nullable: true, description: 'Probability of leaving within a year, 0 to 1.' })
  async churnRisk(@Root() customer: Customer, @Ctx() ctx: AnalyticsContext): Promise<number | null> {
    return (await latest(customer, ctx))?.churnRisk ?? null;
  }

  @Classified(RISK)
  @Directive(REQUIRES_PROTECTION)
  @FieldResolver(() => RiskRating, { nullable: true, description: 'Current credit and payment risk rating.' })
  async riskRating(@Root() customer: Customer, @Ctx() ctx: AnalyticsContext): Promise<RiskRating | null> {
    const scores = await latest(customer, ctx);
    return scores ? { rating: scores.riskRating, since: scores.riskSince } : null;
  }

  @Classified(RISK)
  @Directive(REQUIRES_PROTECTION)
  @Directive(listSize.slicedBy('last'))
  @FieldResolver(() => [ScoreSnapshot], {
    nullable: true,
    description: 'Past risk ratings, newest first: shows customers who were good and turned bad.',
  })
  riskHistory(
    @Root() customer: Customer,
    @Arg('last', () => Int, { defaultValue: 8, description: `How many scorings, newest first (1 to ${MAX_MONTHS}).` }) last: number,
    @Arg('offset', () => Int, OFFSET) offset: number,
    @Ctx() ctx: AnalyticsContext,
  ): Promise<ScoreSnapshot[]> {
    return ctx.loaders.scoreHistory(months(last, 'last'), skipped(offset)).load(customer.id);
  }

  @Classified(PROFILING)
  @Directive(REQUIRES_PROTECTION)
  @FieldResolver(() => GraphQLDateTimeISO, { nullable: true, description: 'When the warehouse load behind these scores finished.' })
  async scoresAsOf(@Root() customer: Customer, @Ctx() ctx: AnalyticsContext): Promise<string | null> {
    return (await latest(customer, ctx))?.loadedAt ?? null;
  }

  @Classified(PROFILING)
  @Directive(REQUIRES_PROTECTION)
  @Directive(listSize.slicedBy('last'))
  @FieldResolver(() => [MonthlySummary], {
    nullable: true,
    description: 'Monthly revenue, margin, contacts and cost to serve in the latest months, newest first (months with activity only).',
  })
  monthlySummaries(
    @Root() customer: Customer,
    @Arg('last', () => Int, MONTHS) last: number,
    @Arg('offset', () => Int, OFFSET) offset: number,
    @Ctx() ctx: AnalyticsContext,
  ): Promise<MonthlySummary[]> {
    return ctx.loaders.monthlySummaries(months(last, 'last'), skipped(offset)).load(customer.id);
  }

  @Classified(PROFILING)
  @Directive(REQUIRES_PROTECTION)
  @FieldResolver(() => CostToServe, { nullable: true, description: 'What contacts with the customer cost, by channel.' })
  async costToServe(
    @Root() customer: Customer,
    @Arg('months', () => Int, MONTHS) period: number,
    @Ctx() ctx: AnalyticsContext,
  ): Promise<CostToServe> {
    const byChannel = await ctx.loaders.channelCosts(months(period, 'months')).load(customer.id);
    return {
      months: period,
      total: sumMoney(
        byChannel.map((channel) => channel.cost),
        'EUR',
      ),
      contacts: byChannel.reduce((sum, channel) => sum + channel.contacts, 0),
      byChannel,
    };
  }

  @Classified(PROFILING)
  @Directive(REQUIRES_PROTECTION)
  @FieldResolver(() => Profitability, { nullable: true, description: 'Revenue, margin, cost to serve and profit over a period.' })
  async profitability(
    @Root() customer: Customer,
    @Arg('months', () => Int, MONTHS) period: number,
    @Ctx() ctx: AnalyticsContext,
  ): Promise<Profitability> {
    const found = await ctx.loaders.profitability(months(period, 'months')).load(customer.id);
    const zero = money(0, 'EUR');
    return found ?? { customerId: customer.id, months: period, revenue: zero, margin: zero, costToServe: zero, profit: zero };
  }
}

function latest(customer: Customer, ctx: AnalyticsContext): Promise<ScoreSnapshot | null> {
  return ctx.loaders.latestScores.load(customer.id);
}
