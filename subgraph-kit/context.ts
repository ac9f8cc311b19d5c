import type { Principal } from '../contracts/principal';

/** What every subgraph resolver receives. Loaders are new for every request and principal. */
export interface SubgraphContext<Loaders> {
  requestId: string;
  principal: Principal;
  loaders: Loaders;
}
