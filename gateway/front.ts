import { randomUUID } from 'node:crypto';
import type { ApolloServer } from '@apollo/server';
import express, { type RequestHandler, type Router } from 'express';
import { ErrorCode } from '../contracts/error-codes';
import { refusalOf } from '../platform/graphql-error-response';
import type { Logger } from '../platform/logger';
import type { Policy } from '../policy/policy';
import { apolloStep } from './apollo-step';
import { corsStep } from './cors';
import type { AuditSink } from './audit/audit-record';
import type { GatewayContext } from './gateway-context';
import { authenticate } from './identity/authenticate';
import type { TokenVerifier } from './identity/token-verifier';
import type { RateLimits } from './limits/rate-limits';
import type { PersistedOperations } from './persisted/persisted-operations';
import { type PersistedOperationsMode, resolvePersistedOperation } from './persisted/resolve-persisted-operation';
import { type RequestState, setRequestState } from './request-state';

/** The GraphQL endpoint: this path exactly (not /GRAPHQL, not /graphql/anything). */
export const GRAPHQL_PATH = '/graphql';

/** One step in front of GraphQL, and why it stands where it does (exported as the element of `frontSteps`' list). */
export interface FrontStep {
  name: string;
  why: string;
  handler: RequestHandler;
}

/** What the steps in front of GraphQL are made of (exported as `frontSteps`' parameter). */
export interface FrontParts {
  verifier: TokenVerifier;
  policy: Policy;
  /** Whether a browser's GET gets the Sandbox page (served by Apollo, through the sandbox plugin). */
  sandbox: boolean;
  /** The browser origins allowed to call the endpoint (CORS_ORIGINS); none: no CORS header on any answer. */
  corsOrigins: readonly string[];
  limits: RateLimits;
  operations: PersistedOperations;
  persistedOperations: PersistedOperationsMode;
  apollo: ApolloServer<GatewayContext>;
  logger: Logger;
  audit: AuditSink;
  onUnauthenticated: (reason: string) => void;
}

/**
 * Every step a request to the GraphQL endpoint passes, in order. Each hands what it learnt to
 * the next through the request's state (`request-state.ts`); one that answers (a CORS preflight,
 * 401, 403, 429, a refused persisted operation) ends the request there. What fails with an error (a body that is
 * no JSON, a rate-limit store down) falls through to the service's JSON fallback handlers.
 */
export function frontSteps(parts: FrontParts): FrontStep[] {
  return [
    {
      name: 'request ids',
      why:
        'First: every later step logs, audits and answers under the ids it sets; and a request the gateway itself refuses ' +
        '(403, 413, 429, a refused persisted operation, …) gets one log line under them when its answer is sent.',
      handler: requestIds(parts.logger),
    },
    {
      name: 'CORS',
      why:
        "Before identity: a browser's preflight from an allowed origin carries no token, so it is answered here (204) and never " +
        "reaches identity or the rate limits; and every later answer, the gateway's own refusals (401, 403, 413, 429) included, " +
        'carries the allowed origin, so the app can read why. Other origins, and requests without one, pass untouched.',
      handler: corsStep(parts.corsOrigins),
    },
    {
      name: 'identity',
      why:
        'Before anything is counted, read or run: a caller without a valid token costs nothing and learns nothing ' +
        "(a browser's GET of the Sandbox page alone goes on, as that page and nothing else).",
      handler: authenticate(
        parts.verifier,
        parts.policy,
        { sandbox: parts.sandbox },
        { logger: parts.logger, audit: parts.audit, onUnauthenticated: parts.onUnauthenticated },
      ),
    },
    {
      name: 'rate limits',
      why: 'After identity, as budgets are per client and subject, and before the body is read, so a caller over budget costs no parsing.',
      handler: parts.limits.check,
    },
    {
      name: 'body',
      why: 'JSON of at most 1 MB, read only for a known caller within budget, and before the step that finds the operation id in it.',
      handler: express.json({ limit: '1mb' }),
    },
    {
      name: 'persisted operations',
      why:
        "After identity and body, as it needs the caller (its client's registry, its token's purposes) and the id; " +
        'just before Apollo, as it settles what Apollo executes.',
      handler: resolvePersistedOperation(parts.operations, parts.persistedOperations, parts.audit),
    },
    {
      name: 'Apollo',
      why: 'Last: it executes what the steps before settled on, with the caller they verified as its context.',
      handler: apolloStep(parts.apollo),
    },
  ];
}

/** The GraphQL endpoint, on `GRAPHQL_PATH` exactly, with its steps in their order. */
export function graphqlEndpoint(steps: readonly FrontStep[]): Router {
  const router = express.Router({ caseSensitive: true, strict: true });
  router.all(GRAPHQL_PATH, ...steps.map((step) => step.handler));
  return router;
}

/**
 * The gateway's own id for the request (also in the `x-request-id` response header), and the client's beside it;
 * and, once the request is over, one line for a request the gateway refused itself rather than Apollo answering it
 * (on `close`, which comes whether or not the answer reached a caller who hung up; `finish` comes only if it did).
 * A 401 is logged by identity, with the reason, as there is no caller to name.
 */
function requestIds(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const requestId = randomUUID();
    res.setHeader('x-request-id', requestId);
    const state: RequestState = { requestId, clientRequestId: validRequestId(req.header('x-request-id')) ?? null };
    setRequestState(res, state);
    res.once('close', () => {
      const refusal = refusalOf(res);
      // A failure (5xx) is logged where it happens, with its cause; it is no refusal.
      if (!refusal || refusal.code === ErrorCode.Unauthenticated || refusal.status >= 500) return;
      logger.info(
        {
          requestId,
          ...(state.clientRequestId ? { clientRequestId: state.clientRequestId } : {}),
          clientId: state.principal?.clientId ?? null,
          status: refusal.status,
          errorCodes: [refusal.code],
        },
        'request refused',
      );
    });
    next();
  };
}

/** A caller's request id is kept only when it looks like one (it ends up in logs and headers). */
function validRequestId(value: string | undefined): string | undefined {
  return value && /^[A-Za-z0-9._:-]{8,128}$/.test(value) ? value : undefined;
}
