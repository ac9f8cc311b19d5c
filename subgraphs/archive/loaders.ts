import type { SubgraphContext } from '../../subgraph-kit/context';
import { type BatchObserver, RequestLoaders } from '../../subgraph-kit/loaders';
import {
  type AccountLegacyNumbers,
  type AccountRecords,
  type ArchiveRecordsClient,
  type RecordKind,
  accountsPerLookup,
} from '../../systems/archive/api/archive-records.client';
import { MAX_ACCOUNTS_PER_LOOKUP } from '../../systems/archive/api/lookup-limits';

/**
 * One archive API call per record kind and page size for all the accounts a
 * request touches, whichever customers they belong to (split only where the records
 * API's bounds on accounts and on accounts × records per account require it).
 */
export class ArchiveLoaders {
  private readonly loaders: RequestLoaders;

  constructor(
    private readonly client: ArchiveRecordsClient,
    observeBatch: BatchObserver,
  ) {
    this.loaders = new RequestLoaders('records archive', observeBatch);
  }

  /** Each account's newest `limitPerAccount` records of `kind`, holding the `fields` named (sorted, each once). */
  records<T>(kind: RecordKind, limitPerAccount: number, fields: readonly string[]) {
    return this.loaders.one(
      `${kind}:${limitPerAccount}:${fields.join(',')}`,
      (accountNumbers: readonly string[]) => this.client.newestPerAccount<T>(kind, accountNumbers, limitPerAccount, fields),
      (records: AccountRecords<T>) => records.accountNumber,
      { maxBatchSize: accountsPerLookup(limitPerAccount) },
    );
  }

  /** The legacy account numbers of every account the request touches: one call. */
  get legacyAccounts() {
    return this.loaders.one(
      'legacyAccounts',
      (accountNumbers: readonly string[]) => this.client.legacyAccountsOf(accountNumbers),
      (numbers: AccountLegacyNumbers) => numbers.accountNumber,
      { maxBatchSize: MAX_ACCOUNTS_PER_LOOKUP },
    );
  }
}

export type ArchiveContext = SubgraphContext<ArchiveLoaders>;
