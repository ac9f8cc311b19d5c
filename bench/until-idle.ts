/**
 * Resolves once `count` (say, subgraph calls so far) has not moved for `quietMs`: true then,
 * false when it was still moving at the deadline. A load run ends with requests still in
 * flight; without waiting for them, the next measured run would start behind that backlog and
 * be charged for its CPU, SQL and subgraph calls. Counting arrivals is enough: once the load
 * has stopped, a subgraph call takes tens of milliseconds, far less than the quiet period.
 */
export async function untilIdle(count: () => number | Promise<number>, quietMs = 250, timeoutMs = 60_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let last = await count();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, quietMs));
    const now = await count();
    if (now === last) return true;
    if (Date.now() > deadline) return false;
    last = now;
  }
}
