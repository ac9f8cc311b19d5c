import type { Principal } from '../resolvers/context';

/** Per-request state in the gateway: the verified caller, and the id every log line and subgraph call carries. */
export interface GatewayContext {
  requestId: string;
  principal: Principal;
}
