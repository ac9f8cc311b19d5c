import '../platform/tracing';
import { runStandalone } from '../platform/run-standalone';
import { workerSlot } from '../platform/worker-slot';
import { adoptOrphanedSpools, spoolFileForSlot } from './audit/spool-files';
import { readGatewayConfig } from './gateway-config';
import { startGateway } from './gateway-server';

/**
 * Runs the gateway on its own (GATEWAY_PORT, HOST, SUPERGRAPH_PATH, CRM_URL, ARCHIVE_URL,
 * ANALYTICS_URL, …), in GATEWAY_WORKERS processes sharing the port, each with its own audit spool.
 */
runStandalone(
  'gateway',
  readGatewayConfig,
  (config, logger) =>
    startGateway({ ...config, audit: { ...config.audit, spoolFile: spoolFileForSlot(config.audit.spoolFile, workerSlot()) } }, logger),
  {
    workers: (config) => config.workers,
    prepare: (config, logger) => adoptOrphanedSpools(config.audit.spoolFile, config.workers, logger),
  },
);
