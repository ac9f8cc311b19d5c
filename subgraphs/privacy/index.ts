import '../../platform/tracing';
import { runStandalone } from '../../platform/run-standalone';
import { readPrivacyConfig } from './config';
import { startPrivacySubgraph } from './server';

/** Runs the privacy subgraph on its own. */
runStandalone('privacy', readPrivacyConfig, (config, logger) => startPrivacySubgraph({ ...config, logger }));
