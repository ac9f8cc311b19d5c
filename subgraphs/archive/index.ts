import '../../platform/tracing';
import { runStandalone } from '../../platform/run-standalone';
import { readArchiveConfig } from './config';
import { startArchiveSubgraph } from './server';

/** Runs the archive subgraph on its own. */
runStandalone('archive', readArchiveConfig, (config, logger) => startArchiveSubgraph({ ...config, logger }));
