/** One registered operation, as in Apollo's persisted query manifest (plus the purpose it serves). */
export interface PersistedOperation {
  id: string;
  name: string;
  type: 'query' | 'mutation' | 'subscription';
  body: string;
  purpose: string;
}

/** `persisted-operations/<client id>/manifest.json`: what a partner client may run. */
export interface Manifest {
  format: 'apollo-persisted-query-manifest';
  version: 1;
  operations: PersistedOperation[];
}
