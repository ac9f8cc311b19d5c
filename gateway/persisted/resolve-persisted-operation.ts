import type { NextFunction, Request, Response } from 'express';
import type { Principal } from '../../resolvers/context';
import type { PersistedOperations } from './persisted-operations';

export type PersistedOperationsMode = 'allow' | 'require';

interface GraphQLRequestBody {
  query?: string;
  documentId?: string;
  operationName?: string;
  extensions?: { persistedQuery?: { sha256Hash?: string } };
}

/**
 * Runs a registered operation by id: `documentId` (GraphQL over HTTP) or
 * `extensions.persistedQuery.sha256Hash` (Apollo Client's persisted-query link), by
 * POST or GET. Partners — and everyone when the mode is `require` — may run nothing
 * else. The operation's declared purpose becomes the request's purpose.
 */
export function resolvePersistedOperation(operations: PersistedOperations, mode: PersistedOperationsMode) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const principal = res.locals.principal as Principal | undefined;
    // Only the Sandbox page goes without a caller, and it runs no operation.
    if (!principal) return next();
    const request = requestOf(req);
    const id = request.documentId ?? request.extensions?.persistedQuery?.sha256Hash;
    const registeredOnly = mode === 'require' || principal.clientKind === 'partner';
    const fail = (status: number, code: string, message: string) => void res.status(status).json({ errors: [{ message, extensions: { code } }] });

    if (id === undefined) {
      if (registeredOnly) return fail(400, 'PERSISTED_QUERY_REQUIRED', 'This client may only run its registered operations, by id');
      return next();
    }
    const operation = operations.find(principal.clientId, id);
    if (!operation) {
      // First-party automatic persisted queries are Apollo Server's business.
      if (!registeredOnly && request.documentId === undefined) return next();
      return fail(400, 'PERSISTED_QUERY_NOT_FOUND', 'PersistedQueryNotFound');
    }
    const allowed = (res.locals.allowedPurposes as string[] | undefined) ?? [principal.purpose];
    if (!allowed.includes(operation.purpose)) {
      return fail(403, 'PURPOSE_NOT_ALLOWED', `This token may not be used for the purpose "${operation.purpose}"`);
    }
    res.locals.principal = { ...principal, purpose: operation.purpose } satisfies Principal;
    const { documentId: _id, extensions: _extensions, ...rest } = request;
    const resolved = { ...rest, query: operation.body, operationName: operation.name };
    if (req.method === 'GET') {
      // Apollo Server reads a GET operation from the URL's query string.
      const search = new URLSearchParams({ query: operation.body, operationName: operation.name });
      const variables = (req.query as Record<string, unknown>).variables;
      if (typeof variables === 'string') search.set('variables', variables);
      req.url = `${req.path}?${search.toString()}`;
    } else {
      req.body = resolved;
    }
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
