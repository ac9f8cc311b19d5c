import { runStandalone } from '../../platform/run-standalone';
import { startArchiveSubgraph } from './server';

/** Runs the archive subgraph on its own (ARCHIVE_PORT, HOST, ARCHIVE_API_URL). */
runStandalone(
  'archive',
  (env) => ({
    port: env.port('ARCHIVE_PORT', 4002),
    host: env.string('HOST', '127.0.0.1'),
    archiveApiUrl: env.url('ARCHIVE_API_URL', 'http://127.0.0.1:4010'),
  }),
  (config, logger) => startArchiveSubgraph({ ...config, logger }),
);
