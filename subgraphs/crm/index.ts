import '../../platform/tracing';
import { runStandalone } from '../../platform/run-standalone';
import { readCrmConfig } from './config';
import { startCrmSubgraph } from './server';

/** Runs the crm subgraph on its own. */
runStandalone('crm', readCrmConfig, (config, logger) => startCrmSubgraph({ ...config, logger }));
