import pino, { type Logger } from 'pino';
import type { EnvReader } from './env-reader';
import { workerSlot } from './worker-slot';

export type { Logger };

/** One JSON log line per event, tagged with the service (and, in a worker process, the worker slot) that wrote it. */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  const worker = workerSlot();
  return pino({
    name: service,
    level,
    base: worker === undefined ? { service } : { service, worker },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function readLogLevel(env: EnvReader): string {
  return env.oneOf('LOG_LEVEL', LEVELS, 'info');
}
