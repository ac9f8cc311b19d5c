import type { HTTPGraphQLRequest } from '@apollo/server';
import type { NextFunction, Request, Response } from 'express';
import Negotiator from 'negotiator';
import type { Logger } from '../../platform/logger';
import { sendGraphQLError } from '../../platform/graphql-error-response';
import type { Policy } from '../../policy/policy';
import type { AuditSink } from '../audit/audit-record';
import { refusalRecord } from '../audit/records';
import { httpGraphQLRequestOf } from '../http-graphql-request';
import { requestStateOf } from '../request-state';
import { AuthenticationError, principalFromToken, PurposeNotAllowedError } from './principal-from-token';
import type { TokenVerifier } from './token-verifier';
import { ErrorCode } from '../../contracts/error-codes';

/** Who is told of what identity refuses (exported as `authenticate`'s parameter). */
export interface AuthenticationWitnesses {
  logger: Logger;
  /** Told of every request refused for want of a valid token (no subject to audit: counted and logged). */
  onUnauthenticated: (reason: string) => void;
  /** Verified callers refused here (a purpose their token does not allow) are audited. */
  audit: AuditSink;
}

/**
 * Express middleware in front of GraphQL: no valid token, nothing runs and nothing
 * of the schema is revealed (401). The verified caller goes into the request's state.
 */
export function authenticate(verifier: TokenVerifier, policy: Policy, options: { sandbox: boolean }, witnesses: AuthenticationWitnesses) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const state = requestStateOf(res);
    if (options.sandbox && getsLandingPage(req)) {
      state.graphqlRequest = landingPageRequest(req);
      return next();
    }
    const token = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(req.header('authorization') ?? '')?.[1];
    let payload: Awaited<ReturnType<typeof verifier.verify>>;
    try {
      if (!token) throw new AuthenticationError('An Authorization: Bearer token is required');
      payload = await verifier.verify(token).catch(() => {
        throw new AuthenticationError('The token is not valid');
      });
      const { principal, allowedPurposes } = principalFromToken(payload, req.header('x-purpose') || undefined, policy);
      state.principal = principal;
      state.allowedPurposes = allowedPurposes;
      next();
    } catch (error) {
      if (error instanceof PurposeNotAllowedError) {
        // Named in the refusal's log line: a verified client probing for purposes it does not hold.
        state.principal = error.principal;
        witnesses.audit(
          refusalRecord({ ...state, principal: error.principal }, { operationName: null, operationHash: '' }, ErrorCode.PurposeNotAllowed),
        );
        return sendGraphQLError(req, res, { status: 403, code: ErrorCode.PurposeNotAllowed, message: error.message });
      }
      const message = error instanceof AuthenticationError ? error.message : 'The token is not valid';
      witnesses.onUnauthenticated(token ? 'invalid_token' : 'no_token');
      witnesses.logger.warn({ requestId: state.requestId, reason: message, ip: req.ip }, 'unauthenticated request refused');
      sendGraphQLError(req, res, { status: 401, code: ErrorCode.Unauthenticated, message });
    }
  };
}

/** Apollo Server's own test for the landing page (a GET that prefers HTML over every GraphQL media type), so the two can never disagree. */
const LANDING_PAGE_RIVALS = [
  'application/json; charset=utf-8',
  'application/graphql-response+json; charset=utf-8',
  'multipart/mixed; deferSpec=20220824',
  'multipart/mixed; incrementalSpec=v0.2',
  'multipart/mixed',
  'text/html',
];

function getsLandingPage(req: Request): boolean {
  const accept = req.header('accept');
  return req.method === 'GET' && !!accept && new Negotiator({ headers: { accept } }).mediaType(LANDING_PAGE_RIVALS) === 'text/html';
}

/** The Sandbox page and nothing else, as the request Apollo executes: whatever the query string says, no operation is read from it. */
function landingPageRequest(req: Request): HTTPGraphQLRequest {
  return { ...httpGraphQLRequestOf(req), search: '' };
}
