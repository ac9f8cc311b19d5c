import { HeaderMap, type HTTPGraphQLRequest } from '@apollo/server';
import type { PersistedOperation } from '../../contracts/persisted-operation';
import { persistedOperationRequest } from './persisted-operation-request';

const OPERATION: PersistedOperation = {
  id: 'a'.repeat(64),
  name: 'Lookup',
  type: 'query',
  body: 'query Lookup($id: ID!) { customer(id: $id) { name } }',
  purpose: 'sales',
};
const headers = new HeaderMap([['accept', 'application/json']]);

describe('persistedOperationRequest', () => {
  it('makes a GET the registered operation, with the variables sent and nothing else of the query string', () => {
    const sent: HTTPGraphQLRequest = {
      method: 'GET',
      headers,
      search: `?documentId=${OPERATION.id}&variables=%7B%22id%22%3A%221%22%7D&extensions=%7B%7D&other=1`,
      body: undefined,
    };
    const request = persistedOperationRequest(OPERATION, sent);
    expect(request.method).toBe('GET');
    expect(request.headers).toBe(headers);
    expect(Object.fromEntries(new URLSearchParams(request.search))).toEqual({
      query: OPERATION.body,
      operationName: 'Lookup',
      variables: '{"id":"1"}',
    });
  });

  it('leaves out variables sent twice in a GET, as express reads them', () => {
    const sent: HTTPGraphQLRequest = { method: 'GET', headers, search: '?variables=%7B%7D&variables=%7B%7D', body: undefined };
    expect([...new URLSearchParams(persistedOperationRequest(OPERATION, sent).search).keys()]).toEqual(['query', 'operationName']);
  });

  it('makes a POST the registered operation, keeping the rest of its body but the id', () => {
    const sent: HTTPGraphQLRequest = {
      method: 'POST',
      headers,
      search: '?ignored=1',
      body: { documentId: OPERATION.id, extensions: { persistedQuery: {} }, variables: { id: '1' }, operationName: 'Other', query: 'x' },
    };
    expect(persistedOperationRequest(OPERATION, sent)).toEqual({
      method: 'POST',
      headers,
      search: '?ignored=1',
      body: { variables: { id: '1' }, query: OPERATION.body, operationName: 'Lookup' },
    });
  });
});
