import type { NextFunction, Request, Response } from 'express';
import type { Logger } from './logger';

/**
 * The last express error handler: a body that is not JSON, too large, or any other
 * failure before GraphQL runs gets a GraphQL-shaped JSON error, never express's
 * HTML page with a stack trace.
 */
export function jsonErrorHandler(logger: Logger) {
  return (error: unknown, _req: Request, res: Response, _next: NextFunction): void => {
    const status = typeof (error as { status?: unknown }).status === 'number' ? (error as { status: number }).status : 500;
    const message =
      status === 413 ? 'Request body is too large'
      : status === 400 ? 'Request body is not valid JSON'
      : status < 500 ? 'Bad request'
      : 'Internal error';
    if (status >= 500) logger.error({ err: error }, 'request failed');
    res.status(status).json({ errors: [{ message, extensions: { code: status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR' } }] });
  };
}
