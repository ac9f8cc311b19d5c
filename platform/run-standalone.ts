import { EnvReader } from './env-reader';
import { type RunningService, stopOnSignals } from './http-service';
import { createLogger, type Logger, readLogLevel } from './logger';
import { isClusterPrimary, runWorkerProcesses } from './worker-processes';

interface StandaloneOptions<Config> {
  /** How many worker processes share the port (node cluster); 1 runs the service in this process. */
  workers?: (config: Config) => number;
  /** Runs once before the service (or its workers) start, never in a worker. */
  prepare?: (config: Config, logger: Logger) => void;
}

/**
 * Entry point of a service started on its own: reads and validates its
 * configuration (all problems reported at once), starts it, stops it on a signal.
 * With more than one worker, this process only supervises them.
 */
export function runStandalone<Config>(
  name: string,
  readConfig: (env: EnvReader) => Config,
  start: (config: Config, logger: Logger) => Promise<RunningService>,
  options: StandaloneOptions<Config> = {},
): void {
  const run = async () => {
    const env = new EnvReader();
    const config = readConfig(env);
    const logLevel = readLogLevel(env);
    env.assertValid();
    const logger = createLogger(name, logLevel);
    const workers = options.workers?.(config) ?? 1;
    if (isClusterPrimary()) options.prepare?.(config, logger);
    if (workers > 1 && isClusterPrimary()) return runWorkerProcesses(workers, logger);
    const service = await start(config, logger);
    stopOnSignals(() => [service], logger);
  };
  run().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
