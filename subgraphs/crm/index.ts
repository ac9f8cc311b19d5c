import '../../platform/tracing';
import { runStandalone } from '../../platform/run-standalone';
import { crmSubgraph } from './service';

/** Runs the crm subgraph on its own. */
runStandalone(crmSubgraph.name, crmSubgraph.readConfig, (config, logger) => crmSubgraph.start({ ...config, logger }));
