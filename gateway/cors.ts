import cors, { type CorsOptions } from 'cors';
import type { Request, RequestHandler } from 'express';
import type { EnvReader } from '../platform/env-reader';

/**
 * What a browser GraphQL client sends beyond the CORS-safelisted headers: the token, JSON, the
 * caller's purpose and request id, Apollo Server's CSRF-prevention headers and Apollo Client's
 * name and version.
 */
export const CORS_ALLOWED_HEADERS = [
  'authorization',
  'content-type',
  'x-purpose',
  'x-request-id',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'apollographql-client-name',
  'apollographql-client-version',
] as const;

/** What a browser app may read of an answer beyond the safelisted headers: the gateway's request id, and how long to wait after a 429. */
export const CORS_EXPOSED_HEADERS = ['x-request-id', 'retry-after'] as const;

/** How long a browser may keep a preflight's answer, in seconds. */
export const CORS_MAX_AGE_SECONDS = 600;

/**
 * CORS_ORIGINS: the browser origins allowed to call the gateway, comma-separated, each exactly as a
 * browser sends it in `Origin` (`https://app.example.com`, `http://localhost:5173`). None by default,
 * in production and in development alike. `*` is refused: the gateway allows credentials, so every
 * allowed origin is named and echoed.
 */
export function readCorsOrigins(env: EnvReader): string[] {
  const origins: string[] = [];
  for (const entry of env.string('CORS_ORIGINS', '').split(',')) {
    const value = entry.trim();
    if (value === '') continue;
    const problem = originProblem(value);
    if (problem) env.reject(`CORS_ORIGINS: ${problem}`);
    else if (!origins.includes(value)) origins.push(value);
  }
  return origins;
}

function originProblem(value: string): string | undefined {
  const form = 'an origin is scheme://host[:port], http or https, with no path';
  if (value.includes('*')) return `"${value}" is refused: name each origin (${form}); wildcards are not allowed`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `"${value}" is not an origin (${form})`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `"${value}" must use http: or https: (got "${url.protocol}")`;
  if (url.origin !== value) return `"${value}" is not an origin (${form}); did you mean "${url.origin}"?`;
  return undefined;
}

const ALLOWED: CorsOptions = {
  methods: ['GET', 'POST'],
  allowedHeaders: [...CORS_ALLOWED_HEADERS],
  exposedHeaders: [...CORS_EXPOSED_HEADERS],
  credentials: true,
  maxAge: CORS_MAX_AGE_SECONDS,
  optionsSuccessStatus: 204,
};

/**
 * The `cors` middleware for the allow-list: a request from an allowed origin gets that origin
 * echoed in `Access-Control-Allow-Origin` (with `Vary: Origin`, credentials allowed and the exposed
 * headers), and its preflight is answered here, 204, before anything else runs. A request from
 * any other origin, or without one, passes untouched: no CORS header, so a browser keeps the
 * answer from the page, and its preflight goes on like any other OPTIONS request.
 */
export function corsStep(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  return cors<Request>((req, callback) => {
    const origin = req.header('origin');
    if (!origin || !allowed.has(origin)) return callback(null, { origin: false });
    // Only an OPTIONS request asking for a method is a preflight; any other goes on, with the headers.
    const preflight = req.method === 'OPTIONS' && req.header('access-control-request-method') !== undefined;
    callback(null, { ...ALLOWED, origin, preflightContinue: !preflight });
  });
}
