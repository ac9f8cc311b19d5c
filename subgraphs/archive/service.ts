import 'reflect-metadata';
import { defineSubgraph } from '../../subgraph-kit/define-subgraph';
import { ArchiveRecordsClient } from '../../systems/archive/api/archive-records.client';
import { archiveApiUrlFrom } from '../../systems/archive/api/config';
import { ArchiveLoaders } from './loaders';
import { buildArchiveSchema } from './schema';

/** The archive subgraph, reading the records archive through its HTTP API. ARCHIVE_PORT, HOST, ARCHIVE_API_URL. */
export const archiveSubgraph = defineSubgraph({
  name: 'archive',
  readSettings: (env) => ({ archiveApiUrl: archiveApiUrlFrom(env) }),
  buildSchema: buildArchiveSchema,
  connect: ({ archiveApiUrl }: { archiveApiUrl: string }) => ({ client: new ArchiveRecordsClient(archiveApiUrl) }),
  createLoaders: ({ client }, _principal, observeBatch) => new ArchiveLoaders(client, observeBatch),
  checkReady: ({ client }) => client.ping(),
  stop: async ({ client }) => client.close(),
});
