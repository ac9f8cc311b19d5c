import type { SubgraphContext } from '../../subgraph-kit/context';
import { type BatchObserver, RequestLoaders } from '../../subgraph-kit/loaders';
import {
  type AccountRecords,
  type ArchiveRecordsClient,
  type RecordKind,
  accountsPerLookup,
} from '../../systems/archive/api/archive-records.client';

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

  records<T>(kind: RecordKind, limitPerAccount: number) {
    return this.loaders.one(
      `${kind}:${limitPerAccount}`,
      (accountNumbers: readonly string[]) => this.client.newestPerAccount<T>(kind, accountNumbers, limitPerAccount),
      (records: AccountRecords<T>) => records.accountNumber,
      { maxBatchSize: accountsPerLookup(limitPerAccount) },
    );
  }
}

export type ArchiveContext = SubgraphContext<ArchiveLoaders>;
