/** Who is asking, as the gateway verified it and passed it on in the internal token. */
export interface Principal {
  subject: string;
  scopes: string[];
  /** The one purpose this request serves. */
  purpose: string;
  clientId: string;
  clientKind: 'first-party' | 'partner';
}

/** Everything that decides what a caller may see, as one string (for caches that must never mix callers). */
export function principalKey(principal: Principal): string {
  return `${principal.subject}|${principal.clientId}|${principal.clientKind}|${principal.purpose}|${principal.scopes.join(' ')}`;
}

/** What every subgraph resolver receives. Loaders are new for every request and principal. */
export interface SubgraphContext<Loaders> {
  requestId: string;
  principal: Principal;
  loaders: Loaders;
}
