import type { Principal } from '../resolvers/context';

/**
 * Per-request state in the gateway. `principal` is where identity will put the
 * verified caller; data sources forward `requestId` to every subgraph.
 */
export interface GatewayContext {
  requestId: string;
  principal: Principal | null;
}
