import { runStandalone } from '../../../platform/run-standalone';
import { systemUrlsFrom } from '../../system-urls';
import { startArchiveApi } from './start-archive-api';

/** Runs the archive records API on its own (ARCHIVE_API_PORT, HOST, ARCHIVE_DATABASE_URL). */
runStandalone(
  'archive-api',
  (env) => ({ port: env.port('ARCHIVE_API_PORT', 4010), host: env.string('HOST', '127.0.0.1'), databaseUrl: systemUrlsFrom(env).archive }),
  (config, logger) => startArchiveApi({ ...config, logger }),
);
