/**
 * Who is asking. Filled from the gateway's signed internal token once identity is
 * in place; `null` means the request carried no principal.
 */
export interface Principal {
  subject: string;
  scopes: string[];
  purpose?: string;
  clientId?: string;
  clientKind?: 'first-party' | 'partner';
}

/** What every subgraph resolver receives. Loaders are new for every request. */
export interface SubgraphContext<Loaders> {
  requestId: string;
  principal: Principal | null;
  loaders: Loaders;
}
