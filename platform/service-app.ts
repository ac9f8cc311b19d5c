import express, { type Express } from 'express';

/**
 * An Express app as every service here starts one: no `X-Powered-By` header, and no ETag.
 * Answers are per caller and never revalidated, so hashing every body for an ETag is wasted
 * work (it showed in profiles of large `_entities` answers).
 */
export function createServiceApp(): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  return app;
}
