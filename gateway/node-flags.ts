import { nodeFlagsOf } from '../platform/node-flags';

/**
 * The Node.js flags `npm run start:gateway` starts the gateway with. A heap cap: without
 * one, V8 on a large machine lets the heap grow to several times what is live before it
 * collects, and under 50 clients the gateway's RSS with it (≈ 300 MB instead of ≈ 170 MB,
 * for the same CPU). A young generation twice V8's default: under 50 clients each answer
 * lives for hundreds of milliseconds, long enough to survive the default's frequent
 * scavenges and be copied into the old generation; the larger one cut garbage collection
 * from about 26 % to 21 % of the gateway's busy time for ≈ 30 MB more RSS. Collection on the
 * main thread alone: with the cores shared (subgraphs, databases, other replicas), V8's
 * parallel and concurrent collector threads cost more CPU per request than they save. The bench and
 * the soak start the gateway with these same flags, so they measure what production runs.
 */
export function gatewayNodeFlags(): string[] {
  return nodeFlagsOf('start:gateway');
}
