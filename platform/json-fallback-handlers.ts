import type { NextFunction, Request, Response } from 'express';
import { sendGraphQLError } from './graphql-error-response';
import type { Logger } from './logger';
import { ErrorCode } from '../contracts/error-codes';

/**
 * The last express handlers: a path nobody serves gets 404, and a body that is not JSON,
 * too large, or any other failure before GraphQL runs gets a GraphQL-shaped JSON error,
 * never express's HTML page with a stack trace.
 */
export function jsonFallbackHandlers(logger: Logger) {
  const notFound = (req: Request, res: Response): void => {
    sendGraphQLError(req, res, { status: 404, code: ErrorCode.NotFound, message: 'Not found' });
  };
  const failed = (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const status = typeof (error as { status?: unknown }).status === 'number' ? (error as { status: number }).status : 500;
    const message =
      status === 413
        ? 'Request body is too large'
        : status === 400
          ? 'Request body is not valid JSON'
          : status < 500
            ? 'Bad request'
            : 'Internal error';
    if (status >= 500) logger.error({ err: error }, 'request failed');
    sendGraphQLError(req, res, { status, code: status < 500 ? ErrorCode.BadRequest : ErrorCode.Internal, message });
  };
  return [notFound, failed];
}
