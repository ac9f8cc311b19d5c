import type { NextFunction, Request, Response } from 'express';
import type { Logger } from './logger';

/**
 * The last express handlers: a path nobody serves gets 404, and a body that is not JSON,
 * too large, or any other failure before GraphQL runs gets a GraphQL-shaped JSON error,
 * never express's HTML page with a stack trace.
 */
export function jsonFallbackHandlers(logger: Logger) {
  const notFound = (_req: Request, res: Response): void => {
    res.status(404).json({ errors: [{ message: 'Not found', extensions: { code: 'NOT_FOUND' } }] });
  };
  const failed = (error: unknown, _req: Request, res: Response, _next: NextFunction): void => {
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
    res.status(status).json({ errors: [{ message, extensions: { code: status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR' } }] });
  };
  return [notFound, failed];
}
