import type { RequestHandler } from 'express';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { sendGraphQLError } from '../../platform/graphql-error-response';
import { requestStateOf } from '../request-state';
import { ErrorCode } from '../../contracts/error-codes';

export interface RateLimitConfig {
  /** Requests per minute for all callers of one client together; 0 = no limit. */
  perClientPerMinute: number;
  /** Requests per minute for one subject of one client; 0 = no limit. */
  perSubjectPerMinute: number;
}

/** What the limiters need from Redis: the node-redis client `@keyv/redis` and `@redis/client` share. */
type RedisClient = object;

export interface RateLimits {
  check: RequestHandler;
}

/**
 * Per-client and per-subject request budgets (a minute each), counted in memory or, with
 * Redis, across every gateway replica. Over budget: HTTP 429 with `Retry-After`. Should
 * Redis fail, each replica falls back to counting on its own rather than refusing traffic.
 */
export function rateLimits(config: RateLimitConfig, redis?: RedisClient, onLimited?: (clientId: string) => void): RateLimits {
  const limiter = (prefix: string, points: number): RateLimiterAbstract | undefined => {
    if (points === 0) return undefined;
    const options = { keyPrefix: `rate:${prefix}`, points, duration: 60 };
    const memory = new RateLimiterMemory(options);
    // useRedisPackage: node-redis v5 is not recognised without it.
    return redis
      ? new RateLimiterRedis({
          ...options,
          storeClient: redis,
          useRedisPackage: true,
          rejectIfRedisNotReady: true,
          insuranceLimiter: memory,
        })
      : memory;
  };
  const perClient = limiter('client', config.perClientPerMinute);
  const perSubject = limiter('subject', config.perSubjectPerMinute);

  const check: RequestHandler = async (req, res, next) => {
    const { principal } = requestStateOf(res);
    if (!principal) return next();
    try {
      await Promise.all([perClient?.consume(principal.clientId), perSubject?.consume(`${principal.clientId}:${principal.subject}`)]);
      next();
    } catch (error) {
      // Over budget is a RateLimiterRes; anything else (a store failure) is a real error.
      if (!(error instanceof RateLimiterRes)) return next(error);
      onLimited?.(principal.clientId);
      const retryAfter = Math.max(1, Math.ceil((error as RateLimiterRes).msBeforeNext / 1000));
      res.setHeader('Retry-After', String(retryAfter));
      sendGraphQLError(req, res, {
        status: 429,
        code: ErrorCode.RateLimited,
        message: `Too many requests; try again in ${retryAfter} s`,
        extensions: { retryAfterSeconds: retryAfter },
      });
    }
  };
  return { check };
}
