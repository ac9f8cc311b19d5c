import type { NextFunction, Request, Response } from 'express';
import type { Policy } from '../../policy/policy';
import type { Principal } from '../../resolvers/context';
import { AuthenticationError, principalFromToken, PurposeNotAllowedError } from './principal-from-token';
import type { TokenVerifier } from './token-verifier';

/**
 * Express middleware in front of GraphQL: no valid token, nothing runs and nothing
 * of the schema is revealed (401). The verified caller is left in `res.locals.principal`.
 */
export function authenticate(verifier: TokenVerifier, policy: Policy, options: { sandbox: boolean }) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    // A browser opening /graphql gets Apollo Sandbox: a page, no data.
    if (options.sandbox && isLandingPageRequest(req)) return next();
    const token = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(req.header('authorization') ?? '')?.[1];
    try {
      if (!token) throw new AuthenticationError('An Authorization: Bearer token is required');
      const payload = await verifier.verify(token).catch(() => {
        throw new AuthenticationError('The token is not valid');
      });
      const { principal, allowedPurposes } = principalFromToken(payload, req.header('x-purpose') || undefined, policy);
      res.locals.principal = principal satisfies Principal;
      res.locals.allowedPurposes = allowedPurposes;
      next();
    } catch (error) {
      const forbidden = error instanceof PurposeNotAllowedError;
      const known = forbidden || error instanceof AuthenticationError;
      res
        .status(forbidden ? 403 : 401)
        .setHeader('cache-control', 'no-store')
        .json({ errors: [{ message: known ? (error as Error).message : 'The token is not valid', extensions: { code: forbidden ? 'PURPOSE_NOT_ALLOWED' : 'UNAUTHENTICATED' } }] });
    }
  };
}

function isLandingPageRequest(req: Request): boolean {
  const query = req.query as Record<string, unknown>;
  return req.method === 'GET' && query.query === undefined && query.extensions === undefined && query.documentId === undefined && req.accepts('html') === 'html';
}
