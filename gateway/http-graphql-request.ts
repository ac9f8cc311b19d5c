import { parse as parseUrl } from 'node:url';
import { HeaderMap, type HTTPGraphQLRequest } from '@apollo/server';
import type { Request } from 'express';

/**
 * The request as it came, in the shape Apollo Server executes (as its express integration reads
 * it): method, headers (a repeated one joined with `, `, as the Fetch API joins them), the URL's
 * query string, and the body as the body step parsed it.
 */
export function httpGraphQLRequestOf(req: Request): HTTPGraphQLRequest {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  return { method: req.method.toUpperCase(), headers, search: parseUrl(req.url).search ?? '', body: req.body };
}
