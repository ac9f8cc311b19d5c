import type { Knex } from '../../platform/database';
import { decimalString, isoDate, isoDateTime } from '../../platform/sql-values';
import { topRowsPerGroup } from '../../platform/top-rows-per-group';
import { money } from '../../resolvers/money.type';
import type { ChannelCost, MonthlySummary, Profitability, RiskLevel, ScoreSnapshot, ValueTier } from './analytics.types';

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

  async scoreHistory(crmIds: readonly string[]): Promise<ScoreSnapshot[]> {
    const rows: Row[] = await this.scores(crmIds).orderBy([{ column: 'd.crm_customer_id' }, { column: 's.scored_on', order: 'desc' }]);
    return rows.map(toSnapshot);
  }

  /** The newest `last` months with activity, per customer. */
  async monthlySummaries(crmIds: readonly string[], last: number): Promise<MonthlySummary[]> {
    const facts = this.db('fact_customer_month as f')
      .join('dim_customer as d', 'd.customer_key', 'f.customer_key')
      .join('dim_month as m', 'm.month_key', 'f.month_key')
      .select('f.*', 'd.crm_customer_id', 'm.first_day');
    const rows: Row[] = await topRowsPerGroup(this.db, {
      from: facts, groupColumn: 'crm_customer_id', groupKeys: crmIds, limit: last,
      orderBy: [{ column: 'month_key', direction: 'desc' }],
    });
    return rows.map((row) => ({
      customerId: String(row.crm_customer_id), month: isoDate(row.first_day)!, revenue: money(row.revenue, CURRENCY),
      margin: money(row.margin, CURRENCY), orders: Number(row.orders), contacts: Number(row.contacts),
      complaints: Number(row.complaints), costToServe: money(row.cost_to_serve, CURRENCY),
    }));
  }

  /** Contacts and their cost per channel over the warehouse's latest `months` months. */
  async channelCosts(crmIds: readonly string[], months: number): Promise<ChannelCost[]> {
    const rows: Row[] = await this.db('fact_contact_cost as f')
      .join('dim_customer as d', 'd.customer_key', 'f.customer_key')
      .join('dim_channel as c', 'c.channel_key', 'f.channel_key')
      .join(this.latestMonths(months), 'recent.month_key', 'f.month_key')
      .whereIn('d.crm_customer_id', [...crmIds])
      .groupBy('d.crm_customer_id', 'c.name')
      .select('d.crm_customer_id', 'c.name as channel')
      .sum({ contacts: 'f.contacts', cost: 'f.cost' })
      .orderBy([{ column: 'd.crm_customer_id' }, { column: 'cost', order: 'desc' }]);
    return rows.map((row) => {
      const contacts = Number(row.contacts);
      const cost = Number(decimalString(row.cost));
      return {
        customerId: String(row.crm_customer_id), channel: row.channel, contacts, cost: money(cost, CURRENCY),
        costPerContact: money(contacts === 0 ? 0 : cost / contacts, CURRENCY),
      };
    });
  }

  /** Revenue, margin and cost to serve summed over the warehouse's latest `months` months. */
  async profitability(crmIds: readonly string[], months: number): Promise<Profitability[]> {
    const rows: Row[] = await this.db('fact_customer_month as f')
      .join('dim_customer as d', 'd.customer_key', 'f.customer_key')
      .join(this.latestMonths(months), 'recent.month_key', 'f.month_key')
      .whereIn('d.crm_customer_id', [...crmIds])
      .groupBy('d.crm_customer_id')
      .select('d.crm_customer_id')
      .sum({ revenue: 'f.revenue', margin: 'f.margin', cost: 'f.cost_to_serve' });
    return rows.map((row) => {
      const margin = Number(decimalString(row.margin));
      const cost = Number(decimalString(row.cost));
      return {
        customerId: String(row.crm_customer_id), months, revenue: money(row.revenue, CURRENCY), margin: money(margin, CURRENCY),
        costToServe: money(cost, CURRENCY), profit: money(margin - cost, CURRENCY),
      };
    });
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

  private latestMonths(months: number): Knex.QueryBuilder {
    return this.db('dim_month').select('month_key').orderBy('month_key', 'desc').limit(months).as('recent');
  }
}

function toSnapshot(row: Row): ScoreSnapshot {
  return {
    customerId: String(row.crm_customer_id), scoredOn: isoDate(row.scored_on)!, segment: row.segment,
    valueTier: row.value_tier as ValueTier, riskRating: row.risk_rating as RiskLevel, riskSince: isoDate(row.risk_since)!,
    lifetimeValue: money(row.lifetime_value, CURRENCY), churnRisk: Number(row.churn_risk), loadedAt: isoDateTime(row.loaded_at)!,
  };
}
