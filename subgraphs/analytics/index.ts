import '../../platform/tracing';
import { runStandalone } from '../../platform/run-standalone';
import { analyticsSubgraph } from './service';

/** Runs the analytics subgraph on its own. */
runStandalone(analyticsSubgraph.name, analyticsSubgraph.readConfig, (config, logger) => analyticsSubgraph.start({ ...config, logger }));
