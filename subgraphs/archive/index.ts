import '../../platform/tracing';
import { runStandalone } from '../../platform/run-standalone';
import { archiveSubgraph } from './service';

/** Runs the archive subgraph on its own. */
runStandalone(archiveSubgraph.name, archiveSubgraph.readConfig, (config, logger) => archiveSubgraph.start({ ...config, logger }));
