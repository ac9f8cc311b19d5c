import { EnvReader } from './env-reader';
import { type RunningService, stopOnSignals } from './http-service';
import { createLogger, type Logger, readLogLevel } from './logger';

/**
 * Entry point of a service started on its own: reads and validates its
 * configuration (all problems reported at once), starts it, stops it on a signal.
 */
export function runStandalone<Config>(
  name: string,
  readConfig: (env: EnvReader) => Config,
  start: (config: Config, logger: Logger) => Promise<RunningService>,
): void {
  const run = async () => {
    const env = new EnvReader();
    const config = readConfig(env);
    const logLevel = readLogLevel(env);
    env.assertValid();
    const logger = createLogger(name, logLevel);
    const service = await start(config, logger);
    stopOnSignals(() => [service], logger);
  };
  run().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
