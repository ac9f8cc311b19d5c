import type { Principal } from '../contracts/principal';

/** Per-request state in the gateway: the verified caller, and the id every log line and subgraph call carries. */
export interface GatewayContext {
  /** The gateway's own id for this request. */
  requestId: string;
  /** The client's `x-request-id`, when it sent one that looks like an id: kept beside ours, never instead of it. */
  clientRequestId: string | null;
  principal: Principal;
}
