import type { Knex } from '../../../platform/database';
import { bool, isoDateTime } from '../../../platform/sql-values';
import type { ProspectRow } from './prospect.rows';

// biome-ignore lint/suspicious/noExplicitAny: a driver row, read column by column by the mapper that takes it
type Row = Record<string, any>;

export interface ProspectQuery {
  product: string;
  /** `YYYY-MM-DD HH:MM:SS`, UTC, as the OLTP stores times. */
  since: string;
  afterId: number;
  limit: number;
  /** Only prospects who agreed to be contacted. */
  consentingOnly: boolean;
}

/** Enquiries from prospects, read-only: one statement per page (index on product, id, enquired_at). */
export class ProspectRepository {
  constructor(private readonly db: Knex) {}

  async prospects(query: ProspectQuery): Promise<ProspectRow[]> {
    const select = this.db('prospects')
      .where('product', query.product)
      .where('enquired_at', '>=', query.since)
      .where('id', '>', query.afterId)
      .orderBy('id')
      .limit(query.limit);
    if (query.consentingOnly) select.where('contact_consent', true);
    const rows: Row[] = await select;
    return rows.map((row) => ({
      kind: 'prospect',
      id: String(row.id),
      name: row.name,
      email: row.email,
      phone: row.phone ?? null,
      product: row.product,
      enquiredAt: isoDateTime(row.enquired_at)!,
      contactConsent: bool(row.contact_consent),
      sourceChannel: row.source_channel,
    }));
  }
}
