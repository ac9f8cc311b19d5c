import type { Request, Response } from 'express';
import type { ErrorCodeValue } from '../contracts/error-codes';
import { errorEnvelope } from '../contracts/error-envelope';

/** An error answered before GraphQL runs, with the HTTP status it goes with. */
interface GraphQLErrorResponse {
  status: number;
  code: ErrorCodeValue;
  message: string;
  /** More of `extensions` than the code (never anything internal). */
  extensions?: Record<string, unknown>;
}

const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';

const refusals = new WeakMap<Response, { status: number; code: ErrorCodeValue }>();

/** The status and code a response was refused with by `sendGraphQLError`, if it was. */
export function refusalOf(res: Response): { status: number; code: ErrorCodeValue } | undefined {
  return refusals.get(res);
}

/**
 * The one way a service answers with a GraphQL error before GraphQL runs: the GraphQL
 * over HTTP envelope, in the media type the client prefers (`application/json` unless it
 * asks for `application/graphql-response+json` before it), never cached.
 */
export function sendGraphQLError(req: Request, res: Response, error: GraphQLErrorResponse): void {
  refusals.set(res, { status: error.status, code: error.code });
  const mediaType =
    req.accepts(['application/json', GRAPHQL_RESPONSE_JSON]) === GRAPHQL_RESPONSE_JSON ? GRAPHQL_RESPONSE_JSON : 'application/json';
  res
    .status(error.status)
    .setHeader('cache-control', 'no-store')
    .type(mediaType)
    .send(JSON.stringify(errorEnvelope(error.code, error.message, error.extensions)));
}
