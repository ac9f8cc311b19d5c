import '../../platform/tracing';
import { runStandalone } from '../../platform/run-standalone';
import { privacySubgraph } from './service';

/** Runs the privacy subgraph on its own. */
runStandalone(privacySubgraph.name, privacySubgraph.readConfig, (config, logger) => privacySubgraph.start({ ...config, logger }));
