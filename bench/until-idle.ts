/**
 * Resolves once `count` (say, subgraph calls so far) has not moved for `quietMs`. A load run
 * ends with requests still in flight; without waiting for them, the next measured run would
 * start behind that backlog and be charged for its CPU, SQL and subgraph calls.
 */
export async function untilIdle(count: () => number | Promise<number>, quietMs = 250, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = await count();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, quietMs));
    const now = await count();
    if (now === last || Date.now() > deadline) return;
    last = now;
  }
}
