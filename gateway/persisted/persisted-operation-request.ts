import { parse as parseQueryString } from 'node:querystring';
import type { HTTPGraphQLRequest } from '@apollo/server';
import type { PersistedOperation } from '../../contracts/persisted-operation';

/**
 * A registered operation as the request Apollo executes: the operation's document and name in
 * place of the id the client sent, with the client's variables. A GET stays a GET (Apollo reads
 * it from the query string, and runs no mutation sent by GET), its other parameters dropped; a
 * POST keeps the rest of its body.
 */
export function persistedOperationRequest(operation: PersistedOperation, sent: HTTPGraphQLRequest): HTTPGraphQLRequest {
  if (sent.method === 'GET') {
    const search = new URLSearchParams({ query: operation.body, operationName: operation.name });
    // Read as express reads the query string: a parameter sent twice is no string, and is left out.
    const { variables } = parseQueryString(sent.search.replace(/^\?/, ''));
    if (typeof variables === 'string') search.set('variables', variables);
    return { ...sent, search: `?${search.toString()}` };
  }
  const { documentId: _id, extensions: _extensions, ...rest } = (sent.body ?? {}) as Record<string, unknown>;
  return { ...sent, body: { ...rest, query: operation.body, operationName: operation.name } };
}
