import cluster from 'node:cluster';

/** Set in each worker: which of the N slots it fills (1…N), stable across restarts of that slot. */
export const WORKER_SLOT_VARIABLE = 'WORKER_SLOT';

export function workerSlot(): number | undefined {
  const slot = Number(process.env[WORKER_SLOT_VARIABLE]);
  return cluster.isWorker && Number.isInteger(slot) && slot > 0 ? slot : undefined;
}
