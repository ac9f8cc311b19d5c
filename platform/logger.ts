import pino, { type Logger } from 'pino';
import type { EnvReader } from './env-reader';

export type { Logger };

/** One JSON log line per event, tagged with the service that wrote it. */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ name: service, level, base: { service }, timestamp: pino.stdTimeFunctions.isoTime });
}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function readLogLevel(env: EnvReader): string {
  return env.oneOf('LOG_LEVEL', LEVELS, 'info');
}
