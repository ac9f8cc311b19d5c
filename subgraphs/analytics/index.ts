import '../../platform/tracing';
import { runStandalone } from '../../platform/run-standalone';
import { readAnalyticsConfig } from './config';
import { startAnalyticsSubgraph } from './server';

/** Runs the analytics subgraph on its own. */
runStandalone('analytics', readAnalyticsConfig, (config, logger) => startAnalyticsSubgraph({ ...config, logger }));
