import { runStandalone } from '../../../platform/run-standalone';
import { readArchiveApiConfig } from './config';
import { startArchiveApi } from './start-archive-api';

/** Runs the archive records API on its own. */
runStandalone('archive-api', readArchiveApiConfig, (config, logger) => startArchiveApi({ ...config, logger }));
