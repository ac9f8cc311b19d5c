import { timingSafeEqual } from 'node:crypto';
import { sendGraphQLError } from './graphql-error-response';
import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { ErrorCode } from '../contracts/error-codes';

/** One Prometheus registry per service (several services may share a process under `npm start`). */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}

/**
 * `GET /metrics` in Prometheus' text format. With a token (METRICS_TOKEN, required in
 * production) only a scraper presenting it as a bearer token is answered.
 */
export function metricsEndpoint(registry: Registry, token: string | undefined): RequestHandler {
  return async (req, res) => {
    if (token !== undefined && !presentsToken(req.header('authorization'), token)) {
      return sendGraphQLError(req, res, { status: 401, code: ErrorCode.Unauthenticated, message: 'Metrics need the metrics token' });
    }
    res.setHeader('content-type', registry.contentType);
    res.send(await registry.metrics());
  };
}

/** Does an Authorization header carry this bearer token (compared in constant time)? */
export function presentsToken(authorization: string | undefined, token: string): boolean {
  const presented = Buffer.from(authorization ?? '');
  const expected = Buffer.from(`Bearer ${token}`);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

/**
 * Label values chosen by callers (operation names) are kept to a bounded set, so a
 * client cannot grow the metrics without end; later names are counted as "other".
 */
export class BoundedLabel {
  private readonly seen = new Set<string>();

  constructor(private readonly capacity: number) {}

  of(value: string | null | undefined): string {
    if (!value) return 'anonymous';
    const label = value.slice(0, 100);
    if (this.seen.has(label)) return label;
    if (this.seen.size >= this.capacity) return 'other';
    this.seen.add(label);
    return label;
  }
}
