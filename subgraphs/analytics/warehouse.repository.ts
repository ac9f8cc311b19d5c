import type { Knex } from '../../platform/database';
import { isoDate, isoDateTime } from '../../platform/sql-values';
import { topRowsPerGroup } from '../../platform/top-rows-per-group';
import { money } from '../../subgraph-kit/money.type';
import type { CustomerListFilter } from './customer-list.types';
import type { ChannelCost, MonthlySummary, Profitability, RiskLevel, ScoreSnapshot, ValueTier } from './analytics.types';

// biome-ignore lint/suspicious/noExplicitAny: a driver row, read column by column by the mapper that takes it
type Row = Record<string, any>;

/** The warehouse reports in one currency. */
const CURRENCY = 'EUR';

/**
 * Reads the star schema. Facts are keyed by the warehouse's own surrogate key; every
 * query joins the customer dimension on the CRM number, so callers only ever pass CRM ids.
 */
export class WarehouseRepository {
  constructor(private readonly db: Knex) {}

  /** Each customer's latest scores (one row per customer, via the score table's primary key). */
  async latestScores(crmIds: readonly string[]): Promise<ScoreSnapshot[]> {
    const rows: Row[] = await this.scores(crmIds).whereRaw(
      's.scored_on = (select max(latest.scored_on) from fact_customer_score latest where latest.customer_key = s.customer_key)',
    );
    return rows.map(toSnapshot);
  }

  /** `last` scorings per customer after its newest `offset`, newest first, one statement per batch. */
  async scoreHistory(crmIds: readonly string[], last: number, offset = 0): Promise<ScoreSnapshot[]> {
    const rows: Row[] = await topRowsPerGroup(this.db, {
      from: this.scores(crmIds),
      groupColumn: 'crm_customer_id',
      groupKeys: crmIds,
      limit: last,
      offset,
      orderBy: [{ column: 'scored_on', direction: 'desc' }],
    });
    return rows.map(toSnapshot);
  }

  /** Each customer's months with activity among the warehouse's `last` months after its newest `offset`, newest first. */
  async monthlySummaries(crmIds: readonly string[], last: number, offset = 0): Promise<MonthlySummary[]> {
    const rows: Row[] = await this.db('fact_customer_month as f')
      .join('dim_customer as d', 'd.customer_key', 'f.customer_key')
      .join('dim_month as m', 'm.month_key', 'f.month_key')
      .join(this.latestMonths(last, offset), 'recent.month_key', 'f.month_key')
      .whereIn('d.crm_customer_id', [...crmIds])
      .select('f.*', 'd.crm_customer_id', 'm.first_day')
      .orderBy([{ column: 'd.crm_customer_id' }, { column: 'f.month_key', order: 'desc' }]);
    return rows.map((row) => ({
      customerId: String(row.crm_customer_id),
      month: isoDate(row.first_day)!,
      revenue: money(row.revenue, CURRENCY),
      margin: money(row.margin, CURRENCY),
      orders: Number(row.orders),
      contacts: Number(row.contacts),
      complaints: Number(row.complaints),
      costToServe: money(row.cost_to_serve, CURRENCY),
    }));
  }

  /** Contacts and their cost per channel over the warehouse's latest `months` months (sums in SQL, as decimals). */
  async channelCosts(crmIds: readonly string[], months: number): Promise<ChannelCost[]> {
    const rows: Row[] = await this.db('fact_contact_cost as f')
      .join('dim_customer as d', 'd.customer_key', 'f.customer_key')
      .join('dim_channel as c', 'c.channel_key', 'f.channel_key')
      .join(this.latestMonths(months), 'recent.month_key', 'f.month_key')
      .whereIn('d.crm_customer_id', [...crmIds])
      .groupBy('d.crm_customer_id', 'c.name')
      .select('d.crm_customer_id', 'c.name as channel', this.db.raw('ROUND(SUM(f.cost) / SUM(f.contacts), 2) as cost_per_contact'))
      .sum({ contacts: 'f.contacts', cost: 'f.cost' })
      .orderBy([{ column: 'd.crm_customer_id' }, { column: 'cost', order: 'desc' }]);
    return rows.map((row) => ({
      customerId: String(row.crm_customer_id),
      channel: row.channel,
      contacts: Number(row.contacts),
      cost: money(row.cost, CURRENCY),
      costPerContact: money(row.cost_per_contact, CURRENCY),
    }));
  }

  /** Revenue, margin and cost to serve summed over the warehouse's latest `months` months. */
  async profitability(crmIds: readonly string[], months: number): Promise<Profitability[]> {
    const rows: Row[] = await this.db('fact_customer_month as f')
      .join('dim_customer as d', 'd.customer_key', 'f.customer_key')
      .join(this.latestMonths(months), 'recent.month_key', 'f.month_key')
      .whereIn('d.crm_customer_id', [...crmIds])
      .groupBy('d.crm_customer_id')
      .select('d.crm_customer_id', this.db.raw('SUM(f.margin) - SUM(f.cost_to_serve) as profit'))
      .sum({ revenue: 'f.revenue', margin: 'f.margin', cost: 'f.cost_to_serve' });
    return rows.map((row) => ({
      customerId: String(row.crm_customer_id),
      months,
      revenue: money(row.revenue, CURRENCY),
      margin: money(row.margin, CURRENCY),
      costToServe: money(row.cost, CURRENCY),
      profit: money(row.profit, CURRENCY),
    }));
  }

  /**
   * One page of the customers a filter selects, in customer-key order after `afterKey`: at most `limit`
   * rows, in one statement however many filters are given. Every filter is a condition on the customer's
   * latest scoring (the score table's primary key finds it) or a correlated aggregate over their own rows of
   * the score history or the monthly facts (primary keys customer_key + scored_on, customer_key + month_key),
   * so a page reads only the customers it passes.
   */
  async customerList(filter: CustomerListFilter, afterKey: number, limit: number): Promise<ListedCustomer[]> {
    const db = this.db;
    const query = db('dim_customer as d')
      .join('fact_customer_score as s', 's.customer_key', 'd.customer_key')
      .whereRaw('s.scored_on = (select max(latest.scored_on) from fact_customer_score latest where latest.customer_key = d.customer_key)')
      .where('d.customer_key', '>', afterKey)
      .select('d.customer_key', 'd.crm_customer_id')
      .orderBy('d.customer_key')
      .limit(limit);
    if (filter.segment != null) query.where('s.segment', filter.segment);
    if (filter.valueTier != null) query.where('s.value_tier', filter.valueTier);
    if (filter.riskRating != null) query.where('s.risk_rating', filter.riskRating);
    if (filter.churnRiskAbove != null) query.where('s.churn_risk', '>', filter.churnRiskAbove);
    if (filter.riskWorsenedSince != null) {
      query.whereRaw(
        `${RISK_RANK('s')} > (select ${RISK_RANK('earlier')} from fact_customer_score earlier ` +
          'where earlier.customer_key = d.customer_key and earlier.scored_on <= ? order by earlier.scored_on desc limit 1)',
        [filter.riskWorsenedSince],
      );
    }
    if (filter.complaints != null) {
      const { atLeast, during } = filter.complaints;
      query.whereRaw(`(${monthlySum('f.complaints')}) >= ?`, [during.from, during.to, atLeast]);
    }
    if (filter.costToServeAboveMargin != null) {
      const { from, to } = filter.costToServeAboveMargin;
      query.whereRaw(`(${monthlySum('f.cost_to_serve - f.margin')}) > 0`, [from, to]);
    }
    const rows: Row[] = await query;
    return rows.map((row) => ({ customerKey: Number(row.customer_key), customerId: String(row.crm_customer_id) }));
  }

  /** The newest load's key: answers change only when it does ('none' before the first load). */
  async currentLoad(): Promise<string> {
    const row = await this.db('warehouse_load').max({ load: 'load_key' }).first();
    return String(row?.load ?? 'none');
  }

  async ping(): Promise<void> {
    await this.db.raw('select 1');
  }

  private scores(crmIds: readonly string[]): Knex.QueryBuilder {
    return this.db('fact_customer_score as s')
      .join('dim_customer as d', 'd.customer_key', 's.customer_key')
      .join('warehouse_load as l', 'l.load_key', 's.load_key')
      .whereIn('d.crm_customer_id', [...crmIds])
      .select('s.*', 'd.crm_customer_id', 'l.loaded_at');
  }

  /** The warehouse's latest complete months (after its newest `offset`): it only holds months that have been loaded. */
  private latestMonths(months: number, offset = 0): Knex.QueryBuilder {
    const latest = this.db('dim_month').select('month_key').orderBy('month_key', 'desc').limit(months);
    return (offset > 0 ? latest.offset(offset) : latest).as('recent');
  }
}

/** A customer a list selected: the warehouse's key (the list's order and cursor) and the CRM number. */
export interface ListedCustomer {
  customerKey: number;
  customerId: string;
}

/** Risk ratings in order of badness, so "turned worse" is a comparison. */
const RISK_RANK = (alias: string) => `(case ${alias}.risk_rating when 'good' then 0 when 'watch' then 1 else 2 end)`;

/** A sum over the customer's monthly facts in a span of months (two bindings: from inclusive, to exclusive); 0 without any. */
const monthlySum = (expression: string) =>
  `select coalesce(sum(${expression}), 0) from fact_customer_month f join dim_month m on m.month_key = f.month_key ` +
  'where f.customer_key = d.customer_key and m.first_day >= ? and m.first_day < ?';

function toSnapshot(row: Row): ScoreSnapshot {
  return {
    customerId: String(row.crm_customer_id),
    scoredOn: isoDate(row.scored_on)!,
    segment: row.segment,
    valueTier: row.value_tier as ValueTier,
    riskRating: row.risk_rating as RiskLevel,
    riskSince: isoDate(row.risk_since)!,
    lifetimeValue: money(row.lifetime_value, CURRENCY),
    churnRisk: Number(row.churn_risk),
    loadedAt: isoDateTime(row.loaded_at)!,
  };
}
