import DataLoader from 'dataloader';
import type { SubgraphContext } from '../../resolvers/context';
import { MAX_BATCH_SIZE, RequestLoaders } from '../../resolvers/loaders';
import type { AccountRecords, ArchiveRecordsClient, RecordKind } from './archive-records.client';

/**
 * One archive API call per record kind and page size for all the accounts a
 * request touches, whichever customers they belong to.
 */
export class ArchiveLoaders {
  private readonly loaders = new RequestLoaders();

  constructor(private readonly client: ArchiveRecordsClient) {}

  records<T>(kind: RecordKind, limitPerAccount: number): DataLoader<string, AccountRecords<T>> {
    return this.loaders.get(`${kind}:${limitPerAccount}`, () =>
      new DataLoader<string, AccountRecords<T>>(
        async (accountNumbers) => {
          const results = await this.client.newestPerAccount<T>(kind, accountNumbers, limitPerAccount);
          return accountNumbers.map((account) => results[account] ?? { items: [], hasMore: false });
        },
        { maxBatchSize: MAX_BATCH_SIZE },
      ));
  }
}

export type ArchiveContext = SubgraphContext<ArchiveLoaders>;
