import { runStandalone } from '../platform/run-standalone';
import { readGatewayConfig } from './gateway-config';
import { startGateway } from './gateway-server';

/** Runs the gateway on its own (GATEWAY_PORT, HOST, SUPERGRAPH_PATH, CRM_URL, ARCHIVE_URL, ANALYTICS_URL). */
runStandalone('gateway', readGatewayConfig, startGateway);
