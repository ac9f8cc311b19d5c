import type { Knex } from '../../../platform/database';
import { isoDate } from '../../../platform/sql-values';
import { topRowsPerGroup } from '../../../platform/top-rows-per-group';
import { type RecordPresenter, type RecordType, recordPresenter } from './record-types';

interface RecordPage {
  items: Record<string, unknown>[];
  hasMore: boolean;
}

export interface LegacyAccount {
  legacyAccountNumber: string;
  accountNumber: string;
  renumberedOn: string;
}

export interface PagePosition {
  date: string;
  id: number;
}

export class RecordsRepository {
  constructor(private readonly db: Knex) {}

  /** The newest `limit` records of each account, in one statement. */
  async newestPerAccount(
    type: RecordType,
    accountNumbers: string[],
    limit: number,
    present: RecordPresenter = recordPresenter(type),
  ): Promise<Map<string, RecordPage>> {
    const rows: Record<string, unknown>[] = await topRowsPerGroup(this.db, {
      from: type.table,
      key: 'id',
      groupColumn: 'account_number',
      groupKeys: accountNumbers,
      orderBy: [
        { column: type.dateColumn, direction: 'desc' },
        { column: 'id', direction: 'desc' },
      ],
      limit: limit + 1,
    });
    const pages = new Map<string, RecordPage>(accountNumbers.map((account) => [account, { items: [], hasMore: false }]));
    for (const row of rows) {
      // A case-insensitive collation can match a key spelled differently; only exact keys count.
      const page = pages.get(String(row.account_number));
      if (!page) continue;
      if (page.items.length === limit) page.hasMore = true;
      else page.items.push(present(row));
    }
    return pages;
  }

  /** One account's records, newest first, continuing after `after` (keyset). */
  async page(
    type: RecordType,
    accountNumber: string,
    limit: number,
    after?: PagePosition,
    present: RecordPresenter = recordPresenter(type),
  ): Promise<{ page: RecordPage; last?: PagePosition }> {
    const query = this.db(type.table)
      .where('account_number', accountNumber)
      .orderBy([
        { column: type.dateColumn, order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit + 1);
    if (after) {
      query.where((q) =>
        q.where(type.dateColumn, '<', after.date).orWhere((same) => same.where(type.dateColumn, after.date).andWhere('id', '<', after.id)),
      );
    }
    const rows: Record<string, unknown>[] = await query;
    const hasMore = rows.length > limit;
    const kept = rows.slice(0, limit);
    const lastRow = kept[kept.length - 1];
    return {
      page: { items: kept.map(present), hasMore },
      last: hasMore && lastRow ? { date: String(lastRow[type.dateColumn]), id: Number(lastRow.id) } : undefined,
    };
  }

  /** The account a legacy account number became, or undefined when the archive knows no such number. */
  async legacyAccount(legacyAccountNumber: string): Promise<LegacyAccount | undefined> {
    const row = await this.db('legacy_accounts').where('legacy_account_number', legacyAccountNumber).first();
    // A case-insensitive collation matches other spellings; the API's contract is the exact number.
    if (!row || row.legacy_account_number !== legacyAccountNumber) return undefined;
    return legacyAccountOf(row);
  }

  /** The legacy numbers each of these accounts had, in one statement. */
  async legacyAccountsOf(accountNumbers: string[]): Promise<Map<string, LegacyAccount[]>> {
    const rows: Record<string, unknown>[] = await this.db('legacy_accounts')
      .whereIn('account_number', accountNumbers)
      .orderBy('legacy_account_number');
    const byAccount = new Map<string, LegacyAccount[]>(accountNumbers.map((account) => [account, []]));
    for (const row of rows) byAccount.get(String(row.account_number))?.push(legacyAccountOf(row));
    return byAccount;
  }

  async ping(): Promise<void> {
    await this.db.raw('select 1');
  }
}

function legacyAccountOf(row: Record<string, unknown>): LegacyAccount {
  return {
    legacyAccountNumber: String(row.legacy_account_number),
    accountNumber: String(row.account_number),
    renumberedOn: isoDate(row.renumbered_on) as string,
  };
}
