import pino, { type Logger } from 'pino';

export type { Logger };

/** One JSON log line per event, tagged with the service that wrote it. */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ name: service, level, base: { service }, timestamp: pino.stdTimeFunctions.isoTime });
}
