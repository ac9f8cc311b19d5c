import 'reflect-metadata';
import { DEFAULT_PORTS } from '../../contracts/subgraphs';
import { defineSubgraph } from '../../subgraph-kit/define-subgraph';
import { ArchiveRecordsClient } from './archive-records.client';
import { ArchiveLoaders } from './loaders';
import { buildArchiveSchema } from './schema';

/** The archive subgraph, reading the records archive through its HTTP API. ARCHIVE_PORT, HOST, ARCHIVE_API_URL. */
export const archiveSubgraph = defineSubgraph({
  name: 'archive',
  readSettings: (env) => ({ archiveApiUrl: env.url('ARCHIVE_API_URL', `http://127.0.0.1:${DEFAULT_PORTS.archiveApi}`) }),
  buildSchema: buildArchiveSchema,
  connect: ({ archiveApiUrl }: { archiveApiUrl: string }) => ({ client: new ArchiveRecordsClient(archiveApiUrl) }),
  createLoaders: ({ client }, _principal, observeBatch) => new ArchiveLoaders(client, observeBatch),
  checkReady: ({ client }) => client.ping(),
  stop: async ({ client }) => client.close(),
});
