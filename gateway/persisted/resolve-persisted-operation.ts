import type { NextFunction, Request, Response } from 'express';
import { sendGraphQLError } from '../../platform/graphql-error-response';
import type { AuditSink } from '../audit/audit-record';
import { refusalRecord } from '../audit/records';
import { requestStateOf } from '../request-state';
import { sha256 } from '../../platform/sha256';
import type { PersistedOperations } from './persisted-operations';
import { persistedOperationRequest } from './persisted-operation-request';
import { httpGraphQLRequestOf } from '../http-graphql-request';
import { ErrorCode, type ErrorCodeValue } from '../../contracts/error-codes';

export type PersistedOperationsMode = 'allow' | 'require';

interface GraphQLRequestBody {
  query?: string;
  documentId?: string;
  operationName?: string;
  extensions?: { persistedQuery?: { version?: unknown; sha256Hash?: unknown } };
}

/**
 * Runs a registered operation by id: `documentId` (GraphQL over HTTP) or
 * `extensions.persistedQuery.sha256Hash` (Apollo Client's persisted-query link), by
 * POST or GET. Partners — and everyone when the mode is `require` — may run nothing
 * else. The operation's declared purpose becomes the request's purpose, and the operation
 * what Apollo executes (`persistedOperationRequest`, kept in the request's state).
 */
export function resolvePersistedOperation(operations: PersistedOperations, mode: PersistedOperationsMode, audit: AuditSink) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const state = requestStateOf(res);
    const { principal } = state;
    // Only the Sandbox page goes without a caller, and it runs no operation.
    if (!principal) return next();
    const request = requestOf(req);
    const id = request.documentId ?? (request.extensions?.persistedQuery?.sha256Hash as string | undefined);
    const registeredOnly = mode === 'require' || principal.clientKind === 'partner';
    const fail = (
      status: number,
      code: ErrorCodeValue,
      message: string,
      operationName: string | null = request.operationName ?? operationNameIn(request.query),
    ) => {
      // A verified caller refused: the attempt is on record, under the id it asked for.
      const operationHash = isSha256(id) ? id : typeof request.query === 'string' ? sha256(request.query) : '';
      audit(refusalRecord({ ...state, principal }, { operationName, operationHash }, code));
      sendGraphQLError(req, res, { status, code, message });
    };

    const apq = request.extensions?.persistedQuery;
    if (apq !== undefined) {
      // Apollo Server answers these with an unnamed 500-like error; callers get a code.
      if (apq === null || typeof apq !== 'object' || (apq as { version?: unknown }).version !== 1) {
        return void sendGraphQLError(req, res, {
          status: 400,
          code: ErrorCode.PersistedQueryVersionNotSupported,
          message: 'Only version 1 of the persisted query protocol is supported',
        });
      }
      if (!isSha256(apq.sha256Hash)) {
        return void sendGraphQLError(req, res, {
          status: 400,
          code: ErrorCode.PersistedQueryHashInvalid,
          message: 'extensions.persistedQuery.sha256Hash must be a sha256 hash in lower-case hex',
        });
      }
      if (typeof request.query === 'string' && sha256(request.query) !== apq.sha256Hash) {
        return void sendGraphQLError(req, res, {
          status: 400,
          code: ErrorCode.PersistedQueryHashMismatch,
          message: 'extensions.persistedQuery.sha256Hash is not the hash of the query sent with it',
        });
      }
    }
    if (id === undefined) {
      if (registeredOnly) return fail(400, ErrorCode.PersistedQueryRequired, 'This client may only run its registered operations, by id');
      return next();
    }
    const operation = operations.find(principal.clientId, id);
    if (!operation) {
      // First-party automatic persisted queries are Apollo Server's business.
      if (!registeredOnly && request.documentId === undefined) return next();
      return fail(400, ErrorCode.PersistedQueryNotFound, 'PersistedQueryNotFound');
    }
    const allowed = state.allowedPurposes ?? [principal.purpose];
    if (!allowed.includes(operation.purpose)) {
      return fail(403, ErrorCode.PurposeNotAllowed, `This token may not be used for the purpose "${operation.purpose}"`, operation.name);
    }
    state.principal = { ...principal, purpose: operation.purpose };
    state.graphqlRequest = persistedOperationRequest(operation, httpGraphQLRequestOf(req));
    next();
  };
}

function requestOf(req: Request): GraphQLRequestBody {
  if (req.method !== 'GET') return (req.body ?? {}) as GraphQLRequestBody;
  const query = req.query as Record<string, string | undefined>;
  let extensions: GraphQLRequestBody['extensions'];
  try {
    extensions = query.extensions ? JSON.parse(query.extensions) : undefined;
  } catch {
    extensions = undefined;
  }
  return { query: query.query, documentId: query.documentId, operationName: query.operationName, extensions };
}

/** The name a document gives its (first) operation, read without parsing it: for the record of a refused attempt. */
function operationNameIn(query: unknown): string | null {
  return typeof query === 'string'
    ? (/^\s*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]{0,199})/.exec(query)?.[1] ?? null)
    : null;
}

/** A sha256 in lower-case hex, as persisted-operation ids are. */
function isSha256(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
}
